package io.llmgateway.core.server;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deadline of one connection, armed and disarmed for each request without allocating: at most
 * one timer is scheduled, and a timer that fires before the deadline now armed (re-armed since it
 * was scheduled) schedules itself again for the rest. Arming costs one clock read and a few field
 * writes; a connection serving requests back to back creates a timer at most once per timeout.
 *
 * <pre>
 *   LazyDeadline body = new LazyDeadline(ctx.executor(), () -> answer408(ctx));
 *   body.arm(timeoutNanos);     // the head is in
 *   body.disarm();              // the body is in
 *   body.cancel();              // the connection is closed
 * </pre>
 *
 * <p>Time is the executor's ticker, so that tests on an {@code EmbeddedChannel} move it with
 * {@code advanceTimeBy}. Confined to the executor's thread; {@code onExpiry} runs there.
 */
final class LazyDeadline implements Runnable {

    private final EventExecutor executor;
    private final Runnable onExpiry;
    private long deadline;
    private boolean armed;
    private ScheduledFuture<?> timer;

    LazyDeadline(EventExecutor executor, Runnable onExpiry) {
        this.executor = executor;
        this.onExpiry = onExpiry;
    }

    /** Arms the deadline {@code timeoutNanos} from now, replacing any armed one. */
    void arm(long timeoutNanos) {
        deadline = executor.ticker().nanoTime() + timeoutNanos;
        armed = true;
        if (timer == null) {
            timer = executor.schedule(this, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Nothing happens at the deadline; the timer, if any, stays scheduled and lapses. */
    void disarm() {
        armed = false;
    }

    boolean armed() {
        return armed;
    }

    /** Disarms and unschedules the timer, for a connection that is gone. */
    void cancel() {
        armed = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void run() {
        timer = null;
        if (!armed) {
            return;
        }
        long left = deadline - executor.ticker().nanoTime();
        if (left > 0) {
            timer = executor.schedule(this, left, TimeUnit.NANOSECONDS);
            return;
        }
        armed = false;
        onExpiry.run();
    }
}
