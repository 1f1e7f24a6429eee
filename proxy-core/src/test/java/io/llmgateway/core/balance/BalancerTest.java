package io.llmgateway.core.balance;

import static io.llmgateway.core.balance.Fixtures.oneProvider;
import static io.llmgateway.core.balance.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.balance.Fixtures.Setup;
import io.llmgateway.core.balance.Lease.Outcome;
import io.llmgateway.core.routing.Deployment;
import io.llmgateway.core.routing.Route;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BalancerTest {

    private static final String THREE_KEYS = """
            - {id: a, secret: s, limit_req_per_min: 2}
            - {id: b, secret: s, limit_req_per_min: 2}
            - {id: c, secret: s, limit_req_per_min: 2}
            """;

    private static String keyOf(Lease l) {
        return l.deployment().key().id();
    }

    @Test
    void roundRobinTakesEachKeyInTurnAndRefusesWithATruthfulRetryAfter() {
        Setup s = new Setup(oneProvider(THREE_KEYS, "strategy: round-robin"));
        Route m = s.route("m");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Lease l = s.balancer.acquire(m, request(10, 10), Set.of());
            assertThat(l.outcome()).isEqualTo(Outcome.ACQUIRED);
            keys.add(keyOf(l));
            l.release(Result.success(200, Usage.of(10, 10), null));
            s.ticker.advanceMillis(1_000);
        }
        assertThat(keys).containsExactly("a", "b", "c", "a", "b", "c");

        Lease refused = s.balancer.acquire(m, request(10, 10), Set.of());
        assertThat(refused.outcome()).isEqualTo(Outcome.OVER_LIMIT);
        // The first admission (key a) was 6 s ago: it leaves the window in 54 s.
        assertThat(refused.retryAfterMs()).isEqualTo(54_000);
        s.ticker.advanceMillis(53_999);
        assertThat(s.balancer.acquire(m, request(10, 10), Set.of()).outcome()).isEqualTo(Outcome.OVER_LIMIT);
        s.ticker.advanceMillis(1);
        Lease again = s.balancer.acquire(m, request(10, 10), Set.of());
        assertThat(again.outcome()).isEqualTo(Outcome.ACQUIRED);
        assertThat(keyOf(again)).isEqualTo("a");
        again.release(Result.CANCELLED);
    }

    @Test
    void excludedDeploymentsAreSkippedAndExcludingAllLeavesNoCandidate() {
        Setup s = new Setup(oneProvider(THREE_KEYS, "strategy: round-robin"));
        Route m = s.route("m");
        Set<Deployment> tried = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            Lease l = s.balancer.acquire(m, request(1, 1), tried);
            assertThat(l.outcome()).isEqualTo(Outcome.ACQUIRED);
            assertThat(tried.add(l.deployment())).as("a retry goes to a deployment not tried yet").isTrue();
            l.release(Result.failure(ErrorKind.CONNECT, 0, -1, null));
        }
        Lease none = s.balancer.acquire(m, request(1, 1), tried);
        assertThat(none.outcome()).isEqualTo(Outcome.NO_CANDIDATE);
        assertThat(none.retryAfterMs()).isEqualTo(-1);
        none.release(Result.CANCELLED);
    }

    @Test
    void tokensAreReservedAtAdmissionAndSettledAgainstRealUsage() {
        Setup s = new Setup(oneProvider("- {id: a, secret: s, limit_tokens_per_min: 1000}",
                "default_max_tokens: 300"));
        Route m = s.route("m");
        Lease first = s.balancer.acquire(m, request(400, 0), Set.of()); // 400 + default 300
        assertThat(first.outcome()).isEqualTo(Outcome.ACQUIRED);
        assertThat(s.key("p", "a").tpmUsed()).isEqualTo(700);
        Lease second = s.balancer.acquire(m, request(200, 200), Set.of());
        assertThat(second.outcome()).as("700 + 400 > 1000").isEqualTo(Outcome.OVER_LIMIT);
        assertThat(second.retryAfterMs()).isEqualTo(61_000);

        first.release(Result.success(200, Usage.of(400, 50), null));
        assertThat(s.key("p", "a").tpmUsed()).isEqualTo(450);
        Lease third = s.balancer.acquire(m, request(200, 200), Set.of());
        assertThat(third.outcome()).isEqualTo(Outcome.ACQUIRED);
        third.release(Result.failure(ErrorKind.CONNECT, 0, -1, null));
        assertThat(s.key("p", "a").tpmUsed()).as("nothing was generated: the reservation is given back")
                .isEqualTo(450);
    }

    @Test
    void aFullKeyRefusesWithBulkheadFull() {
        Setup s = new Setup(oneProvider("- {id: a, secret: s, max_concurrent: 1}", "max_wait_ms: 0"));
        Route m = s.route("m");
        Lease held = s.balancer.acquire(m, request(1, 1), Set.of());
        Lease refused = s.balancer.acquire(m, request(1, 1), Set.of());
        assertThat(refused.outcome()).isEqualTo(Outcome.BULKHEAD_FULL);
        assertThat(refused.retryAfterMs()).isPositive();
        held.release(Result.success(200, null, null));
        Lease next = s.balancer.acquire(m, request(1, 1), Set.of());
        assertThat(next.outcome()).isEqualTo(Outcome.ACQUIRED);
        next.release(Result.success(200, null, null));
    }

    @Test
    void aRateLimitedKeyCoolsDownForTheProvidersRetryAfterThenIsProbedThenRampsUp() {
        Setup s = new Setup(oneProvider("""
                - {id: a, secret: s}
                - {id: b, secret: s}
                """, "{strategy: round-robin, cooldown_ms: 10000, ramp_ms: 30000}"));
        Route m = s.route("m");
        Lease a = s.balancer.acquire(m, request(1, 1), Set.of());
        assertThat(keyOf(a)).isEqualTo("a");
        a.release(Result.failure(ErrorKind.RATE_LIMITED, 429, 2_000, null));
        assertThat(s.key("p", "a").health()).isEqualTo("COOLING_DOWN");
        assertThat(s.key("p", "a").cooldownRemainingMs()).isEqualTo(2_000);
        for (int i = 0; i < 4; i++) {
            Lease l = s.balancer.acquire(m, request(1, 1), Set.of());
            assertThat(keyOf(l)).as("only b while a cools down").isEqualTo("b");
            l.release(Result.success(200, null, null));
        }
        s.ticker.advanceMillis(2_000);
        Lease probe = null;
        for (int i = 0; i < 2 && probe == null; i++) {
            Lease l = s.balancer.acquire(m, request(1, 1), Set.of());
            if (keyOf(l).equals("a")) {
                probe = l;
            } else {
                l.release(Result.success(200, null, null));
            }
        }
        assertThat(probe).as("the cooled-down key gets a probe").isNotNull();
        assertThat(s.key("p", "a").health()).isEqualTo("HALF_OPEN");
        Lease other = s.balancer.acquire(m, request(1, 1), Set.of());
        assertThat(keyOf(other)).as("one probe at a time").isEqualTo("b");
        other.release(Result.success(200, null, null));
        probe.release(Result.success(200, null, null));
        assertThat(s.key("p", "a").health()).isEqualTo("HEALTHY");
        assertThat(s.key("p", "a").weightFactor()).isEqualTo(0.1);

        s.ticker.advanceMillis(15_000);
        assertThat(s.key("p", "a").weightFactor()).isCloseTo(0.55, org.assertj.core.data.Offset.offset(1e-9));
        int toA = 0;
        for (int i = 0; i < 1_000; i++) {
            Lease l = s.balancer.acquire(m, request(1, 1), Set.of());
            if (keyOf(l).equals("a")) {
                toA++;
            }
            l.release(Result.success(200, null, null));
        }
        // Round robin would give a half; ramping at 0.55 it gets about 0.55 × 0.5.
        assertThat(toA).isBetween(230, 330);
        s.ticker.advanceMillis(15_000);
        assertThat(s.key("p", "a").weightFactor()).isEqualTo(1.0);
    }

    @Test
    void aRateLimitWithoutRetryAfterUsesTheProvidersResetHeadersElseTheCooldown() {
        Setup s = new Setup(oneProvider("- {id: a, secret: s}", "cooldown_ms: 10000"));
        Route m = s.route("m");
        Map<String, String> headers = Map.of(
                "x-ratelimit-limit-requests", "100",
                "x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", "3s",
                "x-ratelimit-remaining-tokens", "5000",
                "x-ratelimit-reset-tokens", "1s");
        s.balancer.acquire(m, request(1, 1), Set.of())
                .release(Result.failure(ErrorKind.RATE_LIMITED, 429, -1, headers::get));
        assertThat(s.key("p", "a").cooldownRemainingMs()).isEqualTo(3_000);
        Lease refused = s.balancer.acquire(m, request(1, 1), Set.of());
        assertThat(refused.outcome()).isEqualTo(Outcome.OVER_LIMIT);
        assertThat(refused.retryAfterMs()).isEqualTo(3_000);

        s.ticker.advanceMillis(3_000);
        s.balancer.acquire(m, request(1, 1), Set.of()).release(Result.failure(ErrorKind.RATE_LIMITED, 429, -1, null));
        assertThat(s.key("p", "a").cooldownRemainingMs()).isEqualTo(10_000);
    }

    @Test
    void consecutiveServerErrorsCoolAKeyDown() {
        Setup s = new Setup(oneProvider("- {id: a, secret: s}", "{failure_threshold: 2, cooldown_ms: 5000}"));
        Route m = s.route("m");
        s.balancer.acquire(m, request(1, 1), Set.of()).release(Result.failure(ErrorKind.SERVER_ERROR, 500, -1, null));
        assertThat(s.key("p", "a").health()).isEqualTo("HEALTHY");
        s.balancer.acquire(m, request(1, 1), Set.of()).release(Result.failure(ErrorKind.SERVER_ERROR, 502, -1, null));
        assertThat(s.key("p", "a").health()).isEqualTo("COOLING_DOWN");
        assertThat(s.key("p", "a").reason()).contains("2 consecutive failures");
        assertThat(s.balancer.acquire(m, request(1, 1), Set.of()).retryAfterMs()).isEqualTo(5_000);
    }

    @Test
    void repeatedAuthFailuresDisableTheKeyUntilAReloadOrAnAdmin() {
        String yaml = oneProvider("- {id: a, secret: s}", "{auth_failure_threshold: 2, failure_threshold: 5}");
        Setup s = new Setup(yaml);
        Route m = s.route("m");
        s.balancer.acquire(m, request(1, 1), Set.of()).release(Result.failure(ErrorKind.AUTH, 401, -1, null));
        s.balancer.acquire(m, request(1, 1), Set.of()).release(Result.failure(ErrorKind.AUTH, 403, -1, null));
        assertThat(s.key("p", "a").health()).isEqualTo("DISABLED");
        assertThat(s.balancer.acquire(m, request(1, 1), Set.of()).outcome()).isEqualTo(Outcome.NO_CANDIDATE);
        assertThat(s.balancer.capacity(m).limitRequests()).isEqualTo(-1);

        Setup reloaded = s.reload(yaml);
        assertThat(reloaded.key("p", "a").health()).as("a reload re-enables a key the provider refused").isEqualTo("HEALTHY");
        Lease l = reloaded.balancer.acquire(reloaded.route("m"), request(1, 1), Set.of());
        assertThat(l.outcome()).isEqualTo(Outcome.ACQUIRED);
        l.release(Result.success(200, null, null));

        reloaded.balancer.acquire(reloaded.route("m"), request(1, 1), Set.of())
                .release(Result.failure(ErrorKind.AUTH, 401, -1, null));
        reloaded.balancer.acquire(reloaded.route("m"), request(1, 1), Set.of())
                .release(Result.failure(ErrorKind.AUTH, 401, -1, null));
        assertThat(s.key("p", "a").health()).isEqualTo("DISABLED");
        assertThat(s.registry.enable("p", "a")).isTrue();
        assertThat(s.key("p", "a").health()).isEqualTo("HEALTHY");
        assertThat(s.registry.enable("p", "nope")).isFalse();
    }

    @Test
    void aKeyAnAdminDisabledStaysDisabledAcrossReloadsUntilEnabled() {
        String yaml = oneProvider("- {id: a, secret: s}\n- {id: b, secret: s}", "{}");
        Setup s = new Setup(yaml);
        assertThat(s.registry.disable("p", "a", "")).isTrue();
        assertThat(s.key("p", "a").reason()).isEqualTo("disabled by an administrator");

        Setup reloaded = s.reload(yaml);
        assertThat(reloaded.key("p", "a").health()).isEqualTo("DISABLED");
        for (int i = 0; i < 4; i++) {
            Lease l = reloaded.balancer.acquire(reloaded.route("m"), request(1, 1), Set.of());
            assertThat(l.outcome()).isEqualTo(Outcome.ACQUIRED);
            assertThat(l.deployment().key().id()).isEqualTo("b");
            l.release(Result.success(200, null, null));
        }

        assertThat(reloaded.registry.enable("p", "a")).isTrue();
        assertThat(reloaded.reload(yaml).key("p", "a").health()).isEqualTo("HEALTHY");
        assertThat(s.registry.disable("p", "nope", "")).isFalse();
    }

    @Test
    void aKeyAnAdminDisabledThatLeavesTheConfigComesBackEnabled() {
        Setup s = new Setup(oneProvider("- {id: a, secret: s}\n- {id: b, secret: s}", "{}"));
        s.registry.disable("p", "a", "");
        Setup without = s.reload(oneProvider("- {id: b, secret: s}", "{}"));
        assertThat(without.registry.snapshot()).extracting(KeyStateView::keyId).containsExactly("b");
        assertThat(without.reload(oneProvider("- {id: a, secret: s}\n- {id: b, secret: s}", "{}")).key("p", "a").health())
                .isEqualTo("HEALTHY");
    }

    @Test
    void theBreakerOfADeploymentOpensOnFailuresThenProbes() {
        Setup s = new Setup("""
                providers:
                  - id: p
                    type: openai
                    base_url: "http://h/v1"
                    keys: [{id: a, secret: s}]
                model_aliases:
                  m: p:model
                  other: p:model-2
                policy:
                  failure_threshold: 1000
                  breaker: {failure_rate: 0.5, min_requests: 4, open_ms: 20000, half_open_probes: 1}
                """);
        Route m = s.route("m");
        for (int i = 0; i < 4; i++) {
            s.balancer.acquire(m, request(1, 1), Set.of()).release(Result.failure(ErrorKind.OVERLOADED, 503, -1, null));
        }
        assertThat(s.key("p", "a").deployments()).filteredOn(d -> d.model().equals("model"))
                .singleElement().satisfies(d -> assertThat(d.breaker()).isEqualTo("OPEN"));
        Lease refused = s.balancer.acquire(m, request(1, 1), Set.of());
        assertThat(refused.outcome()).isEqualTo(Outcome.OVER_LIMIT);
        assertThat(refused.retryAfterMs()).isEqualTo(20_000);
        Lease otherModel = s.balancer.acquire(s.route("other"), request(1, 1), Set.of());
        assertThat(otherModel.outcome()).as("the breaker is per model").isEqualTo(Outcome.ACQUIRED);
        otherModel.release(Result.success(200, null, null));

        s.ticker.advanceMillis(20_000);
        Lease probe = s.balancer.acquire(m, request(1, 1), Set.of());
        assertThat(probe.outcome()).isEqualTo(Outcome.ACQUIRED);
        assertThat(s.balancer.acquire(m, request(1, 1), Set.of()).outcome()).as("one probe").isEqualTo(Outcome.OVER_LIMIT);
        probe.release(Result.success(200, null, null));
        assertThat(s.key("p", "a").deployments().get(0).breaker()).isEqualTo("CLOSED");
        Lease ok = s.balancer.acquire(m, request(1, 1), Set.of());
        assertThat(ok.outcome()).isEqualTo(Outcome.ACQUIRED);
        ok.release(Result.success(200, null, null));
    }

    @Test
    void aKeyTheProviderSaysIsExhaustedIsSkippedUntilTheResetAndANearlyExhaustedOneGoesLast() {
        Setup s = new Setup(oneProvider("""
                - {id: a, secret: s}
                - {id: b, secret: s}
                """, "strategy: round-robin"));
        Route m = s.route("m");
        Map<String, String> empty = Map.of("x-ratelimit-limit-tokens", "1000", "x-ratelimit-remaining-tokens", "0",
                "x-ratelimit-reset-tokens", "5s", "x-ratelimit-remaining-requests", "10");
        Lease a = s.balancer.acquire(m, request(1, 1), Set.of());
        assertThat(keyOf(a)).isEqualTo("a");
        a.release(Result.success(200, null, empty::get));
        for (int i = 0; i < 3; i++) {
            Lease l = s.balancer.acquire(m, request(1, 1), Set.of());
            assertThat(keyOf(l)).isEqualTo("b");
            l.release(Result.success(200, null, null));
        }
        s.ticker.advanceMillis(5_000);
        Map<String, String> low = Map.of("x-ratelimit-limit-requests", "1000", "x-ratelimit-remaining-requests", "20",
                "x-ratelimit-reset-requests", "30s");
        Lease l1 = s.balancer.acquire(m, request(1, 1), Set.of());
        Lease l2 = s.balancer.acquire(m, request(1, 1), Set.of());
        assertThat(List.of(keyOf(l1), keyOf(l2))).containsExactlyInAnyOrder("a", "b");
        Lease onA = keyOf(l1).equals("a") ? l1 : l2;
        Lease onB = onA == l1 ? l2 : l1;
        onA.release(Result.success(200, null, low::get));
        onB.release(Result.success(200, null, null));
        for (int i = 0; i < 4; i++) {
            Lease l = s.balancer.acquire(m, request(1, 1), Set.of());
            assertThat(keyOf(l)).as("a is nearly out: b first").isEqualTo("b");
            Lease second = s.balancer.acquire(m, request(1, 1), Set.of(l.deployment()));
            assertThat(keyOf(second)).as("but a still serves when b cannot").isEqualTo("a");
            second.release(Result.success(200, null, null));
            l.release(Result.success(200, null, null));
        }
    }

    @Test
    void capacitySumsTheKeysOfTheRoute() {
        Setup s = new Setup(oneProvider("""
                - {id: a, secret: s, limit_req_per_min: 10, limit_tokens_per_min: 1000}
                - {id: b, secret: s, limit_req_per_min: 20, limit_tokens_per_min: 3000}
                """, "default_max_tokens: 100"));
        Route m = s.route("m");
        Lease l = s.balancer.acquire(m, request(100, 100), Set.of());
        RouteCapacity c = s.balancer.capacity(m);
        assertThat(c.limitRequests()).isEqualTo(30);
        assertThat(c.remainingRequests()).isEqualTo(29);
        assertThat(c.limitTokens()).isEqualTo(4000);
        assertThat(c.remainingTokens()).isEqualTo(3800);
        assertThat(c.resetRequestsMs()).isEqualTo(61_000);
        l.release(Result.success(200, Usage.of(100, 10), null));
        assertThat(s.balancer.capacity(m).remainingTokens()).isEqualTo(3890);
        assertThat(RouteCapacity.formatDuration(61_000)).isEqualTo("1m1s");
        assertThat(RouteCapacity.formatDuration(1_500)).isEqualTo("1.5s");
        assertThat(RouteCapacity.formatDuration(12)).isEqualTo("12ms");

        Setup unlimited = new Setup(oneProvider("- {id: a, secret: s}", "strategy: round-robin"));
        assertThat(unlimited.balancer.capacity(unlimited.route("m")).limitTokens()).isEqualTo(-1);
    }

    @Test
    void aReloadKeepsUsageHealthAndLatency() {
        String v1 = oneProvider("- {id: a, secret: s, limit_req_per_min: 3}", "strategy: round-robin");
        Setup s = new Setup(v1);
        Lease l = s.balancer.acquire(s.route("m"), request(1, 1), Set.of());
        l.onFirstByte(50_000_000);
        l.release(Result.success(200, null, null));
        Lease l2 = s.balancer.acquire(s.route("m"), request(1, 1), Set.of());
        l2.onFirstByte(50_000_000);
        l2.release(Result.success(200, null, null));

        Setup s2 = s.reload(oneProvider("- {id: a, secret: s, limit_req_per_min: 2}", "strategy: least-busy"));
        assertThat(s2.balancer.strategy(s2.route("m"))).isEqualTo("least-busy");
        assertThat(s2.balancer.acquire(s2.route("m"), request(1, 1), Set.of()).outcome())
                .as("2 requests this minute already").isEqualTo(Outcome.OVER_LIMIT);
        assertThat(s2.key("p", "a").latencyMs()).isEqualTo(50.0);
        assertThat(s2.key("p", "a").rpmLimit()).isEqualTo(2);
    }

    @Test
    void aLeaseIsReleasedExactlyOnceAndRefusalsHoldNothing() {
        Setup s = new Setup(oneProvider("- {id: a, secret: s}", "strategy: round-robin"));
        Lease l = s.balancer.acquire(s.route("m"), request(1, 1), Set.of());
        l.release(Result.success(200, null, null));
        assertThatThrownBy(() -> l.release(Result.success(200, null, null))).isInstanceOf(IllegalStateException.class);
        assertThat(s.key("p", "a").inFlight()).isZero();
    }

    @Test
    void theSnapshotShowsUsageLimitsAndHealth() {
        Setup s = new Setup(oneProvider("- {id: a, secret: s, limit_req_per_min: 60, limit_tokens_per_min: 9000, max_concurrent: 4}",
                "strategy: round-robin"));
        Lease l = s.balancer.acquire(s.route("m"), request(100, 100), Set.of());
        KeyStateView v = s.key("p", "a");
        assertThat(v.rpmLimit()).isEqualTo(60);
        assertThat(v.rpmUsed()).isEqualTo(1);
        assertThat(v.tpmUsed()).isEqualTo(200);
        assertThat(v.inFlight()).isEqualTo(1);
        assertThat(v.maxConcurrent()).isEqualTo(4);
        assertThat(v.health()).isEqualTo("HEALTHY");
        assertThat(v.errorRate()).isZero();
        assertThat(v.deployments()).singleElement().satisfies(d -> {
            assertThat(d.model()).isEqualTo("model");
            assertThat(d.breaker()).isEqualTo("CLOSED");
        });
        l.release(Result.failure(ErrorKind.SERVER_ERROR, 500, -1, null));
        assertThat(s.key("p", "a").errorRate()).isEqualTo(1.0);
    }
}
