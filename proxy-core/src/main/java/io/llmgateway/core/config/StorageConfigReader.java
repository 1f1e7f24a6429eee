package io.llmgateway.core.config;

import static io.llmgateway.core.config.ConfigKeys.*;

import java.util.concurrent.TimeUnit;

/** Reads {@code storage:} into a {@link StorageConfig}. */
final class StorageConfigReader {

    private StorageConfigReader() {
    }

    static StorageConfig read(ConfigNode root) {
        ConfigNode n = STORAGE.open(root);
        ConfigNode r = STORAGE_RUNTIME.open(n);
        ConfigNode owners = STORAGE_OBJECT_OWNERS.open(n);
        return new StorageConfig(readConfigStore(n), readRuntime(r), dataDir(n), new StorageConfig.ObjectOwnerLimits(
                STORAGE_OBJECT_OWNERS_MAX_ENTRIES.read(owners),
                TimeUnit.DAYS.toMillis(STORAGE_OBJECT_OWNERS_TTL_DAYS.read(owners))));
    }

    private static RuntimeStoreConfig readRuntime(ConfigNode r) {
        String addr = STORAGE_RUNTIME_ADDR.read(r);
        java.util.List<String> cluster = STORAGE_RUNTIME_CLUSTER.read(r);
        String type = STORAGE_RUNTIME_TYPE.read(r);
        if (type.equals("redis")) {
            if (cluster.isEmpty()) {
                checkHostPort(STORAGE_RUNTIME_ADDR.node(r), addr);
            } else {
                for (String node : cluster) {
                    checkHostPort(STORAGE_RUNTIME_CLUSTER.node(r), node);
                }
            }
        }
        int db = STORAGE_RUNTIME_DB.read(r);
        if (!cluster.isEmpty() && db != 0) {
            STORAGE_RUNTIME_DB.node(r).problem("got " + db + " (expected: 0 with cluster: a Redis Cluster has only db 0)");
        }
        String caFile = STORAGE_RUNTIME_TLS_CA_FILE.read(r);
        if (!caFile.isEmpty() && !java.nio.file.Files.isReadable(java.nio.file.Path.of(caFile))) {
            ConfigNode caNode = STORAGE_RUNTIME_TLS_CA_FILE.node(r);
            caNode.problem("cannot read file " + caNode.quote(caFile));
        }
        return new RuntimeStoreConfig(type, addr, STORAGE_RUNTIME_PASSWORD.read(r), db, STORAGE_RUNTIME_TLS.read(r),
                caFile.isEmpty() ? null : caFile,
                STORAGE_RUNTIME_KEY_PREFIX.read(r), cluster, STORAGE_RUNTIME_TIMEOUT_MS.read(r),
                STORAGE_RUNTIME_LEASE_FRACTION.read(r), STORAGE_RUNTIME_SYNC_INTERVAL_MS.read(r),
                STORAGE_RUNTIME_INSTANCE_TTL_MS.read(r));
    }

    private static void checkHostPort(ConfigNode node, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        boolean ok = colon > 0 && colon < hostPort.length() - 1;
        if (ok) {
            try {
                int port = Integer.parseInt(hostPort.substring(colon + 1));
                ok = port > 0 && port < 65_536;
            } catch (NumberFormatException e) {
                ok = false;
            }
        }
        if (!ok) {
            node.problem("got " + node.quote(hostPort) + " (expected: host:port)");
        }
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
