package io.llmgateway.core.config;

import java.util.List;

/**
 * {@code storage.runtime:} — where the state that instances share lives: {@code memory} (embedded,
 * this process only) or {@code redis} (one Redis or a Redis Cluster shared by every instance).
 *
 * @param type           {@code memory} (default) or {@code redis}
 * @param addr           {@code host:port} of a single Redis (ignored when {@code cluster} is set)
 * @param password       the Redis password ({@code AUTH}); empty for none
 * @param db             the database number of a single Redis (a cluster has only 0)
 * @param tls            whether to speak TLS to Redis
 * @param tlsCaFile      PEM bundle trusted for Redis's certificate; null for the system trust store
 * @param keyPrefix      the prefix of every Redis key the gateway writes (several gateways can share one Redis)
 * @param cluster        Redis Cluster seed nodes; empty for a single Redis
 * @param timeoutMs      how long one Redis command may take before the store counts as down
 * @param leaseFraction  the share of a limit leased to all instances at a time: each instance leases
 *                       {@code ceil(limit * leaseFraction / instances)} units per batch
 * @param syncIntervalMs how often an instance beats, reads what other instances changed and flushes spend
 * @param instanceTtlMs  how long an instance counts as alive after its last beat
 */
public record RuntimeStoreConfig(String type, String addr, String password, int db, boolean tls, String tlsCaFile,
        String keyPrefix,
        List<String> cluster, int timeoutMs, double leaseFraction, int syncIntervalMs, int instanceTtlMs) {

    /** The embedded default: nothing shared. */
    public static final RuntimeStoreConfig MEMORY = new RuntimeStoreConfig("memory", "localhost:6379", "", 0, false, null,
            "llmgw:", List.of(), 200, 0.05, 500, 5_000);

    public RuntimeStoreConfig {
        cluster = List.copyOf(cluster);
    }

    public boolean redis() {
        return type.equals("redis");
    }

    @Override
    public String toString() {
        // the password never leaves this object through toString
        return "RuntimeStoreConfig[" + type + (redis() ? "@" + (cluster.isEmpty() ? addr : cluster) + "/" + db
                + (tls ? " tls" : "") + " prefix " + keyPrefix : "") + ']';
    }
}
