package io.llmgateway.core.balance;

import static io.llmgateway.core.balance.Selection.BLOCKED;
import static io.llmgateway.core.balance.Selection.BREAKER_PROBE;
import static io.llmgateway.core.balance.Selection.CODE;
import static io.llmgateway.core.balance.Selection.KEY_PROBE;
import static io.llmgateway.core.balance.Selection.READY;
import static io.llmgateway.core.balance.Selection.READY_LATE;
import static io.llmgateway.core.balance.Selection.SKIP;
import static io.llmgateway.core.balance.Selection.TRIED;
import static java.util.Objects.requireNonNull;

import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.config.PolicyConfig;
import io.llmgateway.core.limits.ConcurrentCircuitBreaker;
import io.llmgateway.core.limits.ConcurrentKeyHealth;
import io.llmgateway.core.limits.ConcurrentKeyLimits;
import io.llmgateway.core.limits.LimitKind;
import io.llmgateway.core.limits.RateLimitHeaders;
import io.llmgateway.core.limits.Ticker;
import io.llmgateway.core.routing.Deployment;
import io.llmgateway.core.routing.Route;
import io.llmgateway.core.routing.RouteTarget;
import io.llmgateway.core.routing.RoutingTable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
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
 * <p>Hot path, called on every event loop concurrently: {@code acquire} and {@code release} do
 * not block, lock or allocate in steady state (per-thread scratch, pooled leases, lock-free key
 * state). Every candidate that passes the gates is tried in the strategy's order until one
 * reserves; a gate or limit that refuses notes when it would admit, so a refusal carries a
 * truthful {@code retry-after}.
 */
public final class Balancer {

    /** When nothing says when a refused request could go, ask the client to wait this long. */
    static final long UNKNOWN_RETRY_MS = 1_000;
    /** Candidates a sampled strategy scores first on a large route (see {@link Strategy#sampled()}). */
    public static final int SAMPLE = 8;
    private static final int POOL_MAX = 256;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final KeyStateRegistry registry;
    private final Ticker ticker;
    private final RandomSource random;
    private final PolicyConfig policy;
    private final long cooldownNanos;
    private final long rampNanos;
    private final long maxWaitMillis;
    private final int failureThreshold;
    private final int authFailureThreshold;
    private final long defaultMaxTokens;
    private final long round;
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
        this.cooldownNanos = TimeUnit.MILLISECONDS.toNanos(policy.cooldownMs());
        this.rampNanos = TimeUnit.MILLISECONDS.toNanos(policy.rampMs());
        this.maxWaitMillis = policy.maxWaitMs();
        this.failureThreshold = policy.failureThreshold();
        this.authFailureThreshold = policy.authFailureThreshold();
        this.defaultMaxTokens = policy.defaultMaxTokens();
        synchronized (registry) {
            this.round = registry.reconcile(config);
            Map<Route, RoutePlan> p = new IdentityHashMap<>();
            for (Route r : routing.routes()) {
                p.put(r, buildPlan(r));
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
        Scratch sc = SCRATCH.get();
        Selection s = sc.selection;
        s.reset(info, ticker.nanoTime(), info.tokensToReserve(defaultMaxTokens), info.completionTokens(defaultMaxTokens),
                random, exclude, plan.size());
        return select(plan, s, sc);
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
        p.enqueue(lastFullKeys());
        Lease again = acquire(route, info, exclude); // a slot freed before we were queued would wake nobody
        if (again.outcome() != Lease.Outcome.BULKHEAD_FULL) {
            p.abandon();
            return again;
        }
        p.enqueue(lastFullKeys());
        p.startTimer(maxWaitMillis);
        return p;
    }

    /** What {@code route} can still take this minute, for the {@code x-ratelimit-*} response headers. */
    public RouteCapacity capacity(Route route) {
        RoutePlan plan = plan(route);
        long now = ticker.nanoTime();
        long limitReq = 0;
        long remainingReq = 0;
        long resetReq = 0;
        long limitTok = 0;
        long remainingTok = 0;
        long resetTok = 0;
        boolean unlimitedReq = false;
        boolean unlimitedTok = false;
        int usable = 0;
        for (KeyState k : plan.keys) {
            if (k.health.phase() == ConcurrentKeyHealth.Phase.DISABLED) {
                continue;
            }
            usable++;
            ConcurrentKeyLimits l = k.limits;
            if (l.rpmLimit() == 0) {
                unlimitedReq = true;
            } else {
                limitReq += l.rpmLimit();
                remainingReq += Math.max(0, l.rpmLimit() - l.requestsUsed(now));
                resetReq = Math.max(resetReq, l.requestsEmptyAt(now) - now);
            }
            if (l.tpmLimit() == 0) {
                unlimitedTok = true;
            } else {
                limitTok += l.tpmLimit();
                remainingTok += Math.max(0, l.tpmLimit() - l.tokensUsed(now));
                resetTok = Math.max(resetTok, l.tokensEmptyAt(now) - now);
            }
        }
        boolean noReq = unlimitedReq || usable == 0;
        boolean noTok = unlimitedTok || usable == 0;
        return new RouteCapacity(noReq ? -1 : limitReq, noReq ? -1 : remainingReq, noReq ? -1 : ceilMillis(resetReq),
                noTok ? -1 : limitTok, noTok ? -1 : remainingTok, noTok ? -1 : ceilMillis(resetTok));
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
                return buildPlan(r);
            }
        });
    }

    private RoutePlan buildPlan(Route route) {
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

    // ---- selection ------------------------------------------------------------------------------

    private Lease select(RoutePlan plan, Selection s, Scratch sc) {
        int n = plan.size();
        if (n == 0) {
            return RefusedLease.NO_CANDIDATE;
        }
        Strategy strategy = plan.strategy;
        strategy.begin(plan, s);
        Candidate[] cs = plan.candidates;
        byte[] status = s.status;
        int first = strategy.first(plan, s);
        if (first >= 0) {
            boolean late = false;
            for (int k = 0; k < n; k++) {
                int i = first + k < n ? first + k : first + k - n;
                int g = gate(cs[i], s);
                status[i] = (byte) g;
                if ((g & CODE) == READY) {
                    AcquiredLease l = take(cs[i], g, s, sc);
                    if (l != null) {
                        return l;
                    }
                } else if ((g & CODE) == READY_LATE) {
                    late = true;
                }
            }
            if (late) {
                for (int k = 0; k < n; k++) {
                    int i = first + k < n ? first + k : first + k - n;
                    if ((status[i] & CODE) == READY_LATE) {
                        AcquiredLease l = take(cs[i], status[i], s, sc);
                        if (l != null) {
                            return l;
                        }
                    }
                }
            }
            return refusal(s);
        }
        int from = 0;
        int seen = n;
        if (n > SAMPLE && strategy.sampled()) {
            from = Math.min(n - 1, (int) (s.random() * n));
            seen = SAMPLE;
        }
        gateAndScore(plan, s, from, seen);
        double[] score = s.score;
        for (;;) {
            int best = -1;
            int bestCode = 0;
            double bestScore = 0;
            for (int k = 0; k < seen; k++) {
                int i = from + k < n ? from + k : from + k - n;
                int code = status[i] & CODE;
                if (code != READY && code != READY_LATE) {
                    continue;
                }
                if (best < 0 || code < bestCode || code == bestCode && score[i] < bestScore) {
                    best = i;
                    bestCode = code;
                    bestScore = score[i];
                }
            }
            if (best < 0) {
                if (seen < n) {
                    gateAndScore(plan, s, from + seen < n ? from + seen : from + seen - n, n - seen);
                    seen = n; // the window had nothing: look at the rest
                    continue;
                }
                return refusal(s);
            }
            AcquiredLease l = take(cs[best], status[best], s, sc);
            if (l != null) {
                return l;
            }
            status[best] = TRIED;
        }
    }

    /** Gates and scores {@code count} candidates from {@code from} (wrapping). */
    private static void gateAndScore(RoutePlan plan, Selection s, int from, int count) {
        Candidate[] cs = plan.candidates;
        int n = cs.length;
        Strategy strategy = plan.strategy;
        byte[] status = s.status;
        double[] score = s.score;
        for (int k = 0; k < count; k++) {
            int i = from + k < n ? from + k : from + k - n;
            int g = gate(cs[i], s);
            status[i] = (byte) g;
            int code = g & CODE;
            if (code == READY || code == READY_LATE) {
                score[i] = strategy.score(cs[i], s);
            }
        }
    }

    /**
     * Whether a candidate may take this request, without claiming anything: SKIP (never: excluded,
     * disabled, tag mismatch), BLOCKED (not now: noted when it may), READY or READY_LATE (after
     * the others: nearly exhausted, ramping up, weight 0), with the probe flags to claim.
     */
    private static int gate(Candidate c, Selection s) {
        if (s.excludeAny && s.exclude.contains(c.deployment)) {
            return SKIP;
        }
        if (s.tagMode != 0 && !(s.tagMode == 1 ? c.hasAnyTag(s.info.tags()) : c.hasTag(Strategies.DEFAULT_TAG))) {
            return SKIP;
        }
        ConcurrentKeyHealth health = c.health;
        long now = s.now;
        int flags = 0;
        switch (health.gate(now)) {
            case PASS:
                break;
            case PROBE:
                flags = KEY_PROBE;
                break;
            case BLOCKED:
                s.sawCandidate = true;
                s.noteEarliest(health.coolingUntil());
                return BLOCKED;
            default:
                return SKIP;
        }
        s.sawCandidate = true;
        ConcurrentCircuitBreaker b = c.breaker;
        switch (b.gate(now)) {
            case PASS:
                break;
            case PROBE:
                flags |= BREAKER_PROBE;
                break;
            default:
                s.noteEarliest(b.blockedUntil(now));
                return BLOCKED;
        }
        int ready = READY;
        switch (c.quota.gate(now)) {
            case PASS:
                break;
            case LOW:
                ready = READY_LATE;
                break;
            default:
                s.noteEarliest(c.quota.blockedUntil(now));
                return BLOCKED;
        }
        if (c.weight <= 0) {
            ready = READY_LATE;
        } else if ((flags & KEY_PROBE) == 0) {
            double f = health.rampFactor(now);
            if (f < 1 && s.random() >= f) {
                ready = READY_LATE; // ramping up: this request goes to a fully healthy key if one can take it
            }
        }
        return ready | flags;
    }

    /** Claims the candidate's probes and reserves its limits, or notes why not and gives back what it took. */
    private AcquiredLease take(Candidate c, int g, Selection s, Scratch sc) {
        KeyState k = c.key;
        long now = s.now;
        boolean keyProbe = (g & KEY_PROBE) != 0;
        boolean breakerProbe = (g & BREAKER_PROBE) != 0;
        if (keyProbe && !k.health.tryClaimProbe(now)) {
            return null;
        }
        ConcurrentCircuitBreaker b = c.breaker;
        if (breakerProbe && !b.tryClaimProbe(now)) {
            k.health.onNeutral(keyProbe);
            return null;
        }
        ConcurrentKeyLimits limits = k.limits;
        long epoch = limits.tryReserve(s.tokens, now);
        if (epoch < 0) {
            k.health.onNeutral(keyProbe);
            b.onNeutral(breakerProbe);
            LimitKind kind = ConcurrentKeyLimits.refusal(epoch);
            if (kind == LimitKind.CONCURRENCY) {
                s.concurrencyFull = true;
                s.fullKeys |= 1L << Math.min(c.keySlot, 63);
            } else {
                s.noteEarliest(limits.nextFreeAt(kind, s.tokens, now));
            }
            return null;
        }
        AcquiredLease l = sc.pool.pollFirst();
        if (l == null) {
            l = new AcquiredLease();
        }
        l.init(this, c, limits, b, epoch, limits.tokensTaken(s.tokens), now, keyProbe, breakerProbe, s.info.stream());
        return l;
    }

    private static Lease refusal(Selection s) {
        if (!s.sawCandidate) {
            return RefusedLease.NO_CANDIDATE;
        }
        if (s.concurrencyFull) {
            return RefusedLease.BULKHEAD_FULL;
        }
        long ms = s.earliest == Long.MAX_VALUE ? UNKNOWN_RETRY_MS : Math.max(1, ceilMillis(s.earliest - s.now));
        return new RefusedLease(Lease.Outcome.OVER_LIMIT, ms);
    }

    /** The key slots refused by {@code max_concurrent} in this thread's last selection. */
    static long lastFullKeys() {
        return SCRATCH.get().selection.fullKeys;
    }

    // ---- release --------------------------------------------------------------------------------

    /** Settles a lease: tokens against real usage, provider headers, health, breaker, error rate; wakes a waiter. */
    void finish(AcquiredLease l, Result r) {
        long now = ticker.nanoTime();
        Candidate c = l.candidate;
        KeyState k = c.key;
        ErrorKind kind = r.error();
        Usage u = r.usage();
        long actual;
        if (u != null) {
            actual = u.totalTokens() > 0 ? u.totalTokens() : u.promptTokens() + u.completionTokens();
        } else {
            actual = kind.generatedNothing() ? 0 : l.reserved;
        }
        l.limits.release(l.epoch, l.reserved, actual);
        if (r.headers() != null) {
            RateLimitHeaders.read(r.headers(), now, ticker.currentTimeMillis(), k.quota);
        }
        if (kind == ErrorKind.NONE && !l.firstByte && !l.stream && now > l.startNanos) {
            c.state.latency.record(now - l.startNanos); // a non-stream answer without onFirstByte: its whole time
        }
        switch (kind) {
            case NONE, CLIENT_ERROR, CONTEXT_LENGTH -> {
                k.health.onSuccess(l.keyProbe, now, rampNanos);
                l.breaker.onSuccess(l.breakerProbe, now);
                k.errorRate.recordIndicator(false);
            }
            case RATE_LIMITED -> {
                long wait = r.retryAfterMs() >= 0 ? TimeUnit.MILLISECONDS.toNanos(r.retryAfterMs()) : -1;
                long blocked = k.quota.blockedUntil(now);
                if (wait < 0 && blocked > 0) {
                    wait = blocked - now; // the provider's reset headers say when
                }
                k.health.onRateLimited(wait, now, cooldownNanos);
                l.breaker.onNeutral(l.breakerProbe);
                k.errorRate.recordIndicator(true);
            }
            case AUTH -> {
                k.health.onAuthFailure(l.keyProbe, now, cooldownNanos, failureThreshold, authFailureThreshold,
                        r.status());
                l.breaker.onNeutral(l.breakerProbe);
                k.errorRate.recordIndicator(true);
            }
            case CANCELLED -> {
                k.health.onNeutral(l.keyProbe);
                l.breaker.onNeutral(l.breakerProbe);
            }
            default -> {
                k.health.onFailure(l.keyProbe, now, cooldownNanos, failureThreshold, kind.name());
                l.breaker.onFailure(l.breakerProbe, now);
                k.errorRate.recordIndicator(true);
            }
        }
        if (!k.waiters.isEmpty()) {
            PendingLease.wake(k);
        }
    }

    static void recycle(AcquiredLease l) {
        ArrayDeque<AcquiredLease> pool = SCRATCH.get().pool;
        if (pool.size() < POOL_MAX) {
            pool.offerFirst(l);
        }
    }

    private static long ceilMillis(long nanos) {
        return nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000;
    }

    /** Per-thread scratch: the selection in progress and the pool of released leases. */
    private static final class Scratch {
        final Selection selection = new Selection();
        final ArrayDeque<AcquiredLease> pool = new ArrayDeque<>(POOL_MAX);
    }

    @Override
    public String toString() {
        return "Balancer[" + plans.size() + " routes, strategy " + policy.strategy() + ']';
    }
}
