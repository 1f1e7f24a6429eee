package io.llmgateway.core.admin.ops;

import static io.llmgateway.core.admin.ops.OpsFixtures.at;
import static io.llmgateway.core.admin.ops.OpsFixtures.get;
import static io.llmgateway.core.admin.ops.OpsFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.balance.Lease;
import io.llmgateway.core.balance.RequestInfo;
import io.llmgateway.core.balance.Result;
import io.llmgateway.core.observe.metrics.KeyTimings;
import io.llmgateway.core.observe.metrics.MetricsSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code GET /providers} over the real key registry: usage against limits, state, cooldowns, percentiles. */
class ProvidersRouteTest {

    private final OpsFixtures f = new OpsFixtures();
    private MetricsSnapshot metrics = new MetricsSnapshot(new byte[0], new byte[0], Map.of(), 0);
    private final ProvidersRoute route = new ProvidersRoute(f.config::get, f.keys, () -> metrics);

    private Map<String, Object> providers() {
        return json(route.handle(get("/providers", Map.of())));
    }

    private Lease acquire(String alias, long promptTokens, long maxTokens) {
        Lease l = f.balancer.acquire(f.routing.resolve(alias), new RequestInfo(promptTokens, maxTokens, false, List.of()),
                Set.of());
        assertThat(l.outcome()).isEqualTo(Lease.Outcome.ACQUIRED);
        return l;
    }

    @Test
    void listsProvidersAndKeysInConfigOrder() {
        Map<String, Object> p = providers();
        List<Object> data = at(p, "data");
        assertThat(data).hasSize(2);
        assertThat((Map<String, Object>) at(p, "data", 0)).containsAllEntriesOf(Map.of("id", "openai", "type", "openai",
                "base_url", "http://o/v1"));
        assertThat(((List<Object>) at(p, "data", 0, "keys")).stream().map(k -> at(k, "id"))).containsExactly(
                "k1", "shared", "off");
        Map<String, Object> k1 = at(p, "data", 0, "keys", 0);
        assertThat(k1).containsEntry("enabled", true).containsEntry("state", "healthy")
                .containsEntry("cooldown_until", null).containsEntry("in_flight", 0L).containsEntry("error_rate", 0.0);
        assertThat((Map<String, Object>) at(k1, "rpm")).containsExactly(Map.entry("used", 0L), Map.entry("limit", 500L));
        assertThat((Map<String, Object>) at(k1, "tpm")).containsExactly(Map.entry("used", 0L),
                Map.entry("limit", 100000L));
        assertThat((Map<String, Object>) at(k1, "latency_ms")).containsEntry("count", 0L).containsEntry("p50", null);
        Map<String, Object> off = at(p, "data", 0, "keys", 2);
        assertThat(off).containsEntry("enabled", false).containsEntry("state", "disabled");
        assertThat((String) off.get("reason")).startsWith("disabled in the config");
        assertThat((Map<String, Object>) at(p, "data", 1, "keys", 0, "rpm")).containsEntry("limit", 0L);
    }

    @Test
    void showsUsageOfTheMinuteAndRequestsInFlight() {
        Lease done = acquire("az", 100, 50);
        done.release(Result.success(200, new Usage(100, 20, 120, 0, 0), null));
        Lease open = acquire("az", 30, 10);
        Map<String, Object> shared = at(providers(), "data", 1, "keys", 0);
        assertThat((Map<String, Object>) at(shared, "rpm")).containsEntry("used", 2L);
        assertThat(shared).containsEntry("in_flight", 1L).containsEntry("max_concurrent", 3L);
        assertThat((long) at(shared, "tpm", "used")).as("120 settled + 40 reserved").isEqualTo(160L);
        open.release(Result.success(200, new Usage(30, 5, 35, 0, 0), null));
        Map<String, Object> after = at(providers(), "data", 1, "keys", 0);
        assertThat(after).containsEntry("in_flight", 0L);
        assertThat((long) at(after, "tpm", "used")).isEqualTo(155L);
    }

    @Test
    void aRateLimitedKeyShowsItsCooldownEnd() {
        acquire("az", 1, 1).release(Result.failure(ErrorKind.RATE_LIMITED, 429, -1, null));
        Map<String, Object> shared = at(providers(), "data", 1, "keys", 0);
        assertThat(shared).containsEntry("state", "cooling_down").containsEntry("enabled", true)
                .containsEntry("reason", "rate limited (429)");
        assertThat(shared.get("cooldown_until"))
                .isEqualTo(Instant.ofEpochMilli(f.ticker.currentTimeMillis() + 30_000).toString());
        assertThat((double) shared.get("error_rate")).isGreaterThan(0);
    }

    @Test
    void anAdminDisabledKeyIsDisabledWithItsReason() {
        f.keys.disable("openai", "k1", null);
        Map<String, Object> k1 = at(providers(), "data", 0, "keys", 0);
        assertThat(k1).containsEntry("enabled", false).containsEntry("state", "disabled")
                .containsEntry("reason", "disabled by an administrator");
    }

    @Test
    void givesTheKeysPercentilesFromTheObserversLastRendering() {
        metrics = new MetricsSnapshot(new byte[0], new byte[0], Map.of("openai", Map.of("k1", new KeyTimings(
                new KeyTimings.Percentiles(10, 50.5, 80, 120), new KeyTimings.Percentiles(4, 20, 30, 40)))), 0);
        Map<String, Object> k1 = at(providers(), "data", 0, "keys", 0);
        assertThat((Map<String, Object>) at(k1, "latency_ms")).containsExactly(Map.entry("count", 10L),
                Map.entry("p50", 50.5), Map.entry("p90", 80.0), Map.entry("p99", 120.0));
        assertThat((Map<String, Object>) at(k1, "ttft_ms")).containsEntry("p99", 40.0);
        assertThat((Map<String, Object>) at(providers(), "data", 0, "keys", 1, "latency_ms"))
                .containsEntry("count", 0L);
    }

    @Test
    void listsTheDeploymentsOfAKeyWithTheirBreaker() {
        acquire("gpt-4o", 1, 1).release(Result.success(200, null, null));
        List<Object> deployments = at(providers(), "data", 0, "keys", 0, "deployments");
        assertThat(deployments).hasSize(1);
        assertThat((Map<String, Object>) deployments.get(0)).containsEntry("model", "gpt-4o")
                .containsEntry("breaker", "closed").containsEntry("breaker_open_until", null);
    }
}
