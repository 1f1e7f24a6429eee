package io.llmgateway.core.proxy;

import io.llmgateway.core.config.UpstreamConfig;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;

/**
 * The three upstream timeouts of one exchange: first byte (request sent, no response head yet),
 * idle (the longest silence between two reads of the answer, counted from the last byte received
 * whatever the phase: the head, a stream event, a piece of a buffered body), total (the whole
 * exchange, retries included). Which of them apply follows the exchange's {@link ExchangePhase}.
 *
 * <pre>
 *   start() ── requestSent() ── headArrived() ── read() ... read() ── stop()
 *      total ───────────────────────────────────────────────────────>|
 *                first byte ──>|      idle ──>| idle ──>|  ...
 * </pre>
 *
 * <p>One timer watches all three: it is armed at the earliest deadline that could pass — the
 * first byte's, the idle one counted from the send (no read can come before it, so the idle
 * deadline of the answer is never earlier), the total — and when it fires it acts on whichever
 * passed, or re-arms for the next (the idle one from the last read). Deadlines that move later
 * (every read moves the idle one) cost nothing: one schedule per request in the common case
 * instead of one per timeout or per read, and no task allocated per schedule (this object is
 * the task).
 *
 * <p>While the exchange has stopped reading the upstream because the client cannot take more
 * ({@link #readingPaused()}), the silence is the client's, not the upstream's: the idle timeout
 * waits, and starts again from {@link #readingResumed()}.
 *
 * <p>Confined to the exchange's event loop. Time is the loop's {@link Ticker} (the system clock in
 * production, the test's hand on an {@code EmbeddedChannel}).
 */
final class UpstreamTimeouts implements Runnable {

    /** The exchange whose upstream is watched; called on the loop, never in phase {@link ExchangePhase#DONE}. */
    interface Listener {

        ExchangePhase phase();

        /** No response head within {@code upstream.first_byte_timeout_ms} of the request. */
        void firstByteTimedOut();

        /** Nothing read for {@code upstream.idle_timeout_ms} since the last byte of the answer. */
        void idleTimedOut();

        /** The exchange took longer than {@code upstream.total_timeout_ms}. */
        void totalTimedOut();
    }

    private final EventLoop loop;
    private final Ticker ticker;
    private final UpstreamConfig limits;
    private final Listener listener;
    private final long firstByteNanos;
    private final long idleNanos;
    /** How long after a send the timer may first have something to do: the earlier of first byte and idle. */
    private final long awaitNanos;
    private ScheduledFuture<?> timer;
    private long timerAtNanos;
    private long totalDeadlineNanos;
    private long sentNanos;
    private long lastReadNanos;
    private boolean paused;

    UpstreamTimeouts(EventLoop loop, UpstreamConfig limits, Listener listener) {
        this.loop = loop;
        this.ticker = loop.ticker();
        this.limits = limits;
        this.listener = listener;
        this.firstByteNanos = TimeUnit.MILLISECONDS.toNanos(limits.firstByteTimeoutMs());
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(limits.idleTimeoutMs());
        this.awaitNanos = Math.min(firstByteNanos, idleNanos);
    }

    /** The exchange starts: the total timeout runs from now. */
    void start() {
        long now = ticker.nanoTime();
        totalDeadlineNanos = now + TimeUnit.MILLISECONDS.toNanos(limits.totalTimeoutMs());
        arm(Math.min(totalDeadlineNanos, now + awaitNanos)); // the send follows: usually no re-arm then
    }

    /** An attempt's request went out: its first byte is awaited from now, and the idle timeout counts from now. */
    void requestSent() {
        sentNanos = ticker.nanoTime();
        lastReadNanos = sentNanos;
        paused = false;
        arm(sentNanos + awaitNanos);
    }

    /**
     * The response head came; returns how long after the request it did (a latency sample). The
     * timer is already due no later than the idle deadline unless the head took longer than the
     * idle timeout itself: only then does this re-arm.
     */
    long headArrived() {
        lastReadNanos = ticker.nanoTime();
        arm(lastReadNanos + idleNanos);
        return lastReadNanos - sentNanos;
    }

    /** A piece of the response came: the idle timeout starts again. */
    void read() {
        lastReadNanos = ticker.nanoTime();
    }

    /** The exchange stopped reading the upstream (the client cannot take more): the idle timeout waits. */
    void readingPaused() {
        paused = true;
    }

    /** The exchange reads the upstream again: if it had paused, the idle timeout starts again from now. */
    void readingResumed() {
        if (paused) {
            paused = false;
            lastReadNanos = ticker.nanoTime();
        }
    }

    /** The exchange is over. */
    void stop() {
        ScheduledFuture<?> t = timer;
        timer = null;
        if (t != null) {
            t.cancel(false);
        }
    }

    /** What the client is told when no answer came from {@code providerId} in time. */
    String firstByteMessage(String providerId) {
        return "upstream '" + providerId + "' did not answer within " + limits.firstByteTimeoutMs()
                + " ms (upstream.first_byte_timeout_ms)";
    }

    /** What the client is told when {@code providerId} fell silent. */
    String idleMessage(String providerId) {
        return "upstream '" + providerId + "' sent nothing for " + limits.idleTimeoutMs()
                + " ms (upstream.idle_timeout_ms)";
    }

    /** What the client is told when the whole exchange took too long. */
    String totalMessage() {
        return "the request did not complete within " + limits.totalTimeoutMs() + " ms (upstream.total_timeout_ms)";
    }

    /** Makes the timer fire no later than {@code deadlineNanos}. */
    private void arm(long deadlineNanos) {
        if (timer != null && timerAtNanos - deadlineNanos <= 0) {
            return;
        }
        stop();
        timerAtNanos = deadlineNanos;
        timer = loop.schedule(this, Math.max(0, deadlineNanos - ticker.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** The timer fired: act on a deadline that passed, or wait for the next. */
    @Override
    public void run() {
        timer = null;
        ExchangePhase phase = listener.phase();
        if (phase == ExchangePhase.DONE) {
            return;
        }
        long now = ticker.nanoTime();
        boolean awaitingHead = phase == ExchangePhase.AWAITING_HEAD;
        boolean reading = phase == ExchangePhase.BUFFERING || phase == ExchangePhase.RELAYING;
        long firstByteDeadline = sentNanos + firstByteNanos;
        long idleDeadline = lastReadNanos + idleNanos;
        if (now - totalDeadlineNanos >= 0) {
            listener.totalTimedOut();
        } else if (awaitingHead && now - firstByteDeadline >= 0) {
            listener.firstByteTimedOut();
            if (listener.phase() != ExchangePhase.DONE) {
                arm(totalDeadlineNanos); // retrying: the total timeout still applies
            }
        } else if (reading && !paused && now - idleDeadline >= 0) {
            listener.idleTimedOut();
        } else {
            arm(next(now, awaitingHead, reading, firstByteDeadline, idleDeadline));
        }
    }

    /** The earliest deadline still ahead: what the timer waits for next. */
    private long next(long now, boolean awaitingHead, boolean reading, long firstByteDeadline, long idleDeadline) {
        long next = totalDeadlineNanos;
        if (awaitingHead) {
            next = Math.min(next, firstByteDeadline);
            if (idleDeadline - now > 0) {
                next = Math.min(next, idleDeadline); // still from the send: a head coming before it needs no re-arm
            }
        } else if (reading) {
            next = Math.min(next, paused ? now + idleNanos : idleDeadline);
        }
        return next;
    }
}
