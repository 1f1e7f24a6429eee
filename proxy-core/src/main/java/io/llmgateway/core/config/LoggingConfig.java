package io.llmgateway.core.config;

import java.util.List;

/**
 * {@code logging:} — request-log sinks and metrics. Validated now; the sinks arrive with the
 * observability issue (README says which are active).
 */
public record LoggingConfig(FileSink file, Prometheus prometheus, List<HttpSink> sinks) {

    public LoggingConfig {
        sinks = List.copyOf(sinks);
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
}
