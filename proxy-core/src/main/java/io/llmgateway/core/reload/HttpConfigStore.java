package io.llmgateway.core.reload;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.config.ConfigException;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.ConfigStoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The configuration at a URL ({@code storage.config.type: http}): fetched with GET, with
 * {@code Authorization: Bearer} when {@code bearer_token} is set. A conditional read sends the
 * {@code ETag} of the last 200 as {@code If-None-Match}, so that polling an unchanged document
 * costs a 304; a plain read always fetches. Anything but 200 (or 304 to a conditional read) is a
 * failure that names the status, never the token. Redirects are followed within the same scheme.
 *
 * <p>Not thread-safe: {@link ConfigControl} calls it one read at a time.
 */
public final class HttpConfigStore implements ConfigStore {

    private final ConfigStoreConfig settings;
    private final URI uri;
    private final HttpClient client;
    /** The ETag of the last 200, whether or not its document was valid: a rejected document is not fetched again. */
    private String etag;

    public HttpConfigStore(ConfigStoreConfig settings) {
        this.settings = requireNonNull(settings, "settings");
        this.uri = URI.create(settings.url());
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(settings.timeoutMs()))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public String location() {
        return settings.url();
    }

    @Override
    public ConfigStoreConfig settings() {
        return settings;
    }

    @Override
    public String read(boolean ifChanged) throws ConfigException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMillis(settings.timeoutMs()))
                .header("Accept", "application/yaml, text/yaml, text/plain, */*")
                .GET();
        if (!settings.bearerToken().isEmpty()) {
            request.header("Authorization", "Bearer " + settings.bearerToken());
        }
        if (ifChanged && etag != null) {
            request.header("If-None-Match", etag);
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw failure("no answer within " + settings.timeoutMs() + " ms (storage.config.timeout_ms)");
        } catch (IOException e) {
            throw failure("cannot fetch: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while fetching");
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 304 && ifChanged && etag != null) {
                return null;
            }
            if (status != 200) {
                throw failure("GET answered HTTP " + status + " (expected: 200)");
            }
            byte[] bytes = body.readNBytes(ConfigLoader.MAX_CONFIG_BYTES + 1);
            if (bytes.length > ConfigLoader.MAX_CONFIG_BYTES) {
                throw failure("the document is larger than " + ConfigLoader.MAX_CONFIG_BYTES + " bytes");
            }
            etag = response.headers().firstValue("ETag").orElse(null);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw failure("cannot read the answer: " + e);
        }
    }

    private ConfigException failure(String problem) {
        return new ConfigException(settings.url(), problem);
    }

    @Override
    public boolean writable() {
        return false;
    }

    @Override
    public void write(String yaml) {
        throw new UnsupportedOperationException("the configuration comes from " + settings.url()
                + ": change it there");
    }
}
