package io.llmgateway.core.observe.trace;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.config.LoggingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.Map;

/**
 * Posts OTLP/HTTP JSON batches to {@code {logging.otlp.endpoint}/v1/traces}, the configured headers
 * on every request. Used by the export thread only, which it blocks for one request (connect and
 * read each bounded by {@code timeout_ms}).
 *
 * <p>{@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: it keeps connections
 * alive as well, needs no thread of its own, and costs a fraction of the start-up (the HttpClient
 * builds its TLS context and selector thread up front: about 0.3 s more to the first export,
 * measured in BENCHMARKS.md).
 */
final class OtlpHttpTransport implements BatchSpanExporter.Transport {

    /** The OTLP/HTTP path of traces below the collector's base URL. */
    static final String TRACES_PATH = "/v1/traces";

    private final URI uri;
    private final URL url;
    private final Map<String, String> headers;
    private final int timeoutMs;

    OtlpHttpTransport(LoggingConfig.Otlp config) {
        requireNonNull(config, "config");
        this.uri = tracesUri(config.endpoint());
        this.headers = config.headers();
        this.timeoutMs = (int) Math.min(Integer.MAX_VALUE, config.timeoutMs());
        try {
            this.url = uri.toURL();
        } catch (IOException e) {
            throw new IllegalArgumentException("logging.otlp.endpoint: " + target() + " (expected: an http(s) URL)", e);
        }
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
    public int post(byte[] body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        try {
            c.setConnectTimeout(timeoutMs);
            c.setReadTimeout(timeoutMs);
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(body.length);
            c.setRequestProperty("Content-Type", "application/json");
            headers.forEach(c::setRequestProperty);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            int status = c.getResponseCode();
            // Read the answer to its end, so that the connection can be kept for the next batch.
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                if (in != null) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }
            return status;
        } catch (IOException e) {
            c.disconnect();
            // The endpoint may carry a token in its path or query: the message names the origin only.
            String m = String.valueOf(e.getMessage()).replace(uri.toString(), target());
            throw new IOException(e.getClass().getSimpleName() + ": " + m);
        }
    }
}
