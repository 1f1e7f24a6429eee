package io.llmgateway.core.observe.metrics;

import static java.util.Objects.requireNonNull;

/**
 * What the observer rendered last: the Prometheus text exposition (format 0.0.4) and the
 * {@link StatsSummary} JSON. Immutable once published: the arrays are never written again, so an
 * event loop may wrap them in a response without copying.
 *
 * @param prometheusText the {@code /metrics} body, UTF-8; empty when Prometheus is off
 * @param statsJson      the percentiles summary, UTF-8 JSON
 * @param renderedNanos  when it was rendered ({@link System#nanoTime()})
 */
public record MetricsSnapshot(byte[] prometheusText, byte[] statsJson, long renderedNanos) {

    /** Before the first rendering. */
    static final MetricsSnapshot EMPTY = new MetricsSnapshot(new byte[0],
            "{\"aliases\":{},\"providers\":{}}".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0);

    public MetricsSnapshot {
        requireNonNull(prometheusText, "prometheusText");
        requireNonNull(statsJson, "statsJson");
    }
}
