package io.llmgateway.core.config;

import static io.llmgateway.core.config.ConfigKeys.KEY_CREDENTIALS_FILE;

import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.core.gcp.ServiceAccountKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads {@code providers[].keys[].credentials_file}: a Google service-account key file for a
 * {@code vertex} provider, read at every load (so a reload picks up a changed file). Each problem
 * is reported on the key's YAML path with the file's name and what was expected, never with the
 * file's content (it holds the private key).
 */
final class ServiceAccountReader {

    private ServiceAccountReader() {
    }

    /**
     * The service account of key {@code k}; null when it has no {@code credentials_file}, when the
     * value is blank (its variable unset: the caller disables the key), or after a problem was recorded.
     */
    static ServiceAccountKey read(ConfigNode k, ProviderSettings settings, String secret) {
        String file = KEY_CREDENTIALS_FILE.read(k);
        if (file == null) {
            return null;
        }
        ConfigNode node = KEY_CREDENTIALS_FILE.node(k);
        if (file.isBlank()) {
            return null;
        }
        if (settings != null && !"vertex".equals(settings.type())) {
            node.problem("is for providers of type vertex only (this provider is of type " + settings.type() + ")");
            return null;
        }
        if (settings != null && "api_key".equals(settings.authMode())) {
            node.problem("needs auth_mode bearer (the provider says api_key: service-account tokens are bearer tokens)");
            return null;
        }
        if (!secret.isBlank()) {
            node.problem("and secret are both set (expected: one of them)");
            return null;
        }
        String shown = node.quote(file);
        byte[] json;
        try {
            json = Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            node.problem("cannot read " + shown + ": no such file");
            return null;
        } catch (IOException | InvalidPathException | SecurityException e) {
            node.problem("cannot read " + shown + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
            return null;
        }
        try {
            return ServiceAccountKey.parse(json);
        } catch (IllegalArgumentException e) {
            node.problem(shown + " is not a usable service-account key: " + e.getMessage());
            return null;
        }
    }
}
