package io.llmgateway.core.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.proxy.ExchangeOutcome;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ObservationQueueTest {

    static ExchangeOutcome outcome(String id) {
        return new ExchangeOutcome(id, null, "m", null, false, 200, null, List.of(), 1, 0, 0, 2, null, false, 0, 0,
                false);
    }

    /** Records what it is given; optionally blocks the observer until released. */
    static final class Recording implements OutcomeConsumer {
        final List<String> ids = new CopyOnWriteArrayList<>();
        final List<GatewayConfig> configs = new CopyOnWriteArrayList<>();
        final CountDownLatch release;
        volatile boolean closed;

        Recording(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public void accept(ExchangeOutcome outcome) {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ids.add(outcome.requestId());
        }

        @Override
        public void reconfigure(GatewayConfig config) {
            configs.add(config);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void everyConsumerGetsEveryOutcomeInOrderAndCloseDrainsTheQueue() {
        Recording a = new Recording(new CountDownLatch(0));
        OutcomeConsumer failing = o -> {
            throw new IllegalStateException("boom");
        };
        Recording b = new Recording(new CountDownLatch(0));
        ObservationQueue q = new ObservationQueue(1024, List.of(a, failing, b)).start();
        for (int i = 0; i < 500; i++) {
            q.accept(outcome("r" + i));
        }
        q.close();
        assertThat(a.ids).hasSize(500).startsWith("r0", "r1").endsWith("r499");
        assertThat(b.ids).isEqualTo(a.ids); // a failing consumer in between stops nothing
        assertThat(a.closed).isTrue();
        assertThat(b.closed).isTrue();
        assertThat(q.consumed()).isEqualTo(500);
        assertThat(q.dropped()).isZero();
    }

    @Test
    void aFullQueueDropsAndCounts() {
        CountDownLatch release = new CountDownLatch(1);
        Recording slow = new Recording(release);
        ObservationQueue q = new ObservationQueue(8, List.of(slow)).start();
        for (int i = 0; i < 100; i++) {
            q.accept(outcome("r" + i)); // the observer holds at most one, the queue eight
        }
        assertThat(q.dropped()).isBetween(100L - 9, 100L - 8);
        release.countDown();
        q.close();
        assertThat(slow.ids.size() + q.dropped()).isEqualTo(100);
    }

    @Test
    void aReloadReachesTheConsumersOnTheObserverThread() throws Exception {
        Recording r = new Recording(new CountDownLatch(0));
        ObservationQueue q = new ObservationQueue(16, List.of(r)).start();
        GatewayConfig config = new ConfigLoader(Map.<String, String>of()::get).parse("""
                providers:
                  - {id: p, base_url: "http://127.0.0.1:1/v1", keys: [{id: k, secret: s}]}
                model_aliases: {m: p:gpt}
                """, "test");
        q.reconfigure(config);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (r.configs.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        q.close();
        assertThat(r.configs).containsExactly(config);
    }
}
