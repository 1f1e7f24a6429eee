package io.llmgateway.core.balance;

import static io.llmgateway.core.balance.Fixtures.oneProvider;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.balance.Fixtures.Setup;
import io.llmgateway.core.balance.Lease.Outcome;
import io.llmgateway.core.routing.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many threads acquiring and releasing through the balancer never push a key past a limit. */
class BalancerConcurrencyTest {

    private static final int THREADS = 12;
    private static final int ATTEMPTS = 3_000;

    @Test
    void neverMoreThanTheRpmTpmOrConcurrencyOfAKey() throws Exception {
        Setup s = new Setup(oneProvider("""
                - {id: a, secret: s, limit_req_per_min: 400, limit_tokens_per_min: 30000, max_concurrent: 3}
                - {id: b, secret: s, limit_req_per_min: 200, limit_tokens_per_min: 1000000, max_concurrent: 2}
                """, "{strategy: least-busy, max_wait_ms: 0}"));
        Route m = s.route("m");
        AtomicInteger[] current = {new AtomicInteger(), new AtomicInteger()};
        AtomicInteger[] peak = {new AtomicInteger(), new AtomicInteger()};
        AtomicInteger[] admitted = {new AtomicInteger(), new AtomicInteger()};
        AtomicInteger tokensOnA = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                RequestInfo info = new RequestInfo(50, 50, false, List.of());
                for (int i = 0; i < ATTEMPTS; i++) {
                    Lease l = s.balancer.acquire(m, info, Set.of());
                    if (l.outcome() != Outcome.ACQUIRED) {
                        refused.incrementAndGet();
                        continue;
                    }
                    int k = l.deployment().key().id().equals("a") ? 0 : 1;
                    admitted[k].incrementAndGet();
                    peak[k].accumulateAndGet(current[k].incrementAndGet(), Math::max);
                    Thread.onSpinWait();
                    current[k].decrementAndGet();
                    if (k == 0) {
                        tokensOnA.addAndGet(60);
                    }
                    l.release(Result.success(200, Usage.of(50, 10), null)); // settles 100 reserved to 60 used
                }
            });
            th.start();
            threads.add(th);
        }
        start.countDown();
        for (Thread th : threads) {
            th.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertThat(peak[0].get()).isLessThanOrEqualTo(3);
        assertThat(peak[1].get()).isLessThanOrEqualTo(2);
        assertThat(admitted[0].get()).isLessThanOrEqualTo(400);
        assertThat(admitted[1].get()).isEqualTo(200);
        assertThat(tokensOnA.get()).isLessThanOrEqualTo(30_000);
        assertThat(admitted[0].get() + admitted[1].get() + refused.get()).isEqualTo(THREADS * ATTEMPTS);
        assertThat(s.key("p", "a").inFlight()).isZero();
        assertThat(s.key("p", "b").inFlight()).isZero();
        assertThat(s.key("p", "a").tpmUsed()).isEqualTo(tokensOnA.get());
    }
}
