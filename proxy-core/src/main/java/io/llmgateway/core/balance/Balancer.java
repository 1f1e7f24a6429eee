package io.llmgateway.core.balance;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.config.PolicyConfig;
import io.llmgateway.core.limits.Ticker;
import io.llmgateway.core.routing.Deployment;
import io.llmgateway.core.routing.Route;
import io.llmgateway.core.routing.RoutingTable;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Picks the deployment of each attempt: the best candidate of a route, by the route's strategy,
 * that passes every gate (key health, deployment breaker, the provider's own quota headers) and
 * fits under every limit of its key (RPM, TPM, {@code max_concurrent}), reserved atomically.
 * One per config snapshot; the state that must survive a reload lives in the
 * {@link KeyStateRegistry} it is built on.
 *
 * <pre>
 *   Lease lease = balancer.acquire(route, info, tried);
 *   switch (lease.outcome()) {
 *       case ACQUIRED -> send to lease.deployment(); later lease.onFirstByte(...); lease.release(result);
 *       case OVER_LIMIT, BULKHEAD_FULL -> 429 with retry-after: lease.retryAfterMs()
 *       case NO_CANDIDATE -> next fallback route, or 503
 *   }
 * </pre>
 *
 * <p>The work is shared out: {@link RoutePlan} holds a route's candidates (built here, once per
 * reload), {@link CandidateWalk} runs one selection in the strategy's order, {@link CandidateGate}
 * decides and claims for one candidate, {@link LeaseSettlement} settles a released lease,
 * {@link PendingLease} waits for a full bulkhead, {@link RouteCapacity} sums what a route can
 * still take.
 *
 * <p>Hot path, called on every event loop concurrently: {@code acquire} and {@code release} do
 * not block, lock or allocate in steady state (per-thread scratch, pooled leases, lock-free key
 * state). A refusal carries a truthful {@code retry-after}.
 */
public final class Balancer {

    /** Candidates a sampled strategy scores first on a large route (see {@link Strategy#sampled()}). */
    public static final int SAMPLE = 8;

    private final KeyStateRegistry registry;
    private final Ticker ticker;
    private final RandomSource random;
    private final PolicyConfig policy;
    private final long maxWaitMillis;
    private final long defaultMaxTokens;
    private final long round;
    private final LeaseSettlement settlement;
    private final Map<Route, RoutePlan> plans;
    private final Map<Route, RoutePlan> foreignPlans = new ConcurrentHashMap<>();

    public Balancer(GatewayConfig config, RoutingTable routing, KeyStateRegistry registry) {
        this(config, routing, registry, RandomSource.threadLocal());
    }

    /** A balancer with its own random source (deterministic tests). */
    public Balancer(GatewayConfig config, RoutingTable routing, KeyStateRegistry registry, RandomSource random) {
        this.registry = requireNonNull(registry, "registry");
        this.ticker = registry.ticker();
        this.random = requireNonNull(random, "random");
        this.policy = config.policy();
        this.maxWaitMillis = policy.maxWaitMs();
        this.defaultMaxTokens = policy.defaultMaxTokens();
        this.settlement = new LeaseSettlement(ticker, policy);
        synchronized (registry) {
            this.round = registry.reconcile(config);
            Map<Route, RoutePlan> p = new IdentityHashMap<>();
            for (Route r : routing.routes()) {
                p.put(r, RoutePlan.build(r, registry, policy, round));
            }
            for (Route r : routing.endpointDefaults()) {
                p.put(r, RoutePlan.build(r, registry, policy, round));
            }
            this.plans = p;
            registry.prune(round);
        }
    }

    /**
     * The best deployment of {@code route} for this request that fits under every limit, reserved;
     * or a refusal: {@link Lease.Outcome#OVER_LIMIT} with the earliest time a candidate frees up,
     * {@link Lease.Outcome#BULKHEAD_FULL}, or {@link Lease.Outcome#NO_CANDIDATE}. Never waits.
     *
     * @param exclude deployments already tried by this request (a retry goes elsewhere); may be empty
     */
    public Lease acquire(Route route, RequestInfo info, Set<Deployment> exclude) {
        RoutePlan plan = plan(route);
        SelectionScratch sc = SelectionScratch.get();
        Selection s = sc.selection;
        s.reset(info, ticker.nanoTime(), info.tokensToReserve(defaultMaxTokens), info.completionTokens(defaultMaxTokens),
                random, exclude, plan.size());
        return CandidateWalk.select(plan, s, sc, settlement);
    }

    /**
     * Like {@link #acquire(Route, RequestInfo, Set)}, but when every candidate is at its
     * {@code max_concurrent}, waits up to {@code policy.max_wait_ms} for a slot without blocking:
     * the result is then a {@link Lease.Outcome#PENDING} lease, and {@code onReady} later receives,
     * on {@code loop}, the final lease (acquired, or refused — {@code BULKHEAD_FULL} when the wait ran
     * out). Releasing the pending lease cancels the wait. Call it on {@code loop}.
     */
    public Lease acquire(Route route, RequestInfo info, Set<Deployment> exclude, CallbackLoop loop,
            Consumer<Lease> onReady) {
        Lease first = acquire(route, info, exclude);
        if (first.outcome() != Lease.Outcome.BULKHEAD_FULL || maxWaitMillis <= 0) {
            return first;
        }
        PendingLease p = new PendingLease(this, plan(route), info, exclude, loop, onReady,
                ticker.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMillis));
        p.enqueue(SelectionScratch.lastFullKeys());
        Lease again = acquire(route, info, exclude); // a slot freed before we were queued would wake nobody
        if (again.outcome() != Lease.Outcome.BULKHEAD_FULL) {
            p.abandon();
            return again;
        }
        p.enqueue(SelectionScratch.lastFullKeys());
        p.startTimer(maxWaitMillis);
        return p;
    }

    /** What {@code route} can still take this minute, for the {@code x-ratelimit-*} response headers. */
    public RouteCapacity capacity(Route route) {
        return RouteCapacity.of(plan(route).keys, ticker.nanoTime());
    }

    public KeyStateRegistry registry() {
        return registry;
    }

    /** The strategy name a route uses. */
    public String strategy(Route route) {
        return plan(route).strategy.name();
    }

    Ticker ticker() {
        return ticker;
    }

    RoutePlan plan(Route route) {
        RoutePlan p = plans.get(route);
        if (p != null) {
            return p;
        }
        // A route of another routing table (a snapshot race): plan it once, off the fast path.
        return foreignPlans.computeIfAbsent(route, r -> {
            synchronized (registry) {
                return RoutePlan.build(r, registry, policy, round);
            }
        });
    }

    @Override
    public String toString() {
        return "Balancer[" + plans.size() + " routes, strategy " + policy.strategy() + ']';
    }
}
