package io.llmgateway.core.config;

/**
 * {@code storage:} — where config comes from and where runtime state (usage windows) lives.
 *
 * @param config        where the configuration comes from ({@code storage.config})
 * @param runtimeType   {@code memory} (default, embedded) or {@code redis}
 * @param redisAddr     {@code host:port} of Redis
 * @param redisPassword Redis password; empty for none
 * @param dataDir       the embedded store's directory (run-time virtual keys, teams, spend)
 */
public record StorageConfig(ConfigStoreConfig config, String runtimeType, String redisAddr, String redisPassword,
        String dataDir) {

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
        return "StorageConfig[config=" + configType() + ':' + configLocation() + ", runtime=" + runtimeType
                + (runtimeType.equals("redis") ? "@" + redisAddr : "") + ']';
    }
}
