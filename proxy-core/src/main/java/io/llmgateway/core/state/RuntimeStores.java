package io.llmgateway.core.state;

import io.llmgateway.core.config.RuntimeStoreConfig;

/** Opens the runtime store {@code storage.runtime} names. */
public final class RuntimeStores {

    private RuntimeStores() {
    }

    /**
     * The shared store of {@code config}; null for the embedded one ({@code memory}), which shares
     * nothing and needs no state thread. Connects lazily: a Redis that is down at start is a
     * fallback to local limits, not a failed start.
     */
    public static RuntimeStore open(RuntimeStoreConfig config) {
        if (!config.redis()) {
            return null;
        }
        return new io.llmgateway.core.state.redis.RedisRuntimeStore(config);
    }
}
