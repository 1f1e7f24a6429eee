package io.llmgateway.core.config;

import static io.llmgateway.core.config.ConfigKeys.*;

/** Reads {@code storage:} into a {@link StorageConfig} ({@code runtime} is validated, not used yet). */
final class StorageConfigReader {

    private StorageConfigReader() {
    }

    static StorageConfig read(ConfigNode root) {
        ConfigNode n = STORAGE.open(root);
        ConfigNode r = STORAGE_RUNTIME.open(n);
        return new StorageConfig(readConfigStore(n), STORAGE_RUNTIME_TYPE.read(r), STORAGE_RUNTIME_ADDR.read(r),
                STORAGE_RUNTIME_PASSWORD.read(r), dataDir(n));
    }

    private static String dataDir(ConfigNode n) {
        String dir = STORAGE_DATA_DIR.read(n);
        if (dir.isBlank()) {
            STORAGE_DATA_DIR.node(n).problem("must not be blank (expected: a directory path)");
        }
        return dir;
    }

    /** {@code storage.config} under {@code storage}'s node; a URL is required for {@code http}. */
    static ConfigStoreConfig readConfigStore(ConfigNode storage) {
        ConfigNode c = STORAGE_CONFIG.open(storage);
        String type = STORAGE_CONFIG_TYPE.read(c);
        String url = STORAGE_CONFIG_URL.read(c);
        if (type.equals("http")) {
            ConfigNode urlNode = STORAGE_CONFIG_URL.node(c);
            if (url.isBlank()) {
                urlNode.problem("required when storage.config.type is http (expected: an http:// or https:// URL)");
            } else if (!url.startsWith("http://") && !url.startsWith("https://")) {
                urlNode.problem("got " + urlNode.quote(url) + " (expected: an http:// or https:// URL)");
            }
        }
        return new ConfigStoreConfig(type, STORAGE_CONFIG_PATH.read(c), url, STORAGE_CONFIG_BEARER_TOKEN.read(c),
                STORAGE_CONFIG_POLL_INTERVAL_MS.read(c), STORAGE_CONFIG_TIMEOUT_MS.read(c),
                STORAGE_CONFIG_WATCH.read(c), STORAGE_CONFIG_WATCH_DEBOUNCE_MS.read(c));
    }
}
