package io.llmgateway.core.config;

import static io.llmgateway.core.config.ConfigKeys.*;

/** Reads {@code storage:} into a {@link StorageConfig}. */
final class StorageConfigReader {

    private StorageConfigReader() {
    }

    static StorageConfig read(ConfigNode root) {
        ConfigNode n = STORAGE.open(root);
        ConfigNode c = STORAGE_CONFIG.open(n);
        ConfigNode r = STORAGE_RUNTIME.open(n);
        String configType = STORAGE_CONFIG_TYPE.read(c);
        String location = configType.equals("http") ? STORAGE_CONFIG_URL.read(c) : STORAGE_CONFIG_PATH.read(c);
        return new StorageConfig(configType, location, STORAGE_RUNTIME_TYPE.read(r), STORAGE_RUNTIME_ADDR.read(r),
                STORAGE_RUNTIME_PASSWORD.read(r), dataDir(n));
    }

    private static String dataDir(ConfigNode n) {
        String dir = STORAGE_DATA_DIR.read(n);
        if (dir.isBlank()) {
            STORAGE_DATA_DIR.node(n).problem("must not be blank (expected: a directory path)");
        }
        return dir;
    }
}
