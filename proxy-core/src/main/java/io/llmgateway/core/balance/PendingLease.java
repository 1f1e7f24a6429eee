package io.llmgateway.core.balance;

import io.llmgateway.core.routing.Deployment;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A request waiting for a slot of a full bulkhead ({@code max_concurrent}), without blocking its
 * event loop: it sits in the wait queue of every key that refused it; a lease released on such a
 * key wakes one waiter, which retries the whole selection on its own loop. It completes — on its
 * loop — with the lease it got, with a refusal, or with {@link Outcome#BULKHEAD_FULL} when
 * {@code policy.max_wait_ms} runs out.
 *
 * <pre>
 *   WAITING --a slot frees (any thread)--> WAKING --retry on the loop--> DONE (callback)
 *      ^                                                  |
 *      '---------------- still full: queue again ---------'
 *   WAITING --timer on the loop--> DONE (callback with BULKHEAD_FULL)
 *   WAITING / WAKING --release() by the owner--> DONE (no callback)
 * </pre>
 *
 * <p>Only the WAITING → WAKING step happens on other threads (a CAS); the rest runs on the loop.
 * Queue entries of a finished waiter stay until polled and are then skipped.
 */
final class PendingLease implements Lease {

    private static final int WAITING = 0;
    private static final int WAKING = 1;
    private static final int DONE = 2;

    /** One place in a key's wait queue. */
    record Entry(PendingLease pending, int bit) {
    }

    private final Balancer balancer;
    private final RoutePlan plan;
    private final RequestInfo info;
    private final Set<Deployment> exclude;
    private final CallbackLoop loop;
    private final Consumer<Lease> onReady;
    private final long deadline;
    private final AtomicInteger state = new AtomicInteger(WAITING);
    /** The bits of the plan's key slots this waiter is queued on. */
    private final AtomicLong queued = new AtomicLong();
    private final Runnable retryTask = this::retry;
    private Runnable cancelTimer;

    PendingLease(Balancer balancer, RoutePlan plan, RequestInfo info, Set<Deployment> exclude, CallbackLoop loop,
            Consumer<Lease> onReady, long deadline) {
        this.balancer = balancer;
        this.plan = plan;
        this.info = info;
        this.exclude = exclude;
        this.loop = loop;
        this.onReady = onReady;
        this.deadline = deadline;
    }

    /** Queues this waiter on every key slot of {@code mask} it is not queued on yet. */
    void enqueue(long mask) {
        while (mask != 0) {
            int bit = Long.numberOfTrailingZeros(mask);
            mask &= mask - 1;
            long b = 1L << bit;
            long q;
            do {
                q = queued.get();
            } while ((q & b) == 0 && !queued.compareAndSet(q, q | b));
            if ((q & b) != 0) {
                continue;
            }
            if (bit < 63) {
                plan.keys[bit].waiters.offer(new Entry(this, bit));
            } else {
                for (int slot = 63; slot < plan.keys.length; slot++) {
                    plan.keys[slot].waiters.offer(new Entry(this, bit));
                }
            }
        }
    }

    void startTimer(long delayMillis) {
        cancelTimer = loop.schedule(this::onTimeout, delayMillis);
    }

    /** Leaves the queues for good (the caller got a lease another way). */
    void abandon() {
        state.set(DONE);
    }

    /** Wakes one live waiter of {@code key}, from the thread that freed a slot. */
    static void wake(KeyState key) {
        Entry e;
        while ((e = key.waiters.poll()) != null) {
            PendingLease p = e.pending;
            long b = 1L << e.bit;
            long q;
            do {
                q = p.queued.get();
            } while (!p.queued.compareAndSet(q, q & ~b));
            if (p.state.compareAndSet(WAITING, WAKING)) {
                p.loop.execute(p.retryTask);
                return;
            }
        }
    }

    /** On the loop: tries again, and either completes or queues again. */
    private void retry() {
        if (state.get() != WAKING) {
            return;
        }
        Lease l = balancer.acquire(plan.route, info, exclude);
        if (l.outcome() == Outcome.BULKHEAD_FULL && balancer.ticker().nanoTime() < deadline) {
            long full = SelectionScratch.lastFullKeys();
            state.set(WAITING);
            enqueue(full);
            if (anyRoom(full) && state.compareAndSet(WAITING, WAKING)) {
                loop.execute(retryTask); // a slot freed before we were queued: nobody would wake us
            }
            return;
        }
        complete(l);
    }

    private boolean anyRoom(long mask) {
        for (int slot = 0; slot < plan.keys.length; slot++) {
            KeyState k = plan.keys[slot];
            if ((mask & (1L << Math.min(slot, 63))) != 0 && k.limits.hasRoom()
                    && (k.shared == null || k.shared.hasCredit())) {
                return true;
            }
        }
        return false;
    }

    /** On the loop, when max_wait_ms ran out. */
    private void onTimeout() {
        if (state.compareAndSet(WAITING, DONE)) {
            onReady.accept(RefusedLease.BULKHEAD_FULL);
        }
        // WAKING: the retry already scheduled decides (and refuses if it is still full).
    }

    private void complete(Lease l) {
        state.set(DONE);
        Runnable c = cancelTimer;
        if (c != null) {
            c.run();
        }
        onReady.accept(l);
    }

    @Override
    public Outcome outcome() {
        return Outcome.PENDING;
    }

    @Override
    public Deployment deployment() {
        return null;
    }

    @Override
    public long retryAfterMs() {
        return -1;
    }

    @Override
    public void onFirstByte(long elapsedNanos) {
        throw new IllegalStateException("a pending lease has no response yet");
    }

    /** Cancels the wait (the client went away): the callback will not be called. */
    @Override
    public void release(Result result) {
        if (state.getAndSet(DONE) != DONE) {
            Runnable c = cancelTimer;
            if (c != null) {
                c.run();
            }
        }
    }

    @Override
    public String toString() {
        return "Lease[PENDING " + plan.route.name() + ", state " + state.get() + ']';
    }
}
