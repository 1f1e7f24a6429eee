package io.llmgateway.core.config;

import java.util.List;

/**
 * {@code logging:} — request-log sinks and metrics (README says which are active).
 */
public record LoggingConfig(FileSink file, Prometheus prometheus, List<HttpSink> sinks) {

    public LoggingConfig {
        sinks = List.copyOf(sinks);
    }

    /** {@code logging.file}. */
    public record FileSink(boolean enabled, String path, int maxSizeMb, int maxBackups) {
    }

    /** {@code logging.prometheus}: whether {@code /metrics} is served, and at which path (read at start). */
    public record Prometheus(boolean enabled, String endpoint) {
    }

    /** {@code logging.providers[]}: a webhook receiving request-log batches. */
    public record HttpSink(String name, String type, String endpoint, boolean batchEnabled, int batchSize,
            int batchIntervalSeconds) {
    }
}
