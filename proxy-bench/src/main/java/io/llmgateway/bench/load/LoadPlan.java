package io.llmgateway.bench.load;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The schedule of one run, fixed when the run starts and shared by every worker: the clock origin,
 * the end of the warm-up, the deadline, the request budget. All fields are final except the ticket
 * counter, an atomic shared by the closed loop's workers.
 *
 * <p>The open loop has no shared state at all: slot {@code g} is due at {@code t0 + g / rate};
 * worker {@code j} of {@code c} owns the slots {@code j, j + c, j + 2c, ...}; slots before
 * {@link #warmupSlots} are warm-up.
 */
final class LoadPlan {

    final long t0;
    final long measureStart;
    final boolean hasDeadline;
    final long deadline;
    final boolean openLoop;
    final double nanosPerSlot;
    final long warmupSlots;
    /** Measured requests to send, or 0 for no limit. */
    final long requestLimit;
    final int concurrency;
    final long timeoutNanos;
    final CountDownLatch done;
    private final AtomicLong tickets = new AtomicLong();

    LoadPlan(LoadOptions options, long t0) {
        this.t0 = t0;
        long warmupNanos = options.warmup().toNanos();
        this.measureStart = t0 + warmupNanos;
        this.hasDeadline = !options.duration().isZero();
        this.deadline = measureStart + options.duration().toNanos();
        this.openLoop = options.isOpenLoop();
        this.nanosPerSlot = openLoop ? TimeUnit.SECONDS.toNanos(1) / options.rate() : 0;
        this.warmupSlots = openLoop ? (long) Math.ceil(warmupNanos / nanosPerSlot) : 0;
        this.requestLimit = options.requests();
        this.concurrency = options.concurrency();
        this.timeoutNanos = options.timeout().toNanos();
        this.done = new CountDownLatch(options.concurrency());
    }

    /** Closed loop: claims one measured request; false once the budget is spent. */
    boolean takeTicket() {
        return requestLimit == 0 || tickets.getAndIncrement() < requestLimit;
    }

    boolean pastDeadline(long nanos) {
        return hasDeadline && nanos - deadline >= 0;
    }

    boolean inWarmup(long nanos) {
        return nanos - measureStart < 0;
    }

    /** Open loop: when slot {@code g} is due. */
    long slotTime(long g) {
        return t0 + (long) (g * nanosPerSlot);
    }

    /** Open loop: whether slot {@code g} is beyond the request budget. */
    boolean beyondBudget(long g) {
        return requestLimit > 0 && g >= warmupSlots + requestLimit;
    }
}
