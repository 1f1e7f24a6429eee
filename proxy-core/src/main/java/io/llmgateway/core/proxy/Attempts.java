package io.llmgateway.core.proxy;

import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.balance.Balancer;
import io.llmgateway.core.balance.CallbackLoop;
import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.balance.Lease;
import io.llmgateway.core.balance.RandomSource;
import io.llmgateway.core.balance.RequestInfo;
import io.llmgateway.core.balance.Result;
import io.llmgateway.core.config.PolicyConfig;
import io.llmgateway.core.routing.Deployment;
import io.llmgateway.core.routing.Route;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The attempt loop of one client request: where each attempt goes, whether a failed one is
 * followed by another, and what is left to say when nothing can take the request.
 *
 * <pre>
 *   next() ──acquire──> ACQUIRED ──> listener.attemptReady(deployment)      (the exchange sends it)
 *     │                 PENDING  ──a bulkhead slot, later on the loop──> attemptReady
 *     └ refused ──> the next route of the RouteWalk ... none left ──> listener.attemptsRefused()
 *   settle(result)         an answer (or a failure for good) settles the lease
 *   failed(result) ─true─> the exchange forgets the attempt and calls next() (after the backoff)
 *                  └false─> the exchange answers with the attempt's error
 *       CONTEXT_LENGTH        ──> the next context-window fallback that fits, at once
 *       RetryPolicy says yes  ──> another deployment (the ones tried are excluded)
 *   resendOnFreshConnection() a stale pooled connection: the same lease, a new connection
 * </pre>
 *
 * <p>Confined to the request's event loop. Holds at most one lease, releases it exactly once, and
 * records every attempt for the exchange's outcome.
 */
final class Attempts {

    /** The exchange's side. */
    interface Listener {

        /** A deployment is reserved for the next attempt (possibly later, on the loop, after a wait). */
        void attemptReady(Deployment deployment);

        /** No route can take the request now; {@link #routes()} says why. */
        void attemptsRefused();
    }

    /** Re-sends on a fresh connection after pooled ones the origin had closed; bounded against a broken origin. */
    static final int MAX_STALE_RESENDS = 2;

    private final Balancer balancer;
    private final RequestInfo info;
    private final CallbackLoop loop;
    private final PolicyConfig policy;
    private final long budgetMs;
    private final RandomSource random;
    private final Listener listener;
    private final RouteWalk routes;
    /** Null when tracing is off. */
    private final RequestTrace trace;
    private final Consumer<Lease> onPending = this::pendingResolved;
    private final long startNanos = System.nanoTime();
    /** Deployments this request already tried; allocated at the first failure (most requests never fail). */
    private Set<Deployment> exclude = Set.of();
    private Lease lease;
    /** The deployment of the last lease; kept apart because a released lease goes back to a pool. */
    private Deployment deployment;
    private int count;
    /** When the current attempt began, was sent, had its first byte (nanoTime; 0 = not yet). */
    private long attemptStartNanos;
    private long attemptSentNanos;
    private long attemptFirstByteNanos;
    /** The current attempt's span id; 0 when tracing is off. */
    private long attemptSpanId;
    private int staleResends;
    private RetryPolicy retryPolicy;
    private long backoffMs;
    private Runnable cancelBackoff;
    private AttemptOutcome first;
    private List<AttemptOutcome> more;

    /**
     * @param budgetMs no retry starts after this much time ({@code upstream.total_timeout_ms})
     * @param random   the jitter of the backoff
     */
    Attempts(Balancer balancer, RouteWalk routes, RequestInfo info, CallbackLoop loop, PolicyConfig policy,
            long budgetMs, RandomSource random, Listener listener) {
        this(balancer, routes, info, loop, policy, budgetMs, random, listener, null);
    }

    /** @param trace gives each attempt a span id; null when tracing is off */
    Attempts(Balancer balancer, RouteWalk routes, RequestInfo info, CallbackLoop loop, PolicyConfig policy,
            long budgetMs, RandomSource random, Listener listener, RequestTrace trace) {
        this.trace = trace;
        this.balancer = balancer;
        this.routes = routes;
        this.info = info;
        this.loop = loop;
        this.policy = policy;
        this.budgetMs = budgetMs;
        this.random = random;
        this.listener = listener;
    }

    /**
     * The attempts of {@code request} on {@code route} (the request's own, or narrowed to the key
     * that holds the object it names), under the config snapshot it started with; {@code trace}
     * (null when tracing is off) gives each a span id.
     */
    static Attempts of(ClientRequest request, Route route, CallbackLoop loop, Listener listener, RequestTrace trace) {
        PolicyConfig policy = request.snapshot().config().policy();
        List<String> tags = RequestInfo.parseTags(request.headers().get(policy.tagHeader()));
        RequestInfo info = RequestInfo.of(request.promptBytes(),
                Math.max(0, request.fields().outputTokenLimit()), request.fields().stream(),
                tags.isEmpty() ? request.fields().tags() : tags);
        RouteWalk routes = new RouteWalk(request.snapshot().routing(), route,
                info.promptTokens() + info.completionTokens(policy.defaultMaxTokens()));
        return new Attempts(request.snapshot().balancer(), routes, info, loop, policy,
                request.snapshot().config().upstream().totalTimeoutMs(), RandomSource.threadLocal(), listener, trace);
    }

    /** The routes tried, and why they refused. */
    RouteWalk routes() {
        return routes;
    }

    /** Starts the next attempt: now, or when the backoff chosen by {@link #failed} has passed. */
    void next() {
        long wait = backoffMs;
        backoffMs = 0;
        if (wait > 0) {
            cancelBackoff = loop.schedule(this::acquire, wait);
        } else {
            acquire();
        }
    }

    /** Asks for a deployment of the current route, then of each fallback in turn, until one yields one. */
    private void acquire() {
        cancelBackoff = null;
        while (true) {
            Lease l = balancer.acquire(routes.current(), info, exclude, loop, onPending);
            switch (l.outcome()) {
                case ACQUIRED -> {
                    acquired(l);
                    return;
                }
                case PENDING -> {
                    lease = l; // every candidate is at max_concurrent: pendingResolved follows, on this loop
                    return;
                }
                default -> {
                    if (!routes.refused(l)) {
                        listener.attemptsRefused();
                        return;
                    }
                }
            }
        }
    }

    /** A bulkhead wait ended, on this loop: a lease, or a refusal of the route. */
    private void pendingResolved(Lease l) {
        if (lease == null) {
            l.release(Result.CANCELLED); // cancelled meanwhile
            return;
        }
        lease = null;
        if (l.outcome() == Lease.Outcome.ACQUIRED) {
            acquired(l);
        } else if (routes.refused(l)) {
            acquire();
        } else {
            listener.attemptsRefused();
        }
    }

    private void acquired(Lease l) {
        lease = l;
        deployment = l.deployment();
        count++;
        attemptStartNanos = System.nanoTime();
        attemptSentNanos = 0;
        attemptFirstByteNanos = 0;
        attemptSpanId = trace == null ? 0 : RequestTrace.newSpanId();
        listener.attemptReady(deployment);
    }

    /** The response head arrived {@code elapsedNanos} after the request was sent: a latency sample. */
    void firstByte(long elapsedNanos) {
        attemptFirstByteNanos = System.nanoTime();
        attemptSentNanos = attemptFirstByteNanos - elapsedNanos;
        if (lease != null) {
            lease.onFirstByte(elapsedNanos);
        }
    }

    /**
     * The current attempt ended (answered, or failed for good): its lease is released with
     * {@code result}, and its deployment is not tried again by this request.
     */
    void settle(Result result) {
        Lease l = lease;
        lease = null;
        if (l == null) {
            return;
        }
        if (l.outcome() == Lease.Outcome.ACQUIRED) {
            if (exclude.isEmpty()) {
                exclude = new HashSet<>(4);
            }
            exclude.add(deployment);
            record(new AttemptOutcome(deployment, result.status(), result.error(), attemptStartNanos,
                    attemptSentNanos, attemptFirstByteNanos, System.nanoTime(), attemptSpanId));
        }
        l.release(result);
    }

    /**
     * The current attempt failed before anything reached the client: settles it with {@code result}
     * and decides whether another attempt follows — a context-window fallback when the prompt was
     * too long, else a retry on another deployment when the {@link RetryPolicy} allows. When true,
     * the caller forgets the failed attempt and calls {@link #next()}.
     */
    boolean failed(Result result) {
        settle(result);
        if (result.error() == ErrorKind.CONTEXT_LENGTH) {
            return routes.toContextWindowFallback();
        }
        if (retryPolicy == null) {
            retryPolicy = RetryPolicy.of(policy, budgetMs, random);
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        if (!retryPolicy.shouldRetry(result.error(), count, elapsedMs)) {
            return false;
        }
        backoffMs = retryPolicy.backoffMs(count);
        return true;
    }

    /**
     * A pooled connection failed before the request reached the origin: whether to send the same
     * attempt again on a fresh one (at most {@value #MAX_STALE_RESENDS} times per request).
     */
    boolean resendOnFreshConnection() {
        if (staleResends >= MAX_STALE_RESENDS) {
            return false;
        }
        staleResends++;
        return true;
    }

    /**
     * The exchange is over: a lease still held or awaited is given back, a backoff dropped.
     *
     * @param relayed the usage of what was relayed before the end (a stream the client left), or
     *                null: it settles the lease's tokens, as the outcome records it
     */
    void cancel(Usage relayed) {
        Runnable c = cancelBackoff;
        cancelBackoff = null;
        if (c != null) {
            c.run();
        }
        settle(relayed == null ? Result.CANCELLED : new Result(0, ErrorKind.CANCELLED, relayed, -1, null));
    }

    private void record(AttemptOutcome a) {
        if (first == null) {
            first = a;
            return;
        }
        if (more == null) {
            more = new ArrayList<>(4);
        }
        more.add(a);
    }

    /** Every attempt settled so far, in order. */
    List<AttemptOutcome> outcomes() {
        if (first == null) {
            return List.of();
        }
        if (more == null) {
            return List.of(first);
        }
        List<AttemptOutcome> all = new ArrayList<>(1 + more.size());
        all.add(first);
        all.addAll(more);
        return List.copyOf(all);
    }

    /** The span id of the current attempt; 0 when tracing is off. */
    long attemptSpanId() {
        return attemptSpanId;
    }

    /** The deployment of the last attempt; null before the first. */
    Deployment lastDeployment() {
        return deployment;
    }

    /** Attempts made so far (deployments reserved). */
    int count() {
        return count;
    }
}
