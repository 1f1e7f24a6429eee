package io.llmgateway.core.config;

/**
 * {@code storage:} — where config comes from and where runtime state (usage windows) lives.
 *
 * @param config        where the configuration comes from ({@code storage.config})
 * @param runtime       where the state shared by instances lives ({@code storage.runtime})
 * @param dataDir       the embedded store's directory (run-time virtual keys, teams, spend)
 * @param objectOwners  how many stored objects' keys are remembered, and how long
 */
public record StorageConfig(ConfigStoreConfig config, RuntimeStoreConfig runtime, String dataDir,
        ObjectOwnerLimits objectOwners) {

    /**
     * {@code storage.object_owners}: the bounds of the table of which key created each stored
     * response, file and batch.
     *
     * @param maxEntries ids remembered at most (the oldest learnt go first)
     * @param ttlMs      how long one is remembered
     */
    public record ObjectOwnerLimits(int maxEntries, long ttlMs) {
    }

    /** {@code memory} (default, embedded) or {@code redis}. */
    public String runtimeType() {
        return runtime.type();
    }

    /** {@code host:port} of a single Redis. */
    public String redisAddr() {
        return runtime.addr();
    }

    /** The Redis password; empty for none. */
    public String redisPassword() {
        return runtime.password();
    }

    /** {@code file} (default) or {@code http}. */
    public String configType() {
        return config.type();
    }

    /** The file path or URL the configuration comes from, as written ({@code storage.config.path} or {@code url}). */
    public String configLocation() {
        return config.http() ? config.url() : config.path();
    }

    @Override
    public String toString() {
        return "StorageConfig[config=" + configType() + ':' + configLocation() + ", runtime=" + runtime + ']';
    }
}
