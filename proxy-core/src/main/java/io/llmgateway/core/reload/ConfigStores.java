package io.llmgateway.core.reload;

import io.llmgateway.core.config.ConfigException;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.ConfigStoreConfig;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.nio.file.Path;

/** Opens the store named by the {@code storage.config} section of the file given on the command line. */
public final class ConfigStores {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(ConfigStores.class);

    private ConfigStores() {
    }

    /**
     * The file itself ({@code type: file}), or the URL it names ({@code type: http}; then the file
     * needs no other section, and any other is not used).
     *
     * @throws ConfigException when the file cannot be read or its {@code storage.config} does not validate
     */
    public static ConfigStore open(Path file, ConfigLoader loader) throws ConfigException {
        String text = FileConfigStore.readText(file);
        ConfigStoreConfig settings = loader.readConfigStore(text, file.toString());
        if (settings.http()) {
            LOG.info("config: {} points to {}", file, settings.url());
            return new HttpConfigStore(settings);
        }
        if (!settings.path().isEmpty()
                && !Path.of(settings.path()).toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize())) {
            LOG.warn("storage.config.path '{}' is not the file given on the command line: {} is the one read and "
                    + "written", settings.path(), file);
        }
        return new FileConfigStore(file, settings);
    }
}
