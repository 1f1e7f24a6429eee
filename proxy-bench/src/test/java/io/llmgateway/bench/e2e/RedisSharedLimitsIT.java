package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.testing.Await;
import io.llmgateway.core.testing.RedisNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SharedLimitsSuite} on one Redis node, and what happens when that Redis dies mid-traffic:
 * no request fails, each gateway falls back to half of each limit, and once Redis is back the
 * gateways share again, the outage's usage included.
 */
class RedisSharedLimitsIT extends SharedLimitsSuite {

    private static RedisNode redis;
    private final String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    @BeforeAll
    static void startRedis() {
        redis = RedisNode.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    String runtimeYaml() {
        return """
                type: redis
                addr: "%s"
                key_prefix: "%s"
                """.formatted(redis.addr(), prefix);
    }

    private int admitted(Gateway g, String model, int attempts) {
        int ok = 0;
        for (int i = 0; i < attempts; i++) {
            HttpResponse<String> r = direct(g, KEY, model);
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
            }
        }
        return ok;
    }

    @Test
    void redisKilledMidTrafficFailsNoRequestFallsBackToHalfEachAndRecovers() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Queue<String> errors = new ConcurrentLinkedQueue<>();
        Map<Integer, Integer> statuses = flood(8, KEY, "big-model", stop, errors);
        try {
            Await.until("traffic flowing", Duration.ofSeconds(20), () -> statuses.getOrDefault(200, 0) > 100);
            redis.kill();
            Await.until("both gateways report the store down", Duration.ofSeconds(20),
                    () -> metric(one, "llm_state_store_up") == 0 && metric(two, "llm_state_store_up") == 0);
            int before = statuses.getOrDefault(200, 0);
            Await.until("traffic still flowing without Redis", Duration.ofSeconds(20),
                    () -> statuses.getOrDefault(200, 0) > before + 100);
            assertThat(admitted(one, "small-model", 15)).as("20 rpm, 2 instances: gateway one alone takes 10")
                    .isEqualTo(10);

            redis.restart();
            Await.until("both gateways share again", Duration.ofSeconds(30),
                    () -> metric(one, "llm_state_store_up") == 1 && metric(two, "llm_state_store_up") == 1);
            int after = statuses.getOrDefault(200, 0);
            Await.until("traffic flowing after Redis came back", Duration.ofSeconds(20),
                    () -> statuses.getOrDefault(200, 0) > after + 100);
        } finally {
            stop.set(true);
        }
        awaitStable(() -> statuses.values().stream().mapToLong(Integer::longValue).sum());
        assertThat(errors).as("failed requests").isEmpty();
        assertThat(statuses.keySet()).as("every answer was a 200").containsOnly(200);
        assertThat(admitted(two, "small-model", 15)).as("the 10 gateway one used while Redis was down are counted")
                .isEqualTo(10);
        assertThat(one.process().output()).filteredOn(l -> l.contains("runtime store is unavailable")).hasSize(1);
    }
}
