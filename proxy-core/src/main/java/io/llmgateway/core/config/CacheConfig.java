package io.llmgateway.core.config;

import java.util.List;

/**
 * {@code cache:} — the response cache: whether it is on, how long an answer is kept, how much
 * memory the embedded store may hold, whose answers it shares, and which models and client keys
 * it serves.
 *
 * @param enabled       whether answers are stored and served (off by default)
 * @param ttlMs         how long a stored answer is served
 * @param maxBytes      the embedded store's budget (answers plus their bookkeeping); read at start
 * @param maxEntryBytes a larger answer is not stored
 * @param perKey        whether an answer is served only to the client key it was made for
 *                      ({@code scope: per_key}); else to every client that sends the same request
 * @param models        the models (as the client names them) that are cached; empty = every one
 * @param excludeModels models never cached
 * @param keys          the client keys (virtual key ids, or {@code server.api_keys}' ids) whose
 *                      requests are cached; empty = every client, with a key or without
 * @param excludeKeys   client keys whose requests are never cached
 */
public record CacheConfig(boolean enabled, long ttlMs, long maxBytes, int maxEntryBytes, boolean perKey,
        List<String> models, List<String> excludeModels, List<String> keys, List<String> excludeKeys) {

    /** The default: off. */
    public static final CacheConfig OFF = new CacheConfig(false, 300_000, 64L * 1024 * 1024, 1024 * 1024, true,
            List.of(), List.of(), List.of(), List.of());

    public CacheConfig {
        models = List.copyOf(models);
        excludeModels = List.copyOf(excludeModels);
        keys = List.copyOf(keys);
        excludeKeys = List.copyOf(excludeKeys);
    }

    /**
     * Whether a request for {@code model} by {@code clientKeyId} (null: a client without a key) may
     * be answered from, and stored in, the cache. A few short list scans: the lists are small.
     */
    public boolean appliesTo(String model, String clientKeyId) {
        if (!enabled) {
            return false;
        }
        if (!models.isEmpty() && !models.contains(model) || excludeModels.contains(model)) {
            return false;
        }
        if (clientKeyId == null) {
            return keys.isEmpty();
        }
        return (keys.isEmpty() || keys.contains(clientKeyId)) && !excludeKeys.contains(clientKeyId);
    }
}
