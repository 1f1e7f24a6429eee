package io.llmgateway.core.config;

import java.util.List;
import java.util.Map;

/**
 * {@code logging:} — request-log sinks, metrics and traces (README says which are active).
 */
public record LoggingConfig(FileSink file, Prometheus prometheus, List<HttpSink> sinks, Otlp otlp) {

    public LoggingConfig {
        sinks = List.copyOf(sinks);
    }

    /** Tracing off. */
    public LoggingConfig(FileSink file, Prometheus prometheus, List<HttpSink> sinks) {
        this(file, prometheus, sinks, Otlp.OFF);
    }

    /** {@code logging.file}. */
    public record FileSink(boolean enabled, String path, int maxSizeMb, int maxBackups) {
    }

    /** {@code logging.prometheus}. */
    public record Prometheus(boolean enabled, String endpoint) {
    }

    /** {@code logging.providers[]}: a webhook receiving request-log batches. */
    public record HttpSink(String name, String type, String endpoint, boolean batchEnabled, int batchSize,
            int batchIntervalSeconds) {
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
