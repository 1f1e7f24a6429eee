package io.llmgateway.core.balance;

import io.llmgateway.core.config.PolicyConfig;
import io.llmgateway.core.routing.Deployment;
import io.llmgateway.core.routing.Route;
import io.llmgateway.core.routing.RouteTarget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A route prepared for balancing: its candidates (every enabled key of every target), the distinct
 * keys they use, and its strategy. Immutable after construction, except the strategy's own cursor.
 */
public final class RoutePlan {

    final Route route;
    final Candidate[] candidates;
    final KeyState[] keys;
    final Strategy strategy;
    final boolean hasDefaultTag;
    /** Prefix sums of the candidates' weights, for weighted random choices. */
    final double[] cumulativeWeights;
    // The lowest latency averages among the candidates, refreshed at most every FASTEST_REFRESH_NANOS
    // by whichever selection finds them stale (benign race: any recent value will do).
    private volatile double fastestPlain;
    private volatile double fastestStream;
    private volatile long fastestAt = Long.MIN_VALUE;

    RoutePlan(Route route, Candidate[] candidates, KeyState[] keys, Strategy strategy) {
        this.route = route;
        this.candidates = candidates;
        this.keys = keys;
        this.strategy = strategy;
        boolean def = false;
        double[] cw = new double[candidates.length];
        double sum = 0;
        for (int i = 0; i < candidates.length; i++) {
            def |= candidates[i].hasTag(Strategies.DEFAULT_TAG);
            sum += candidates[i].weight;
            cw[i] = sum;
        }
        this.hasDefaultTag = def;
        this.cumulativeWeights = cw;
    }

    /**
     * Plans {@code route} on the keys of {@code registry}: a candidate per deployment of every
     * target whose key the registry knows. Call it holding the registry's lock (it may create
     * deployment state), once per route and reload, never on a request.
     */
    static RoutePlan build(Route route, KeyStateRegistry registry, PolicyConfig policy, long round) {
        List<Candidate> cands = new ArrayList<>();
        Map<KeyState, Integer> slots = new IdentityHashMap<>();
        List<KeyState> keys = new ArrayList<>();
        for (RouteTarget t : route.targets()) {
            for (Deployment d : t.deployments()) {
                KeyState k = registry.key(d.provider().id(), d.key().id());
                if (k == null) {
                    continue; // a route of a config this registry was not reconciled with
                }
                DeploymentState ds = registry.deployment(k, d.upstreamModel(), policy.breaker(), round);
                Integer slot = slots.get(k);
                if (slot == null) {
                    slot = keys.size();
                    slots.put(k, slot);
                    keys.add(k);
                }
                cands.add(new Candidate(cands.size(), d, k, ds, slot, t.weight() * d.key().weight(), t.tags(),
                        d.provider().pricing().price(d.upstreamModel())));
            }
        }
        String strategy = route.strategy() != null ? route.strategy() : policy.strategy();
        return new RoutePlan(route, cands.toArray(new Candidate[0]), keys.toArray(new KeyState[0]),
                Strategies.create(strategy, policy));
    }

    /** How long a computed "fastest" stays in use: scanning every candidate per selection would make it O(n). */
    static final long FASTEST_REFRESH_NANOS = 100_000_000;

    /**
     * The lowest latency average (nanoseconds) among the candidates, for this kind of request; 0
     * when none has a sample. At most {@link #FASTEST_REFRESH_NANOS} old.
     */
    double fastest(boolean stream, long nowNanos) {
        long at = fastestAt;
        if (at == Long.MIN_VALUE || nowNanos - at >= FASTEST_REFRESH_NANOS) {
            double plain = Double.MAX_VALUE;
            double streamed = Double.MAX_VALUE;
            for (Candidate c : candidates) {
                plain = Math.min(plain, nanOrMax(c.latencyNanos(false)));
                streamed = Math.min(streamed, nanOrMax(c.latencyNanos(true)));
            }
            fastestPlain = plain == Double.MAX_VALUE ? 0 : plain;
            fastestStream = streamed == Double.MAX_VALUE ? 0 : streamed;
            fastestAt = nowNanos;
        }
        return stream ? fastestStream : fastestPlain;
    }

    private static double nanOrMax(double v) {
        return Double.isNaN(v) ? Double.MAX_VALUE : v;
    }

    public Route route() {
        return route;
    }

    public int size() {
        return candidates.length;
    }

    public Candidate candidate(int i) {
        return candidates[i];
    }

    public List<Candidate> candidates() {
        return List.of(candidates);
    }

    /**
     * A candidate drawn with probability proportional to its weight (uniformly when every weight
     * is 0), from {@code u} uniform in [0, 1).
     */
    public int weightedPick(double u) {
        int n = candidates.length;
        double total = n == 0 ? 0 : cumulativeWeights[n - 1];
        if (total <= 0) {
            return Math.min(n - 1, (int) (u * n));
        }
        int i = Arrays.binarySearch(cumulativeWeights, u * total);
        i = Math.min(i < 0 ? -i - 1 : i + 1, n - 1);
        while (i < n - 1 && candidates[i].weight <= 0) {
            i++; // u * total fell on the edge of a zero-weight candidate
        }
        return i;
    }
}
