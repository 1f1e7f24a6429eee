package io.llmgateway.bench.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The measurements of the connections of one event loop. Written only by that loop, so plain
 * {@link Histogram}s and fields suffice; read after the run, once every worker has counted down
 * the run's latch (which orders the writes before the read). Values are in microseconds.
 */
final class LoopStats {

    /** Longest value a histogram holds; longer ones are recorded as this. */
    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    final Histogram latency = newHistogram();
    final Histogram ttft = newHistogram();
    final Histogram gap = newHistogram();
    final EnumMap<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
    final Map<Integer, Long> statuses = new TreeMap<>();
    long bytesReceived;
    /** {@link System#nanoTime()} of the latest measured completion; meaningful when {@link #completed}. */
    long lastCompletionNanos;
    boolean completed;

    static Histogram newHistogram() {
        return new Histogram(HIGHEST_MICROS, 3);
    }

    void recordOutcome(Outcome outcome, int status, long latencyNanos, long nowNanos) {
        outcomes.merge(outcome, 1L, Long::sum);
        if (status > 0) {
            statuses.merge(status, 1L, Long::sum);
        }
        if (outcome == Outcome.OK) {
            record(latency, latencyNanos);
        }
        if (!completed || nowNanos - lastCompletionNanos > 0) {
            lastCompletionNanos = nowNanos;
            completed = true;
        }
    }

    void recordTtft(long nanos) {
        record(ttft, nanos);
    }

    void recordGap(long nanos) {
        record(gap, nanos);
    }

    private static void record(Histogram histogram, long nanos) {
        long micros = Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos));
        histogram.recordValue(Math.min(micros, HIGHEST_MICROS));
    }
}
