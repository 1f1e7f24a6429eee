package io.llmgateway.core.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code logging:} — the request log (its sinks and what it includes), metrics and traces.
 *
 * @param ringSize {@code logging.ring_size}: request-log entries kept in memory for the admin API
 *                 (0: none)
 */
public record LoggingConfig(FileSink file, Prometheus prometheus, List<HttpSink> sinks, Content content,
        int ringSize, Otlp otlp) {

    public LoggingConfig {
        sinks = List.copyOf(sinks);
    }

    /** {@code logging.file}: the request log as JSON lines in a file rotated at a size. */
    public record FileSink(boolean enabled, String path, int maxSizeMb, int maxBackups) {
    }

    /** {@code logging.prometheus}: whether {@code /metrics} is served, and at which path (read at start). */
    public record Prometheus(boolean enabled, String endpoint) {
    }

    /**
     * {@code logging.providers[]}: a webhook receiving request-log batches.
     *
     * @param headers    sent with every batch; values may be secrets (an {@code Authorization}),
     *                   never logged
     * @param bufferSize entries waiting to be sent at most; beyond, the oldest are dropped
     */
    public record HttpSink(String name, String type, String endpoint, boolean batchEnabled, int batchSize,
            int batchIntervalSeconds, Map<String, String> headers, int bufferSize) {

        public HttpSink {
            headers = Map.copyOf(headers);
        }

        /** Never shows the headers' values, which may be secrets. */
        @Override
        public String toString() {
            return "HttpSink[name=" + name + ", headers=" + headers.keySet() + ", bufferSize=" + bufferSize + "]";
        }
    }

    /**
     * {@code logging.include_content}, {@code max_content_bytes}, {@code mask}: whether request
     * and response content goes into the request log, how much of each, and what is masked in it.
     */
    public record Content(boolean include, int maxBytes, Set<Mask> masks) {

        public Content {
            masks = Set.copyOf(masks);
        }
    }

    /** What {@code logging.mask} can hide in logged content. */
    public enum Mask {
        EMAIL, PHONE, CARD
    }

    /**
     * {@code logging.otlp}: spans exported over OTLP/HTTP (JSON) to {@code endpoint + "/v1/traces"}.
     *
     * @param endpoint    the collector's base URL; empty: tracing off
     * @param headers     sent with every export (an authorization header, typically)
     * @param serviceName the {@code service.name} resource attribute
     * @param sampleRatio the share of new traces recorded (a request carrying a {@code traceparent}
     *                    follows its sampled flag instead)
     * @param batchSize   spans per export at most
     * @param queueSize   spans waiting for export at most; beyond, they are dropped and counted
     * @param intervalMs  a partial batch is exported after this long
     * @param timeoutMs   one export's deadline
     */
    public record Otlp(String endpoint, Map<String, String> headers, String serviceName, double sampleRatio,
            int batchSize, int queueSize, long intervalMs, long timeoutMs) {

        /** Tracing off. */
        public static final Otlp OFF = new Otlp("", Map.of(), "llm-gateway", 1.0, 512, 4096, 1_000, 10_000);

        public Otlp {
            headers = Map.copyOf(headers);
        }

        /** Whether spans are recorded and exported. */
        public boolean enabled() {
            return !endpoint.isEmpty();
        }
    }
}
