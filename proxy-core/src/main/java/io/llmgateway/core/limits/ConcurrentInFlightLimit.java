package io.llmgateway.core.limits;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests in flight on one key, with an optional ceiling ({@code max_concurrent}), shared by
 * every thread without locks. The counter itself can outlive a limit change (see
 * {@link #ConcurrentInFlightLimit(int, ConcurrentInFlightLimit)}) so a reload cannot forget the
 * requests still running.
 */
public final class ConcurrentInFlightLimit {

    private final int max;
    private final AtomicInteger inFlight;

    /** @param max the ceiling, 0 for none (the count is still kept, for least-busy) */
    public ConcurrentInFlightLimit(int max) {
        this(max, null);
    }

    /** A ceiling of {@code max} over the same counter as {@code previous} (null: a new counter). */
    public ConcurrentInFlightLimit(int max, ConcurrentInFlightLimit previous) {
        if (max < 0) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= 0)");
        }
        this.max = max;
        this.inFlight = previous == null ? new AtomicInteger() : previous.inFlight;
    }

    /** Takes a slot if one is free. Lock-free; allocates nothing. */
    public boolean tryAcquire() {
        if (max == 0) {
            inFlight.getAndIncrement();
            return true;
        }
        for (;;) {
            int n = inFlight.get();
            if (n >= max) {
                return false;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives a slot back; exactly once per successful {@link #tryAcquire()}. */
    public void release() {
        inFlight.getAndDecrement();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** The ceiling; 0 = none. */
    public int max() {
        return max;
    }

    /** Whether a slot is free now (a hint: another thread may take it first). */
    public boolean hasRoom() {
        return max == 0 || inFlight.get() < max;
    }
}
