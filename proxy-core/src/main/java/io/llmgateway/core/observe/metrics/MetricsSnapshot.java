package io.llmgateway.core.observe.metrics;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * What the observer rendered last: the Prometheus text exposition (format 0.0.4), the
 * {@link StatsSummary} JSON and the per-key percentiles. Immutable once published: the arrays are
 * never written again, so an event loop may wrap them in a response without copying.
 *
 * @param prometheusText the {@code /metrics} body, UTF-8; empty when Prometheus is off
 * @param statsJson      the percentiles summary, UTF-8 JSON
 * @param keyTimings     provider id → key id → {@link KeyTimings}, for the keys that have samples
 * @param renderedNanos  when it was rendered ({@link System#nanoTime()})
 */
public record MetricsSnapshot(byte[] prometheusText, byte[] statsJson, Map<String, Map<String, KeyTimings>> keyTimings,
        long renderedNanos) {

    /** Before the first rendering. */
    static final MetricsSnapshot EMPTY = new MetricsSnapshot(new byte[0],
            "{\"aliases\":{},\"providers\":{}}".getBytes(java.nio.charset.StandardCharsets.US_ASCII), Map.of(), 0);

    public MetricsSnapshot {
        requireNonNull(prometheusText, "prometheusText");
        requireNonNull(statsJson, "statsJson");
        requireNonNull(keyTimings, "keyTimings");
    }

    /** The timings of key {@code keyId} of provider {@code providerId}; {@link KeyTimings#NONE} without samples. */
    public KeyTimings key(String providerId, String keyId) {
        Map<String, KeyTimings> keys = keyTimings.get(providerId);
        KeyTimings t = keys == null ? null : keys.get(keyId);
        return t == null ? KeyTimings.NONE : t;
    }
}
