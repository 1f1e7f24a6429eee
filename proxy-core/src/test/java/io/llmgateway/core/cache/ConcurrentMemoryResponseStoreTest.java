package io.llmgateway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.core.limits.ManualTicker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConcurrentMemoryResponseStoreTest {

    private static final int OVERHEAD = ConcurrentMemoryResponseStore.ENTRY_OVERHEAD;

    private final ManualTicker clock = new ManualTicker();

    private static CacheKey key(int i) {
        byte[] json = ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
        return RequestDigest.of("/chat/completions", "m", null, json, 0, json.length);
    }

    @Test
    void anAnswerIsServedUntilItsTimeToLiveIsOver() {
        ConcurrentMemoryResponseStore store = new ConcurrentMemoryResponseStore(1 << 20, 1 << 10, clock);
        byte[] answer = "{\"ok\":1}".getBytes(StandardCharsets.UTF_8);
        store.put(key(1), answer, 1_000);
        assertThat(store.get(key(1))).isSameAs(answer);
        assertThat(store.get(key(2))).isNull();
        clock.advance(999, TimeUnit.MILLISECONDS);
        assertThat(store.get(key(1))).isSameAs(answer);
        clock.advance(1, TimeUnit.MILLISECONDS);
        assertThat(store.get(key(1))).isNull();
        assertThat(store.entries()).isZero();
        assertThat(store.bytes()).isZero();
    }

    @Test
    void theAsynchronousLookupAnswersAtOnceOnTheCallersThread() {
        ConcurrentMemoryResponseStore store = new ConcurrentMemoryResponseStore(1 << 20, 1 << 10, clock);
        byte[] answer = new byte[10];
        store.put(key(1), answer, 1_000);
        AtomicReference<byte[]> found = new AtomicReference<>();
        store.get(key(1), r -> {
            throw new AssertionError("no hop to the loop");
        }, found::set);
        assertThat(found.get()).isSameAs(answer);
    }

    @Test
    void theByteBudgetHoldsAndTheLeastRecentlyUsedAnswerGoesFirst() {
        int answer = 100;
        long budget = 3L * (answer + OVERHEAD);
        // answers up to the whole budget: one segment, which holds three answers of this size
        ConcurrentMemoryResponseStore store = new ConcurrentMemoryResponseStore(budget, (int) budget - OVERHEAD, clock);
        store.put(key(1), new byte[answer], 60_000);
        store.put(key(2), new byte[answer], 60_000);
        store.put(key(3), new byte[answer], 60_000);
        assertThat(store.bytes()).isEqualTo(budget);
        assertThat(store.get(key(1))).isNotNull(); // 2 is now the least recently used
        store.put(key(4), new byte[answer], 60_000);
        assertThat(store.get(key(2))).isNull();
        assertThat(store.get(key(1))).isNotNull();
        assertThat(store.get(key(3))).isNotNull();
        assertThat(store.get(key(4))).isNotNull();
        assertThat(store.bytes()).isEqualTo(budget);
        assertThat(store.entries()).isEqualTo(3);
        assertThat(store.evictions()).isEqualTo(1);
    }

    @Test
    void manyAnswersNeverHoldMoreThanTheBudget() {
        long budget = 64 * 1024;
        ConcurrentMemoryResponseStore store = new ConcurrentMemoryResponseStore(budget, 1024, clock);
        for (int i = 0; i < 10_000; i++) {
            store.put(key(i), new byte[i % 1000 + 1], 60_000);
            assertThat(store.bytes()).isLessThanOrEqualTo(budget);
        }
        assertThat(store.entries()).isPositive();
        assertThat(store.evictions()).isEqualTo(10_000 - store.entries());
    }

    @Test
    void aReplacedAnswerIsCountedOnce() {
        ConcurrentMemoryResponseStore store = new ConcurrentMemoryResponseStore(1 << 20, 1 << 10, clock);
        store.put(key(1), new byte[100], 60_000);
        store.put(key(1), new byte[50], 60_000);
        assertThat(store.bytes()).isEqualTo(50 + OVERHEAD);
        assertThat(store.get(key(1))).hasSize(50);
    }

    @Test
    void anAnswerHeavierThanASegmentIsNotStored() {
        ConcurrentMemoryResponseStore store = new ConcurrentMemoryResponseStore(1024, 512, clock);
        store.put(key(1), new byte[2000], 60_000);
        assertThat(store.get(key(1))).isNull();
        assertThat(store.bytes()).isZero();
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> new ConcurrentMemoryResponseStore(0, 1, clock)).hasMessageContaining("maxBytes");
        ConcurrentMemoryResponseStore store = new ConcurrentMemoryResponseStore(1024, 512, clock);
        assertThatThrownBy(() -> store.put(key(1), new byte[1], 0)).hasMessageContaining("ttlMs");
    }

    @Test
    void threadsStoringAndReadingAtOnceKeepTheAccountsRight() throws Exception {
        long budget = 256 * 1024;
        ConcurrentMemoryResponseStore store = new ConcurrentMemoryResponseStore(budget, 4096, clock);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int base = t * 10_000;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    store.put(key(base + i % 700), new byte[i % 4000 + 1], 60_000);
                    store.get(key(base + (i * 7) % 700));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(store.bytes()).isLessThanOrEqualTo(budget).isPositive();
        long counted = 0;
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < 700; i++) {
                byte[] a = store.get(key(t * 10_000 + i));
                counted += a == null ? 0 : a.length + OVERHEAD;
            }
        }
        assertThat(counted).isEqualTo(store.bytes());
    }
}
