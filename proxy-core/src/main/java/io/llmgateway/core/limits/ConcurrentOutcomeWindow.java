package io.llmgateway.core.limits;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Successes and failures over a sliding window of time, in slices, shared by every thread without
 * locks. Each slice packs {@code epochTag << 42 | failures << 21 | total} in one long, so recording
 * is one CAS (saturating at 2^21 - 1 per slice). Reading sums the live slices: O(slices), so it is
 * read on the failure path (does the breaker open?) and by snapshots, not per request.
 */
public final class ConcurrentOutcomeWindow {

    private static final int COUNT_BITS = 21;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;
    private static final long TAG_MASK = (1L << 21) - 1;

    private final long sliceNanos;
    private final int slices;
    private final AtomicLongArray cells;

    public ConcurrentOutcomeWindow(long windowNanos, int slices) {
        if (slices < 1 || windowNanos / slices <= 0) {
            throw new IllegalArgumentException("slices: " + slices + " (expected: 1.." + windowNanos + ")");
        }
        this.slices = slices;
        this.sliceNanos = windowNanos / slices;
        this.cells = new AtomicLongArray(slices);
        clear();
    }

    /** Counts one outcome at {@code nowNanos}. Lock-free; allocates nothing. */
    public void record(boolean failure, long nowNanos) {
        long e = Math.floorDiv(nowNanos, sliceNanos);
        int idx = (int) Math.floorMod(e, (long) slices);
        long tag = e & TAG_MASK;
        for (;;) {
            long v = cells.get(idx);
            long failures = 0;
            long total = 0;
            if (v >>> 42 == tag) {
                failures = (v >>> COUNT_BITS) & COUNT_MASK;
                total = v & COUNT_MASK;
            }
            if (total == COUNT_MASK) {
                return; // saturated: the rate is what it is
            }
            long next = tag << 42 | (failure ? failures + 1 : failures) << COUNT_BITS | (total + 1);
            if (cells.compareAndSet(idx, v, next)) {
                return;
            }
        }
    }

    /** Failures in the window ending at {@code nowNanos}. */
    public long failures(long nowNanos) {
        return sum(nowNanos, true);
    }

    /** Outcomes in the window ending at {@code nowNanos}. */
    public long total(long nowNanos) {
        return sum(nowNanos, false);
    }

    /** Failed share of the outcomes in the window; 0 when there are none. */
    public double failureRate(long nowNanos) {
        long t = total(nowNanos);
        return t == 0 ? 0 : (double) failures(nowNanos) / t;
    }

    /** Forgets everything (a breaker that closes starts over). */
    public void clear() {
        for (int i = 0; i < slices; i++) {
            cells.set(i, TAG_MASK << 42); // a tag no recent epoch has
        }
    }

    private long sum(long nowNanos, boolean failures) {
        long e = Math.floorDiv(nowNanos, sliceNanos);
        long sum = 0;
        for (long k = e - slices + 1; k <= e; k++) {
            long v = cells.get((int) Math.floorMod(k, (long) slices));
            if (v >>> 42 == (k & TAG_MASK)) {
                sum += failures ? (v >>> COUNT_BITS) & COUNT_MASK : v & COUNT_MASK;
            }
        }
        return sum;
    }
}
