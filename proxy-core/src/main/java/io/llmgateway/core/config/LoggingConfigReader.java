package io.llmgateway.core.config;

import static io.llmgateway.core.config.ConfigKeys.*;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads {@code logging:} into a {@link LoggingConfig}. */
final class LoggingConfigReader {

    private LoggingConfigReader() {
    }

    static LoggingConfig read(ConfigNode root) {
        ConfigNode n = LOGGING.open(root);
        ConfigNode f = LOGGING_FILE.open(n);
        ConfigNode pr = LOGGING_PROMETHEUS.open(n);
        String endpoint = LOGGING_PROMETHEUS_ENDPOINT.read(pr);
        if (!endpoint.startsWith("/")) {
            ConfigNode endpointNode = LOGGING_PROMETHEUS_ENDPOINT.node(pr);
            endpointNode.problem("must start with '/', got " + endpointNode.quote(endpoint));
        } else if (endpoint.startsWith("/v1/") || endpoint.equals("/v1") || endpoint.startsWith("/health/")
                || endpoint.startsWith("/admin/")) {
            ConfigNode endpointNode = LOGGING_PROMETHEUS_ENDPOINT.node(pr);
            endpointNode.problem("must not be under /v1/, /health/ or /admin/ (the gateway's own routes), got "
                    + endpointNode.quote(endpoint));
        }
        List<LoggingConfig.HttpSink> sinks = new ArrayList<>();
        for (ConfigNode s : LOGGING_SINKS.node(n).items()) {
            if (LOGGING_SINKS.check(s)) {
                sinks.add(sink(s));
            }
        }
        return new LoggingConfig(
                new LoggingConfig.FileSink(LOGGING_FILE_ENABLED.read(f), LOGGING_FILE_PATH.read(f),
                        LOGGING_FILE_MAX_SIZE_MB.read(f), LOGGING_FILE_MAX_BACKUPS.read(f)),
                new LoggingConfig.Prometheus(LOGGING_PROMETHEUS_ENABLED.read(pr), endpoint),
                sinks,
                new LoggingConfig.Content(LOGGING_INCLUDE_CONTENT.read(n), LOGGING_MAX_CONTENT_BYTES.read(n), masks(n)),
                LOGGING_RING_SIZE.read(n),
                otlp(LOGGING_OTLP.open(n)));
    }

    private static LoggingConfig.Otlp otlp(ConfigNode o) {
        String endpoint = LOGGING_OTLP_ENDPOINT.read(o);
        if (!endpoint.isEmpty() && !(endpoint.startsWith("http://") || endpoint.startsWith("https://"))) {
            ConfigNode endpointNode = LOGGING_OTLP_ENDPOINT.node(o);
            endpointNode.problem("must be empty (tracing off) or an http:// or https:// URL, got "
                    + endpointNode.quote(endpoint));
        }
        String serviceName = LOGGING_OTLP_SERVICE_NAME.read(o);
        if (serviceName.isBlank()) {
            LOGGING_OTLP_SERVICE_NAME.node(o).problem("must not be blank");
        }
        return new LoggingConfig.Otlp(endpoint, otlpHeaders(o), serviceName,
                LOGGING_OTLP_SAMPLE_RATIO.read(o), LOGGING_OTLP_BATCH_SIZE.read(o), LOGGING_OTLP_QUEUE_SIZE.read(o),
                LOGGING_OTLP_INTERVAL_MS.read(o), LOGGING_OTLP_TIMEOUT_MS.read(o));
    }

    private static Set<LoggingConfig.Mask> masks(ConfigNode n) {
        Set<LoggingConfig.Mask> masks = EnumSet.noneOf(LoggingConfig.Mask.class);
        for (String item : LOGGING_MASK.read(n)) {
            try {
                masks.add(LoggingConfig.Mask.valueOf(item.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                ConfigNode maskNode = LOGGING_MASK.node(n);
                maskNode.problem("unknown mask " + maskNode.quote(item) + " (expected: email, phone or card)");
            }
        }
        return masks;
    }

    /** Whether {@code url} (null: already reported) is a URI with a host. */
    private static boolean parses(String url) {
        if (url == null) {
            return true;
        }
        try {
            return URI.create(url).getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static LoggingConfig.HttpSink sink(ConfigNode s) {
        ConfigNode b = LOGGING_SINK_BATCH.open(s);
        String url = LOGGING_SINK_ENDPOINT.required(s);
        if (url != null && !(url.startsWith("http://") || url.startsWith("https://")) || !parses(url)) {
            ConfigNode urlNode = LOGGING_SINK_ENDPOINT.node(s);
            urlNode.problem("must be an http:// or https:// URL, got " + urlNode.quote(url));
        }
        ConfigNode headers = LOGGING_SINK_HEADERS.node(s);
        for (String header : LOGGING_SINK_HEADERS.read(s).keySet()) {
            try {
                HttpRequest.newBuilder().setHeader(header, "value");
            } catch (IllegalArgumentException e) {
                headers.problem("header '" + header + "' cannot be set (expected: a valid name the HTTP client "
                        + "does not set itself; not Host, Connection, Content-Length, ...)");
            }
        }
        return new LoggingConfig.HttpSink(
                LOGGING_SINK_NAME.read(s),
                LOGGING_SINK_TYPE.read(s),
                url,
                LOGGING_SINK_BATCH_ENABLED.read(b),
                LOGGING_SINK_BATCH_SIZE.read(b),
                LOGGING_SINK_BATCH_INTERVAL_SECONDS.read(b),
                LOGGING_SINK_HEADERS.read(s),
                LOGGING_SINK_BUFFER_SIZE.read(s));
    }

    /** As a provider's {@code headers}: valid names, values that cannot inject a header (never quoted: they hold tokens). */
    private static Map<String, String> otlpHeaders(ConfigNode o) {
        Map<String, String> headers = LOGGING_OTLP_HEADERS.read(o);
        ConfigNode headersNode = LOGGING_OTLP_HEADERS.node(o);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            ConfigNode header = headersNode.get(h.getKey());
            if (!h.getKey().matches(ProviderConfigReader.HEADER_NAME)) {
                header.problem("not a valid header name");
            }
            header.checkHeaderSafe(h.getValue());
        }
        return headers;
    }
}
