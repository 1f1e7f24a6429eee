package io.llmgateway.core.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.config.RuntimeStoreConfig;
import io.llmgateway.core.limits.ConcurrentKeyHealth;
import io.llmgateway.core.limits.Ticker;
import io.llmgateway.core.routing.RoutingTable;
import io.llmgateway.core.state.MemoryRuntimeStore;
import io.llmgateway.core.state.StateKeeper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two instances (registry + balancer + keeper each) on one runtime store: what one decides, the other honours. */
class KeySharingTest {

    private static final RuntimeStoreConfig STORE = new RuntimeStoreConfig("redis", "localhost:6379", "", 0, false, null,
            "t:", List.of(), 200, 0.05, 20, 5_000);
    private static final String YAML = Fixtures.oneProvider("""
            - id: a
              secret: "sk-a"
              limit_req_per_min: 20
            - id: b
              secret: "sk-b"
            """, "max_wait_ms: 0");

    private final MemoryRuntimeStore store = new MemoryRuntimeStore();
    private final List<StateKeeper> keepers = new ArrayList<>();

    @AfterEach
    void close() {
        keepers.forEach(StateKeeper::close);
    }

    private final class Instance {
        final KeyStateRegistry registry = new KeyStateRegistry(Ticker.system());
        final GatewayConfig config = Fixtures.config(YAML);
        final RoutingTable routing = new RoutingTable(config);
        final Balancer balancer;

        Instance() {
            StateKeeper k = new StateKeeper(store, STORE, Ticker.system()).start();
            keepers.add(k);
            registry.share(k);
            balancer = new Balancer(config, routing, registry);
        }

        KeyState key(String id) {
            return registry.key("p", id);
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void anAdminDisableOnOneInstanceIsHonouredByTheOther() {
        Instance one = new Instance();
        Instance two = new Instance();
        assertThat(one.registry.disable("p", "a", "rotating the key")).isTrue();
        await(() -> two.key("a").health.phase() == ConcurrentKeyHealth.Phase.DISABLED, "disabled on two");
        assertThat(two.key("a").disabledByAdmin).isTrue();
        assertThat(two.key("b").health.phase()).isEqualTo(ConcurrentKeyHealth.Phase.HEALTHY);

        assertThat(one.registry.enable("p", "a")).isTrue();
        await(() -> two.key("a").health.phase() == ConcurrentKeyHealth.Phase.HEALTHY, "enabled on two");
        assertThat(two.key("a").disabledByAdmin).isFalse();
    }

    @Test
    void aCooldownOnOneInstanceCoolsTheKeyOnTheOther() {
        Instance one = new Instance();
        Instance two = new Instance();
        long now = Ticker.system().nanoTime();
        one.key("b").health.onRateLimited(TimeUnit.SECONDS.toNanos(30), now, TimeUnit.SECONDS.toNanos(5));
        await(() -> two.key("b").health.phase() == ConcurrentKeyHealth.Phase.COOLING_DOWN, "cooling on two");
        assertThat(two.key("b").health.coolingUntil() - Ticker.system().nanoTime())
                .isBetween(TimeUnit.SECONDS.toNanos(20), TimeUnit.SECONDS.toNanos(31));
        assertThat(two.key("b").health.reason()).contains("rate limited");
    }

    @Test
    void aKeysRequestsPerMinuteHoldAcrossInstances() {
        Instance one = new Instance();
        Instance two = new Instance();
        one.registry.disable("p", "b", "only a");
        await(() -> two.key("b").health.phase() == ConcurrentKeyHealth.Phase.DISABLED, "b disabled on two");
        int acquired = 0;
        boolean oneOver = false;
        boolean twoOver = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(oneOver && twoOver) && System.nanoTime() < deadline) {
            for (Instance i : List.of(one, two)) {
                Lease l = i.balancer.acquire(i.routing.resolve("m"), Fixtures.request(10, 10), Set.of());
                if (l.outcome() == Lease.Outcome.ACQUIRED) {
                    acquired++;
                    l.release(Result.success(200, null, null));
                } else if (l.outcome() == Lease.Outcome.OVER_LIMIT) {
                    if (i == one) {
                        oneOver = true;
                    } else {
                        twoOver = true;
                    }
                    assertThat(l.retryAfterMs()).isPositive();
                }
            }
        }
        assertThat(oneOver && twoOver).as("both instances refuse with 429").isTrue();
        assertThat(acquired).as("key a's 20 requests per minute, cluster-wide").isEqualTo(20);
    }
}
