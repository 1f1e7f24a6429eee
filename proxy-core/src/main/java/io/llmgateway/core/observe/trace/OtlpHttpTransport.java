package io.llmgateway.core.observe.trace;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.config.LoggingConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Posts OTLP/HTTP JSON batches to {@code {logging.otlp.endpoint}/v1/traces} with the JDK's
 * {@link HttpClient} (HTTP/1.1; its own threads), the configured headers on every request. Used by
 * the export thread only; blocks it for one request at most {@code timeout_ms}.
 */
final class OtlpHttpTransport implements BatchSpanExporter.Transport {

    /** The OTLP/HTTP path of traces below the collector's base URL. */
    static final String TRACES_PATH = "/v1/traces";

    private final HttpClient client;
    private final URI uri;
    private final Map<String, String> headers;
    private final Duration timeout;

    OtlpHttpTransport(LoggingConfig.Otlp config) {
        requireNonNull(config, "config");
        this.uri = tracesUri(config.endpoint());
        this.headers = config.headers();
        this.timeout = Duration.ofMillis(config.timeoutMs());
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** {@code endpoint} + {@value #TRACES_PATH}, unless it already ends so. */
    static URI tracesUri(String endpoint) {
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return URI.create(base.endsWith(TRACES_PATH) ? base : base + TRACES_PATH);
    }

    /** Where the spans go, as a log may show it: scheme, host and port only. */
    String target() {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    @Override
    public int post(byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
