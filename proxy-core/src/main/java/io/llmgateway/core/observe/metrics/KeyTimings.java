package io.llmgateway.core.observe.metrics;

/**
 * The upstream latency and time-to-first-token percentiles of one provider key, as the observer
 * last rendered them ({@link MetricsSnapshot#key}): what {@code GET /admin/v1/providers} shows
 * per key. Measured per attempt, so they are the provider's times on that key, without the
 * gateway's own time, retries or backoff:
 * <ul>
 *   <li>latency: from the request sent upstream to the attempt's end (the answer relayed, a
 *       stream's last event included), for attempts that got a response head;</li>
 *   <li>time to first token: from the request sent upstream to the response head of a stream
 *       (the gateway relays the first event as the head arrives).</li>
 * </ul>
 *
 * @param latencyMs every attempt on the key that got a response
 * @param ttftMs    the stream attempts among them
 */
public record KeyTimings(Percentiles latencyMs, Percentiles ttftMs) {

    /** A key without a sample yet. */
    public static final KeyTimings NONE = new KeyTimings(Percentiles.NONE, Percentiles.NONE);

    /**
     * Percentiles in milliseconds, to the microsecond (the histograms keep 2 significant digits).
     *
     * @param count the samples; the percentiles are 0 when it is
     */
    public record Percentiles(long count, double p50, double p90, double p99) {

        public static final Percentiles NONE = new Percentiles(0, 0, 0, 0);
    }
}
