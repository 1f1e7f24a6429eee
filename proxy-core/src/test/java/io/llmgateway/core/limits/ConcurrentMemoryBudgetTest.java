package io.llmgateway.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link ConcurrentMemoryBudget}: all-or-nothing reservations under the limit, given back once, from any thread. */
class ConcurrentMemoryBudgetTest {

    @Test
    void reservesWhatFitsAndRefusesWhatDoesNotWhole() {
        ConcurrentMemoryBudget budget = new ConcurrentMemoryBudget(100);
        assertThat(budget.tryReserve(60)).isTrue();
        assertThat(budget.tryReserve(41)).isFalse();
        assertThat(budget.used()).isEqualTo(60);
        assertThat(budget.tryReserve(40)).isTrue();
        assertThat(budget.tryReserve(1)).isFalse();
        assertThat(budget.tryReserve(0)).isTrue();
        budget.release(60);
        assertThat(budget.used()).isEqualTo(40);
        assertThat(budget.tryReserve(Long.MAX_VALUE)).isFalse();
        budget.release(40);
        assertThat(budget.used()).isZero();
        assertThat(budget.limit()).isEqualTo(100);
    }

    @Test
    void givingBackMoreThanIsReservedIsABugAndChangesNothing() {
        ConcurrentMemoryBudget budget = new ConcurrentMemoryBudget(100);
        budget.tryReserve(10);
        assertThatThrownBy(() -> budget.release(11)).isInstanceOf(IllegalStateException.class)
                .hasMessage("released 11 bytes with only 10 reserved (expected: each reservation given back once)");
        assertThat(budget.used()).isEqualTo(10);
        assertThatThrownBy(() -> budget.tryReserve(-1)).hasMessage("bytes: -1 (expected: >= 0)");
        assertThatThrownBy(() -> new ConcurrentMemoryBudget(0)).hasMessage("limit: 0 (expected: > 0)");
    }

    @Test
    void theDerivedLimitIsAQuarterOfTheSmallerOfHeapAndDirectMemory() {
        assertThat(ConcurrentMemoryBudget.derivedLimit(160L << 20, 1L << 30)).isEqualTo(40L << 20);
        assertThat(ConcurrentMemoryBudget.derivedLimit(4L << 30, 256L << 20)).isEqualTo(64L << 20);
        assertThat(ConcurrentMemoryBudget.derivedLimit(2, 2)).isEqualTo(1);
        assertThat(ConcurrentMemoryBudget.derivedLimit()).isPositive()
                .isLessThanOrEqualTo(Runtime.getRuntime().maxMemory() / 4);
    }

    @Test
    void concurrentReservationsNeverExceedTheLimitAndAllComeBack() throws Exception {
        long limit = 10_000;
        ConcurrentMemoryBudget budget = new ConcurrentMemoryBudget(limit);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong overLimit = new AtomicLong();
        AtomicLong granted = new AtomicLong();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 200_000; i++) {
                        long n = 1 + (i * 31L + seed * 7L) % 3_000;
                        if (budget.tryReserve(n)) {
                            granted.incrementAndGet();
                            if (budget.used() > limit) {
                                overLimit.incrementAndGet();
                            }
                            budget.release(n);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(overLimit).hasValue(0);
        assertThat(granted.get()).isPositive();
        assertThat(budget.used()).isZero();
    }
}
