package io.llmgateway.core.balance;

import static io.llmgateway.core.balance.Fixtures.oneProvider;
import static io.llmgateway.core.balance.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.balance.Fixtures.Setup;
import io.llmgateway.core.balance.Lease.Outcome;
import io.llmgateway.core.routing.Route;
import io.llmgateway.core.routing.Deployment;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StrategiesTest {

    private static String key(Lease l) {
        return l.deployment().key().id();
    }

    /** How often each key is picked over {@code n} acquire/release rounds with {@code info}. */
    private static Map<String, Integer> picks(Setup s, Route r, RequestInfo info, int n) {
        Map<String, Integer> count = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Lease l = s.balancer.acquire(r, info, Set.of());
            assertThat(l.outcome()).isEqualTo(Outcome.ACQUIRED);
            count.merge(key(l), 1, Integer::sum);
            l.release(Result.success(200, null, null));
        }
        return count;
    }

    @Test
    void simpleShuffleFollowsTheWeights() {
        Setup s = new Setup(oneProvider("""
                - {id: a, secret: s, weight: 1}
                - {id: b, secret: s, weight: 3}
                - {id: c, secret: s, weight: 0}
                """, "strategy: simple-shuffle"));
        Map<String, Integer> n = picks(s, s.route("m"), request(1, 1), 4_000);
        assertThat(n.get("a")).isBetween(850, 1150);
        assertThat(n.get("b")).isBetween(2850, 3150);
        assertThat(n).as("weight 0: only when nothing else can").doesNotContainKey("c");
    }

    @Test
    void leastBusyPicksTheKeyWithFewestInFlight() {
        Setup s = new Setup(oneProvider("""
                - {id: a, secret: s}
                - {id: b, secret: s}
                - {id: c, secret: s}
                """, "strategy: least-busy"));
        Route m = s.route("m");
        Lease a1 = take(s, m, "a", request(1, 1));
        Lease a2 = take(s, m, "a", request(1, 1));
        Lease b1 = take(s, m, "b", request(1, 1));
        Lease next = s.balancer.acquire(m, request(1, 1), Set.of());
        assertThat(key(next)).isEqualTo("c");
        Lease then = s.balancer.acquire(m, request(1, 1), Set.of());
        assertThat(key(then)).as("b and c have one each, a two").isIn("b", "c");
        for (Lease l : List.of(a1, a2, b1, next, then)) {
            l.release(Result.success(200, null, null));
        }
    }

    /** Acquires on key {@code id} by excluding every other deployment. */
    private static Lease take(Setup s, Route m, String id, RequestInfo info) {
        Set<Deployment> others = new HashSet<>();
        for (Candidate c : s.balancer.plan(m).candidates()) {
            if (!c.deployment().key().id().equals(id)) {
                others.add(c.deployment());
            }
        }
        Lease l = s.balancer.acquire(m, info, others);
        assertThat(l.outcome()).isEqualTo(Outcome.ACQUIRED);
        return l;
    }

    private static Lease take(Setup s, Route m, String id) {
        return take(s, m, id, request(1, 1));
    }

    @Test
    void lowestLatencyPrefersTheFastestAndTriesUnknownOnesAsIfFastest() {
        Setup s = new Setup(oneProvider("""
                - {id: a, secret: s}
                - {id: b, secret: s}
                """, "strategy: lowest-latency"));
        Route m = s.route("m");
        sample(s, m, "a", 100, false);
        sample(s, m, "b", 400, false);
        sample(s, m, "a", 900, true); // a is fast to answer but slow to stream
        sample(s, m, "b", 50, true);
        s.ticker.advanceMillis(100); // the fastest known latency is refreshed every 100 ms
        assertThat(picks(s, m, request(1, 1), 200)).containsOnlyKeys("a");
        assertThat(picks(s, m, new RequestInfo(1, 1, true, List.of()), 200)).containsOnlyKeys("b");

        Setup fresh = new Setup(oneProvider("""
                - {id: a, secret: s}
                - {id: b, secret: s}
                """, "strategy: lowest-latency"));
        sample(fresh, fresh.route("m"), "a", 100, false);
        fresh.ticker.advanceMillis(100);
        assertThat(picks(fresh, fresh.route("m"), request(1, 1), 400)).as("b untried: as fast as the fastest")
                .containsOnlyKeys("a", "b");
    }

    private static void sample(Setup s, Route m, String id, long millis, boolean stream) {
        Lease l = take(s, m, id, new RequestInfo(1, 1, stream, List.of()));
        l.onFirstByte(millis * 1_000_000);
        l.release(Result.success(200, null, null));
    }

    @Test
    void lowestTpmRpmPicksTheKeyWithFewestTokensThisMinute() {
        Setup s = new Setup(oneProvider("""
                - {id: a, secret: s}
                - {id: b, secret: s}
                """, "strategy: lowest-tpm-rpm"));
        Route m = s.route("m");
        Lease big = take(s, m, "a");
        big.release(Result.success(200, Usage.of(5_000, 0), null));
        assertThat(picks(s, m, request(10, 10), 50)).containsOnlyKeys("b");
    }

    @Test
    void leastUsedComparesUsageRelativeToEachKeysLimits() {
        Setup s = new Setup(oneProvider("""
                - {id: small, secret: s, limit_tokens_per_min: 10000}
                - {id: large, secret: s, limit_tokens_per_min: 1000000}
                """, "strategy: least-used"));
        Route m = s.route("m");
        take(s, m, "small").release(Result.success(200, Usage.of(1_000, 0), null));
        take(s, m, "large").release(Result.success(200, Usage.of(50_000, 0), null));
        // small: 10 % used, large: 5 % used, although large used 50 times more tokens
        Lease l = s.balancer.acquire(m, request(10, 10), Set.of());
        assertThat(key(l)).isEqualTo("large");
        l.release(Result.success(200, null, null));
    }

    private static final String PRICED = """
            providers:
              - id: cheap
                type: openai
                base_url: "http://h/v1"
                price_per_million: {prompt: 0.15, completion: 0.6}
                keys: [{id: c1, secret: s}, {id: c2, secret: s}]
              - id: dear
                type: openai
                base_url: "http://h/v1"
                price_per_million: {prompt: 0.5, completion: 0.1, big: {prompt: 30, completion: 60}}
                keys: [{id: d1, secret: s}]
              - id: unknown
                type: openai
                base_url: "http://h/v1"
                keys: [{id: u1, secret: s}]
            model_aliases:
              m:
                strategy: %s
                targets: [cheap:small, dear:small, unknown:small, dear:big]
            """;

    @Test
    void lowestCostPicksTheCheapestForThisRequestAndUnknownPricesLast() {
        Setup s = new Setup(PRICED.formatted("lowest-cost"));
        Route m = s.route("m");
        // Short prompt, long answer: dear's cheap completions win (0.5*10 + 0.1*1000 < 0.15*10 + 0.6*1000).
        assertThat(picks(s, m, request(10, 1_000), 20)).containsOnlyKeys("d1");
        // Long prompt, short answer: cheap wins.
        assertThat(picks(s, m, request(10_000, 10), 20).keySet()).containsAnyOf("c1", "c2").doesNotContain("d1", "u1");
        Set<Deployment> cheapOnes = new HashSet<>();
        for (Candidate c : s.balancer.plan(m).candidates()) {
            if (c.deployment().upstreamModel().equals("small") && !c.deployment().key().id().equals("u1")) {
                cheapOnes.add(c.deployment());
            }
        }
        Lease big = s.balancer.acquire(m, request(10_000, 10), cheapOnes);
        assertThat(big.deployment().upstreamModel()).as("an expensive known price before an unknown one")
                .isEqualTo("big");
        Set<Deployment> allButUnknown = new HashSet<>(cheapOnes);
        allButUnknown.add(big.deployment());
        Lease l = s.balancer.acquire(m, request(10_000, 10), allButUnknown);
        assertThat(key(l)).as("unknown price: used when nothing else is left").isEqualTo("u1");
        l.release(Result.success(200, null, null));
        big.release(Result.success(200, null, null));
    }

    @Test
    void costFirstBreaksEqualPricesByUsage() {
        Setup s = new Setup(PRICED.formatted("cost-first"));
        Route m = s.route("m");
        Lease c1 = s.balancer.acquire(m, request(10_000, 10), Set.of());
        String first = key(c1);
        c1.release(Result.success(200, Usage.of(10_000, 10), null));
        // Both cheap keys are unlimited (usage ratio 0): ties shuffle, never to the dearer provider.
        assertThat(picks(s, m, request(10_000, 10), 100)).containsOnlyKeys("c1", "c2");
        assertThat(first).isIn("c1", "c2");
    }

    private static final String TAGGED = """
            providers:
              - id: p
                type: openai
                base_url: "http://h/v1"
                keys: [{id: k, secret: s}]
            model_aliases:
              m:
                strategy: tag-based
                targets:
                  - {target: "p:eu-model", tags: [eu]}
                  - {target: "p:us-model", tags: [us, default]}
                  - {target: "p:any-model"}
            """;

    @Test
    void tagBasedKeepsToTheRequestsTagsThenTheDefault() {
        Setup s = new Setup(TAGGED);
        Route m = s.route("m");
        assertThat(models(s, m, List.of("eu"))).containsOnly("eu-model");
        assertThat(models(s, m, List.of("us", "eu"))).containsOnly("us-model", "eu-model");
        assertThat(models(s, m, List.of())).as("no tags: the default-tagged ones").containsOnly("us-model");
        assertThat(models(s, m, List.of("asia"))).as("no match: the default").containsOnly("us-model");

        Setup noDefault = new Setup(TAGGED.replace("[us, default]", "[us]"));
        Route m2 = noDefault.route("m");
        assertThat(models(noDefault, m2, List.of())).containsOnly("eu-model", "us-model", "any-model");
        assertThat(noDefault.balancer.acquire(m2, new RequestInfo(1, 1, false, List.of("asia")), Set.of()).outcome())
                .isEqualTo(Outcome.NO_CANDIDATE);
    }

    private static java.util.Set<String> models(Setup s, Route m, List<String> tags) {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (int i = 0; i < 60; i++) {
            Lease l = s.balancer.acquire(m, new RequestInfo(1, 1, false, tags), Set.of());
            out.add(l.deployment().upstreamModel());
            l.release(Result.success(200, null, null));
        }
        return out;
    }

    @Test
    void hybridWeighsUsageErrorsAndLatency() {
        Setup s = new Setup(oneProvider("""
                - {id: busy, secret: s, limit_req_per_min: 100, limit_tokens_per_min: 10000}
                - {id: flaky, secret: s, limit_req_per_min: 100, limit_tokens_per_min: 10000}
                - {id: fresh, secret: s, limit_req_per_min: 100, limit_tokens_per_min: 10000}
                """, """
                strategy: hybrid
                failure_threshold: 1000
                hybrid_weights: {token_ratio: 0.5, req_ratio: 0.3, error_score: 0.1, latency: 0.1}
                """));
        Route m = s.route("m");
        take(s, m, "busy").release(Result.success(200, Usage.of(8_000, 0), null)); // token_ratio 0.8
        for (int i = 0; i < 3; i++) {
            take(s, m, "flaky").release(Result.failure(ErrorKind.SERVER_ERROR, 500, -1, null)); // error_score ~0.27, req_ratio 0.03
        }
        Lease l = s.balancer.acquire(m, request(10, 10), Set.of());
        assertThat(key(l)).isEqualTo("fresh");
        l.release(Result.success(200, Usage.of(10, 10), null));

        // Fresh gets much busier than flaky's errors weigh: then flaky wins.
        take(s, m, "fresh").release(Result.success(200, Usage.of(9_000, 0), null));
        Lease next = s.balancer.acquire(m, request(10, 10), Set.of());
        assertThat(key(next)).isEqualTo("flaky");
        next.release(Result.success(200, null, null));
    }

    @Test
    void anAliasMayOverrideTheStrategy() {
        Setup s = new Setup("""
                providers:
                  - {id: p, type: openai, base_url: "http://h/v1", keys: [{id: k, secret: s}]}
                model_aliases:
                  a: p:x
                  b: {strategy: lowest-cost, targets: [p:y]}
                policy: {strategy: least-busy}
                """);
        assertThat(s.balancer.strategy(s.route("a"))).isEqualTo("least-busy");
        assertThat(s.balancer.strategy(s.route("b"))).isEqualTo("lowest-cost");
        assertThat(s.balancer.strategy(s.route("p/x"))).isEqualTo("least-busy");
    }

    @Test
    void onALargeRouteASampledStrategyStillFindsTheOnlyFreeKey() {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            keys.append("- {id: k").append(i).append(", secret: s, max_concurrent: 1}\n");
        }
        Setup s = new Setup(oneProvider(keys.toString(), "{strategy: least-busy, max_wait_ms: 0}"));
        Route m = s.route("m");
        List<Lease> held = new java.util.ArrayList<>();
        for (int i = 0; i < 39; i++) {
            Lease l = s.balancer.acquire(m, request(1, 1), Set.of());
            assertThat(l.outcome()).isEqualTo(Outcome.ACQUIRED);
            held.add(l);
        }
        Lease last = s.balancer.acquire(m, request(1, 1), Set.of());
        assertThat(last.outcome()).as("beyond the window of " + Balancer.SAMPLE).isEqualTo(Outcome.ACQUIRED);
        assertThat(s.balancer.acquire(m, request(1, 1), Set.of()).outcome()).isEqualTo(Outcome.BULKHEAD_FULL);
        held.add(last);
        assertThat(held).extracting(l -> l.deployment().key().id()).doesNotHaveDuplicates().hasSize(40);
        held.forEach(l -> l.release(Result.success(200, null, null)));
    }
}
