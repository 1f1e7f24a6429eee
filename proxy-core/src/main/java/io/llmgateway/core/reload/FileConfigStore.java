package io.llmgateway.core.reload;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.config.ConfigException;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.ConfigStoreConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The configuration in a local file ({@code storage.config.type: file}, the default): read
 * whole at every reload, written by {@link AtomicFileWrite}. A symbolic link is followed for the
 * write, so the link stays a link and the file it names gets the new text.
 */
public final class FileConfigStore implements ConfigStore {

    private final Path file;
    private final ConfigStoreConfig settings;

    public FileConfigStore(Path file, ConfigStoreConfig settings) {
        this.file = requireNonNull(file, "file");
        this.settings = requireNonNull(settings, "settings");
    }

    /** The file as given (not resolved: a watcher must see a symbolic link being swapped). */
    public Path file() {
        return file;
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public ConfigStoreConfig settings() {
        return settings;
    }

    @Override
    public String read(boolean ifChanged) throws ConfigException {
        return readText(file);
    }

    /** The whole file as UTF-8, refused beyond {@link ConfigLoader#MAX_CONFIG_BYTES}. */
    static String readText(Path file) throws ConfigException {
        try {
            if (Files.size(file) > ConfigLoader.MAX_CONFIG_BYTES) {
                throw new ConfigException(file.toString(), "the file is larger than " + ConfigLoader.MAX_CONFIG_BYTES
                        + " bytes");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot read: "
                    + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()));
        }
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public void write(String yaml) throws IOException {
        Path target = Files.exists(file) ? file.toRealPath() : file;
        AtomicFileWrite.replace(target, yaml.getBytes(StandardCharsets.UTF_8));
    }
}
