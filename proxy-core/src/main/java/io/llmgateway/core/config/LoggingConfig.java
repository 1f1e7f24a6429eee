package io.llmgateway.core.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code logging:} — the request log (its sinks and what it includes) and metrics.
 *
 * @param ringSize {@code logging.ring_size}: request-log entries kept in memory for the admin API
 *                 (0: none)
 */
public record LoggingConfig(FileSink file, Prometheus prometheus, List<HttpSink> sinks, Content content,
        int ringSize) {

    public LoggingConfig {
        sinks = List.copyOf(sinks);
    }

    /** {@code logging.file}: the request log as JSON lines in a file rotated at a size. */
    public record FileSink(boolean enabled, String path, int maxSizeMb, int maxBackups) {
    }

    /** {@code logging.prometheus}. */
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
}
