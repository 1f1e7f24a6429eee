package io.llmgateway.core.config;

import static io.llmgateway.core.config.ConfigKeys.*;

import java.util.List;

/** Reads {@code cache:} into a {@link CacheConfig}. */
final class CacheConfigReader {

    private CacheConfigReader() {
    }

    static CacheConfig read(ConfigNode root) {
        ConfigNode n = CACHE.open(root);
        List<String> models = names(n, CACHE_MODELS);
        List<String> excludeModels = names(n, CACHE_EXCLUDE_MODELS);
        List<String> keys = names(n, CACHE_KEYS);
        List<String> excludeKeys = names(n, CACHE_EXCLUDE_KEYS);
        notInBoth(n, CACHE_EXCLUDE_MODELS, excludeModels, models);
        notInBoth(n, CACHE_EXCLUDE_KEYS, excludeKeys, keys);
        long maxBytes = CACHE_MAX_BYTES.read(n);
        int maxEntryBytes = CACHE_MAX_ENTRY_BYTES.read(n);
        if (maxEntryBytes > maxBytes) {
            CACHE_MAX_ENTRY_BYTES.node(n).problem("got " + maxEntryBytes + " (expected: at most cache.max_bytes, "
                    + maxBytes + ")");
        }
        return new CacheConfig(CACHE_ENABLED.read(n), CACHE_TTL_MS.read(n), maxBytes, maxEntryBytes,
                CACHE_SCOPE.read(n).equals("per_key"), models, excludeModels, keys, excludeKeys);
    }

    private static List<String> names(ConfigNode n, ConfigKey.StringListKey key) {
        List<String> names = key.read(n);
        for (String name : names) {
            if (name.isBlank()) {
                key.node(n).problem("has a blank entry (expected: a name)");
            }
        }
        return names;
    }

    private static void notInBoth(ConfigNode n, ConfigKey.StringListKey excludeKey, List<String> excluded,
            List<String> included) {
        for (String name : excluded) {
            if (included.contains(name)) {
                excludeKey.node(n).problem("'" + name + "' is also in " + excludeKey.path().replace("exclude_", "")
                        + " (expected: a name in one of the two lists)");
            }
        }
    }
}
