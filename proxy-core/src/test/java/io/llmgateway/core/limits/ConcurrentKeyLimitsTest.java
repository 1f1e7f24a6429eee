package io.llmgateway.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConcurrentKeyLimitsTest {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final int THREADS = 12;
    private static final int ATTEMPTS = 3_000;

    @Test
    void allOrNoneRollsBackWhatWasTaken() {
        ConcurrentKeyLimits l = new ConcurrentKeyLimits(2, 1_000, 5);
        long t = MINUTE;
        assertThat(l.tryReserve(100, t)).isNotNegative();
        assertThat(l.tryReserve(100, t)).isNotNegative();
        long refused = l.tryReserve(100, t);
        assertThat(ConcurrentKeyLimits.refusal(refused)).isEqualTo(LimitKind.REQUESTS);
        assertThat(l.inFlight()).as("the slot of the refused request was given back").isEqualTo(2);
        assertThat(l.tokensUsed(t)).as("and its tokens").isEqualTo(200);
        assertThat(l.requestsUsed(t)).isEqualTo(2);

        ConcurrentKeyLimits tokens = new ConcurrentKeyLimits(100, 150, 5);
        assertThat(tokens.tryReserve(100, t)).isNotNegative();
        assertThat(ConcurrentKeyLimits.refusal(tokens.tryReserve(100, t))).isEqualTo(LimitKind.TOKENS);
        assertThat(tokens.inFlight()).isEqualTo(1);
        assertThat(tokens.requestsUsed(t)).isEqualTo(1);

        ConcurrentKeyLimits busy = new ConcurrentKeyLimits(100, 0, 1);
        long e = busy.tryReserve(10, t);
        assertThat(ConcurrentKeyLimits.refusal(busy.tryReserve(10, t))).isEqualTo(LimitKind.CONCURRENCY);
        assertThat(busy.nextFreeAt(LimitKind.CONCURRENCY, 10, t)).isEqualTo(-1);
        busy.release(e, busy.tokensTaken(10), 3);
        assertThat(busy.tryReserve(10, t)).isNotNegative();
        assertThat(busy.tokensUsed(t)).isEqualTo(13);
    }

    @Test
    void nextFreeAtNamesTheLimitThatRefused() {
        ConcurrentKeyLimits l = new ConcurrentKeyLimits(1, 0, 0);
        long t = 3 * MINUTE;
        l.tryReserve(1, t);
        long code = l.tryReserve(1, t + 1_000);
        assertThat(l.nextFreeAt(ConcurrentKeyLimits.refusal(code), 1, t + 1_000)).isEqualTo(t + MINUTE);
    }

    @Test
    void aRpmAboveTheExactRingIsEnforcedBySlices() {
        ConcurrentKeyLimits l = new ConcurrentKeyLimits(ConcurrentRequestWindow.MAX_EXACT_LIMIT + 1L, 0, 0);
        long t = MINUTE;
        for (int i = 0; i <= ConcurrentRequestWindow.MAX_EXACT_LIMIT; i++) {
            assertThat(l.tryReserve(0, t)).isNotNegative();
        }
        assertThat(ConcurrentKeyLimits.refusal(l.tryReserve(0, t))).isEqualTo(LimitKind.REQUESTS);
    }

    @Test
    void aReloadKeepsUsageAndRequestsInFlight() {
        ConcurrentKeyLimits old = new ConcurrentKeyLimits(10, 1_000, 3);
        long t = MINUTE;
        long e = old.tryReserve(400, t);
        old.tryReserve(400, t);
        ConcurrentKeyLimits next = new ConcurrentKeyLimits(10, 900, 2, old, t);
        assertThat(next.inFlight()).isEqualTo(2);
        assertThat(ConcurrentKeyLimits.refusal(next.tryReserve(1, t))).isEqualTo(LimitKind.CONCURRENCY);
        old.release(e, 400, 400); // a request of the old snapshot ends: its slot frees in the new limits too
        assertThat(ConcurrentKeyLimits.refusal(next.tryReserve(200, t))).isEqualTo(LimitKind.TOKENS);
        assertThat(next.tryReserve(100, t)).isNotNegative();
    }

    @Test
    void manyThreadsNeverExceedTheRequestsPerMinute() throws Exception {
        ConcurrentKeyLimits l = new ConcurrentKeyLimits(300, 10_000_000, 0);
        AtomicInteger ok = race(() -> l.tryReserve(10, MINUTE) >= 0);
        assertThat(ok.get()).isEqualTo(300);
    }

    @Test
    void manyThreadsNeverExceedTheTokensPerMinute() throws Exception {
        ConcurrentKeyLimits l = new ConcurrentKeyLimits(10_000, 5_000, 0);
        AtomicInteger ok = race(() -> l.tryReserve(10, MINUTE) >= 0);
        assertThat(ok.get()).isEqualTo(500);
        assertThat(l.tokensUsed(MINUTE)).isEqualTo(5_000);
    }

    @Test
    void manyThreadsNeverExceedTheConcurrency() throws Exception {
        ConcurrentKeyLimits l = new ConcurrentKeyLimits(0, 0, 4);
        AtomicInteger current = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger ok = race(() -> {
            long e = l.tryReserve(1, MINUTE);
            if (e < 0) {
                return false;
            }
            int c = current.incrementAndGet();
            peak.accumulateAndGet(c, Math::max);
            Thread.onSpinWait();
            current.decrementAndGet();
            l.release(e, 1, 1);
            return true;
        });
        assertThat(peak.get()).isLessThanOrEqualTo(4);
        assertThat(ok.get()).isPositive();
        assertThat(l.inFlight()).isZero();
    }

    /** While one thread moves the clock, every window of 60 s holds at most the limit of admissions. */
    @Test
    void manyThreadsUnderAMovingClockKeepTheSlidingWindowExact() throws Exception {
        int limit = 50;
        ConcurrentKeyLimits l = new ConcurrentKeyLimits(limit, 0, 0);
        AtomicLong clock = new AtomicLong(MINUTE);
        List<Long> admitted = Collections.synchronizedList(new ArrayList<>());
        Thread mover = new Thread(() -> {
            for (int i = 0; i < 4_000; i++) {
                clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(50));
                Thread.yield();
            }
        });
        mover.start();
        race(() -> {
            long now = clock.get();
            if (l.tryReserve(1, now) >= 0) {
                admitted.add(now);
                return true;
            }
            return false;
        });
        mover.join();
        List<Long> ts = new ArrayList<>(admitted);
        Collections.sort(ts);
        for (int i = 0; i + limit < ts.size(); i++) {
            assertThat(ts.get(i + limit) - ts.get(i)).as("admission %d and %d", i, i + limit)
                    .isGreaterThanOrEqualTo(MINUTE);
        }
        assertThat(ts.size()).isGreaterThanOrEqualTo(limit);
    }

    interface Attempt {
        boolean run();
    }

    static AtomicInteger race(Attempt attempt) throws InterruptedException {
        AtomicInteger ok = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int j = 0; j < ATTEMPTS; j++) {
                    if (attempt.run()) {
                        ok.incrementAndGet();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        return ok;
    }
}
