package io.llmgateway.core.limits;

import java.util.concurrent.atomic.AtomicLong;

/**
 * An exponentially weighted moving average of samples (latencies, 0/1 error indicators), shared by
 * every thread without locks: the double lives in an {@link AtomicLong} as its bits, and a sample
 * is one CAS. A sample that would not change the value (a success on an error rate of 0) does not
 * write, so a healthy key costs no cache-line traffic.
 */
public final class ConcurrentEwma {

    private static final long EMPTY = Double.doubleToRawLongBits(Double.NaN);

    private final double alpha;
    private final AtomicLong bits = new AtomicLong(EMPTY);

    /** @param alpha the weight of a new sample, in (0, 1] */
    public ConcurrentEwma(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha: " + alpha + " (expected: in (0, 1])");
        }
        this.alpha = alpha;
    }

    /** Adds a sample; the first one becomes the average. Lock-free; allocates nothing. */
    public void record(double sample) {
        for (;;) {
            long b = bits.get();
            double next;
            if (b == EMPTY) {
                next = sample;
            } else {
                double v = Double.longBitsToDouble(b);
                next = v + alpha * (sample - v);
                if (next == v) {
                    return;
                }
            }
            if (bits.compareAndSet(b, Double.doubleToRawLongBits(next))) {
                return;
            }
        }
    }

    /**
     * Adds a 0/1 sample (failure = 1) to a rate. Values under 1e-4 snap to 0, so that after a
     * failure the rate returns to exactly 0 and successes stop writing.
     */
    public void recordIndicator(boolean one) {
        double sample = one ? 1 : 0;
        for (;;) {
            long b = bits.get();
            double next = b == EMPTY ? sample : Double.longBitsToDouble(b) + alpha * (sample - Double.longBitsToDouble(b));
            if (next < 1e-4) {
                next = 0;
            }
            if (b != EMPTY && next == Double.longBitsToDouble(b)) {
                return;
            }
            if (bits.compareAndSet(b, Double.doubleToRawLongBits(next))) {
                return;
            }
        }
    }

    /** The average, or {@code ifEmpty} when there has been no sample. */
    public double value(double ifEmpty) {
        long b = bits.get();
        return b == EMPTY ? ifEmpty : Double.longBitsToDouble(b);
    }
}
