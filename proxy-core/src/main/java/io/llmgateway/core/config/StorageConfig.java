package io.llmgateway.core.config;

/**
 * {@code storage:} — where config comes from and where runtime state (usage windows) lives.
 *
 * @param configType     {@code file} (default) or {@code http}
 * @param configLocation the file path or URL
 * @param runtimeType    {@code memory} (default, embedded) or {@code redis}
 * @param redisAddr      {@code host:port} of Redis
 * @param redisPassword  Redis password; empty for none
 * @param dataDir        the embedded store's directory (run-time virtual keys, teams, spend)
 */
public record StorageConfig(String configType, String configLocation, String runtimeType, String redisAddr,
        String redisPassword, String dataDir) {

    @Override
    public String toString() {
        return "StorageConfig[config=" + configType + ':' + configLocation + ", runtime=" + runtimeType
                + (runtimeType.equals("redis") ? "@" + redisAddr : "") + ']';
    }
}
