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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link ConcurrentIpLimits}: connections and a request rate per address, in bounded memory. */
class ConcurrentIpLimitsTest {

    private static final ClientIp A = ClientIp.parse("203.0.113.1");
    private static final ClientIp B = ClientIp.parse("2001:db8::b");
    private final ManualTicker ticker = new ManualTicker();

    @Test
    void connectionsPerAddressAreCappedAndComeBackWhenClosed() {
        ConcurrentIpLimits limits = new ConcurrentIpLimits(2, 0, 0, 100, ticker);
        ConcurrentIpLimits.Entry a1 = limits.openConnection(A);
        ConcurrentIpLimits.Entry a2 = limits.openConnection(A);
        assertThat(a1).isNotNull().isSameAs(a2);
        assertThat(limits.openConnection(A)).isNull();
        assertThat(limits.openConnection(B)).isNotNull();
        limits.closeConnection(a1);
        assertThat(limits.openConnection(A)).isSameAs(a2);
        assertThat(limits.tryRequest(a2)).isZero(); // no rate set
    }

    @Test
    void theRateAllowsABurstThenOneRequestPerInterval() {
        ConcurrentIpLimits limits = new ConcurrentIpLimits(0, 2, 3, 100, ticker); // 2/s, burst 3
        ConcurrentIpLimits.Entry a = limits.openConnection(A);
        for (int i = 0; i < 3; i++) {
            assertThat(limits.tryRequest(a)).as("request %d of the burst", i).isZero();
        }
        long wait = limits.tryRequest(a);
        assertThat(wait).isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
        ticker.advanceMillis(499);
        assertThat(limits.tryRequest(a)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
        ticker.advanceMillis(1);
        assertThat(limits.tryRequest(a)).isZero();
        assertThat(limits.tryRequest(a)).isPositive();
        ticker.advance(10, TimeUnit.SECONDS); // a long pause refills the burst, no more
        for (int i = 0; i < 3; i++) {
            assertThat(limits.tryRequest(a)).isZero();
        }
        assertThat(limits.tryRequest(a)).isPositive();
    }

    @Test
    void forwardedAddressesAreLimitedWithoutAConnection() {
        ConcurrentIpLimits limits = new ConcurrentIpLimits(0, 1, 1, 100, ticker);
        assertThat(limits.tryRequest(A)).isZero();
        assertThat(limits.tryRequest(A)).isEqualTo(TimeUnit.SECONDS.toNanos(1));
        assertThat(limits.tryRequest(B)).isZero();
        assertThat(limits.tracked()).isEqualTo(2);
    }

    @Test
    void idleAddressesAreEvictedAndAnAddressStillInDebtIsNot() {
        ConcurrentIpLimits limits = new ConcurrentIpLimits(0, 1, 1, 100, ticker);
        ConcurrentIpLimits.Entry held = limits.openConnection(ClientIp.parse("198.51.100.1"));
        assertThat(limits.tryRequest(A)).isZero();
        ticker.advance(ConcurrentIpLimits.SWEEP_INTERVAL_NANOS, TimeUnit.NANOSECONDS);
        assertThat(limits.tryRequest(B)).isZero(); // a new address: the sweep is due
        assertThat(limits.tracked()).as("A idle and evicted; the held connection and B stay").isEqualTo(2);
        assertThat(limits.tryRequest(B)).isPositive(); // B, created after the sweep, is still limited
        limits.closeConnection(held);
        ticker.advance(ConcurrentIpLimits.SWEEP_INTERVAL_NANOS, TimeUnit.NANOSECONDS);
        assertThat(limits.tryRequest(A)).isZero();
        assertThat(limits.tracked()).isEqualTo(1);
    }

    @Test
    void whenTheTableIsFullOfActiveAddressesANewOneIsNotLimited() {
        ConcurrentIpLimits limits = new ConcurrentIpLimits(1, 1, 1, 2, ticker);
        ConcurrentIpLimits.Entry a = limits.openConnection(A);
        ConcurrentIpLimits.Entry b = limits.openConnection(B);
        ConcurrentIpLimits.Entry c = limits.openConnection(ClientIp.parse("192.0.2.3"));
        assertThat(limits.isTracked(a)).isTrue();
        assertThat(limits.isTracked(c)).isFalse();
        assertThat(limits.openConnection(ClientIp.parse("192.0.2.3"))).isNotNull();
        assertThat(limits.tryRequest(c)).isZero();
        assertThat(limits.tryRequest(c)).isZero();
        limits.closeConnection(c);
        assertThat(limits.tracked()).isEqualTo(2);
        limits.closeConnection(b);
        ticker.advance(1, TimeUnit.SECONDS); // a full table is swept again after a tenth of the interval
        assertThat(limits.isTracked(limits.openConnection(ClientIp.parse("192.0.2.3")))).isTrue();
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> new ConcurrentIpLimits(-1, 0, 0, 1, ticker))
                .hasMessage("maxConnections: -1 (expected: >= 0)");
        assertThatThrownBy(() -> new ConcurrentIpLimits(0, 5, 0, 1, ticker))
                .hasMessage("burst: 0 (expected: >= 1 with a rate)");
        assertThatThrownBy(() -> new ConcurrentIpLimits(0, 0, 0, 0, ticker))
                .hasMessage("maxTracked: 0 (expected: >= 1)");
    }

    @Test
    void concurrentConnectionsNeverExceedTheCapWhileEntriesAreEvicted() throws Exception {
        ManualTicker clock = new ManualTicker();
        ConcurrentIpLimits limits = new ConcurrentIpLimits(3, 0, 0, 4, clock);
        ClientIp[] ips = {A, B, ClientIp.parse("192.0.2.1"), ClientIp.parse("192.0.2.2"), ClientIp.parse("192.0.2.3")};
        int[] open = new int[ips.length];
        AtomicInteger overCap = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 50_000; i++) {
                        int k = (i + seed) % ips.length;
                        ConcurrentIpLimits.Entry e = limits.openConnection(ips[k]);
                        if (e != null && limits.isTracked(e)) {
                            synchronized (open) {
                                if (++open[k] > 3) {
                                    overCap.incrementAndGet();
                                }
                            }
                            synchronized (open) {
                                open[k]--;
                            }
                        }
                        if (e != null) {
                            limits.closeConnection(e);
                        }
                        if (i % 1000 == 0) {
                            clock.advance(ConcurrentIpLimits.SWEEP_INTERVAL_NANOS, TimeUnit.NANOSECONDS);
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
        assertThat(overCap).hasValue(0);
        // Every connection closed: every entry is idle, so a sweep leaves nothing behind.
        clock.advance(ConcurrentIpLimits.SWEEP_INTERVAL_NANOS, TimeUnit.NANOSECONDS);
        ConcurrentIpLimits.Entry probe = limits.openConnection(ClientIp.parse("198.51.100.9"));
        assertThat(limits.isTracked(probe)).isTrue();
        assertThat(limits.tracked()).isEqualTo(1);
    }
}
