package io.llmgateway.bench.load;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The measurements of one run, warm-up excluded. Histograms hold microseconds:
 * {@link #latency()} from the intended send time (open loop, corrected for coordinated omission)
 * or the actual send time (closed loop) to the end of the answer, successful requests only;
 * {@link #ttft()} to the first content event of a stream; {@link #gap()} between consecutive
 * content events. Immutable once returned; the histograms are copies the caller may change.
 */
public final class LoadResult {

    private final LoadOptions options;
    private final Map<Outcome, Long> outcomes;
    private final Map<Integer, Long> statuses;
    private final long elapsedNanos;
    private final long bytesReceived;
    private final Histogram latency;
    private final Histogram ttft;
    private final Histogram gap;

    LoadResult(LoadOptions options, Map<Outcome, Long> outcomes, Map<Integer, Long> statuses, long elapsedNanos,
               long bytesReceived, Histogram latency, Histogram ttft, Histogram gap) {
        this.options = options;
        this.outcomes = Map.copyOf(outcomes);
        this.statuses = Map.copyOf(statuses);
        this.elapsedNanos = elapsedNanos;
        this.bytesReceived = bytesReceived;
        this.latency = latency;
        this.ttft = ttft;
        this.gap = gap;
    }

    public LoadOptions options() {
        return options;
    }

    /** Measured requests that ended, whatever the outcome. */
    public long requests() {
        return outcomes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** 2xx answers received in full (streams up to {@code [DONE]}). */
    public long ok() {
        return count(Outcome.OK);
    }

    /** Complete answers whose status was not 2xx; see {@link #statusCounts()}. */
    public long non2xx() {
        return count(Outcome.NON_2XX);
    }

    public long connectFailures() {
        return count(Outcome.CONNECT_FAILURE);
    }

    public long timeouts() {
        return count(Outcome.TIMEOUT);
    }

    /** 2xx event streams that ended without {@code [DONE]}. */
    public long truncatedStreams() {
        return count(Outcome.TRUNCATED_STREAM);
    }

    /** Connections lost before a complete non-stream answer. */
    public long ioErrors() {
        return count(Outcome.IO_ERROR);
    }

    /** Every request that was not {@link #ok()}. */
    public long errors() {
        return requests() - ok();
    }

    /** Answers per HTTP status (complete or not). */
    public Map<Integer, Long> statusCounts() {
        return statuses;
    }

    /** From the end of the warm-up to the last measured completion. */
    public long elapsedNanos() {
        return elapsedNanos;
    }

    /** Measured requests per second over {@link #elapsedNanos()}. */
    public double requestsPerSecond() {
        return elapsedNanos <= 0 ? 0 : requests() * (double) TimeUnit.SECONDS.toNanos(1) / elapsedNanos;
    }

    /** Response bytes (bodies, not heads) of measured requests. */
    public long bytesReceived() {
        return bytesReceived;
    }

    public Histogram latency() {
        return latency.copy();
    }

    public Histogram ttft() {
        return ttft.copy();
    }

    public Histogram gap() {
        return gap.copy();
    }

    private long count(Outcome outcome) {
        return outcomes.getOrDefault(outcome, 0L);
    }

    @Override
    public String toString() {
        return "requests=" + requests() + ", ok=" + ok() + ", non2xx=" + non2xx() + ", connectFailures="
                + connectFailures() + ", timeouts=" + timeouts() + ", truncatedStreams=" + truncatedStreams()
                + ", ioErrors=" + ioErrors() + ", rps=" + String.format("%.1f", requestsPerSecond());
    }
}
