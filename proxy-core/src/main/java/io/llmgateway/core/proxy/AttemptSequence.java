package io.llmgateway.core.proxy;

import io.llmgateway.core.balance.Balancer;
import io.llmgateway.core.balance.CallbackLoop;
import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.balance.Lease;
import io.llmgateway.core.balance.RequestInfo;
import io.llmgateway.core.balance.Result;
import io.llmgateway.core.routing.Deployment;
import io.llmgateway.core.routing.Route;
import io.llmgateway.core.routing.RoutingTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The attempts of one client request: which deployment each goes to, when to retry elsewhere,
 * when to fall back to another alias, and what to tell the client when nothing is left.
 *
 * <pre>
 *   route ──acquire──> lease ──(attempt)──> attemptEnded(result) ──retry?──> acquire (excluding it)
 *     │ nothing under the limits / no candidate
 *     └──> fallbacks[0] ──> fallbacks[1] ──> ... ──> refusal (429 with retry-after, or 503)
 *   context length exceeded ──> first context-window fallback whose window fits
 * </pre>
 *
 * <p>Confined to the request's event loop. Holds at most one lease, and releases it exactly once.
 */
final class AttemptSequence {

    private final Balancer balancer;
    private final RoutingTable routing;
    private final RequestInfo info;
    private final CallbackLoop loop;
    private final long startNanos;
    private final Route requested;
    private final List<Route> fallbacks;
    /** Deployments this request already tried; allocated at the first failure (most requests never fail). */
    private Set<Deployment> exclude = Set.of();
    private Set<Route> contextTried;
    private int nextFallback;
    private Route route;
    private Lease lease;
    private int attempts;
    private long refusedRetryAfterMs = -1;
    private boolean overLimitSeen;
    private boolean bulkheadSeen;

    AttemptSequence(Balancer balancer, RoutingTable routing, Route route, RequestInfo info, CallbackLoop loop) {
        this.balancer = balancer;
        this.routing = routing;
        this.requested = route;
        this.route = route;
        this.info = info;
        this.loop = loop;
        this.startNanos = System.nanoTime();
        this.fallbacks = routing.fallbacks(route);
    }

    /**
     * Chooses the route for the first attempt from the context windows known in the config;
     * false when the request fits no route (the caller answers 400 context_length_exceeded).
     */
    boolean fitContextWindow(long defaultMaxTokens) {
        Route fit = routing.fitContextWindow(route, info.promptTokens() + info.completionTokens(defaultMaxTokens),
                Set.of());
        if (fit == null) {
            return false;
        }
        route = fit;
        return true;
    }

    /**
     * The lease for the next attempt. Tries the current route, then each fallback alias in turn,
     * until one yields a deployment. The answer is {@link Lease.Outcome#ACQUIRED}, or
     * {@link Lease.Outcome#PENDING} (then {@code onReady} receives the outcome later, on the
     * loop, and the caller passes it to {@link #pendingResolved}), or a refusal summarising every
     * route tried ({@link #refusalRetryAfterMs()}).
     */
    Lease acquire(Consumer<Lease> onReady) {
        while (true) {
            Lease l = balancer.acquire(route, info, exclude, loop, onReady);
            switch (l.outcome()) {
                case ACQUIRED, PENDING -> {
                    lease = l;
                    if (l.outcome() == Lease.Outcome.ACQUIRED) {
                        attempts++;
                    }
                    return l;
                }
                default -> {
                    noteRefusal(l);
                    if (nextFallback >= fallbacks.size()) {
                        return l;
                    }
                    route = fallbacks.get(nextFallback++);
                }
            }
        }
    }

    /** A pending lease completed: acquired (counted as an attempt) or refused. */
    void pendingResolved(Lease l) {
        lease = l.outcome() == Lease.Outcome.ACQUIRED ? l : null;
        if (lease != null) {
            attempts++;
        } else {
            noteRefusal(l);
        }
    }

    /** Whether a further route may be tried after a refusal delivered by a pending lease. */
    boolean advanceFallback() {
        if (nextFallback >= fallbacks.size()) {
            return false;
        }
        route = fallbacks.get(nextFallback++);
        return true;
    }

    private void noteRefusal(Lease l) {
        if (l.outcome() == Lease.Outcome.OVER_LIMIT) {
            overLimitSeen = true;
        } else if (l.outcome() == Lease.Outcome.BULKHEAD_FULL) {
            bulkheadSeen = true;
        }
        long r = l.retryAfterMs();
        if (r >= 0 && (refusedRetryAfterMs < 0 || r < refusedRetryAfterMs)) {
            refusedRetryAfterMs = r;
        }
    }

    /** Every route refused: true when some deployment was only busy or over a limit (429), false when none could serve (503). */
    boolean refusalIsRateLimit() {
        return overLimitSeen || bulkheadSeen;
    }

    /** The earliest moment a refusing route could take the request, in ms; -1 when unknown. */
    long refusalRetryAfterMs() {
        return refusedRetryAfterMs;
    }

    Deployment deployment() {
        return lease == null ? null : lease.deployment();
    }

    Route route() {
        return route;
    }

    Route requestedRoute() {
        return requested;
    }

    int attempts() {
        return attempts;
    }

    long elapsedMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** The response head arrived {@code nanos} after the request was sent: a latency sample. */
    void firstByte(long nanos) {
        if (lease != null) {
            lease.onFirstByte(nanos);
        }
    }

    /**
     * The current attempt ended: its lease is released with {@code result} and its deployment is
     * not tried again by this request.
     */
    void attemptEnded(Result result) {
        Lease l = lease;
        lease = null;
        if (l != null) {
            if (l.deployment() != null) {
                if (exclude.isEmpty()) {
                    exclude = new HashSet<>(4);
                }
                exclude.add(l.deployment());
            }
            l.release(result);
        }
    }

    /** Whether the failed attempt should be followed by another (on another deployment). */
    boolean shouldRetry(Result result) {
        return balancer.retryPolicy().shouldRetry(result, attempts, elapsedMs());
    }

    /** How long to wait before the next attempt. */
    long backoffMs() {
        return balancer.retryPolicy().backoffMs(attempts);
    }

    /**
     * The provider said the request is too long for the model: switch to the first context-window
     * fallback of the requested alias whose window fits. False when there is none.
     */
    boolean switchToContextWindowFallback(long defaultMaxTokens) {
        if (contextTried == null) {
            contextTried = new HashSet<>(4);
        }
        contextTried.add(route);
        Route next = routing.fitContextWindow(requested, info.promptTokens() + info.completionTokens(defaultMaxTokens),
                contextTried);
        if (next == null) {
            return false;
        }
        route = next;
        return true;
    }

    /** The client went away: whatever lease is held (or awaited) is given back. */
    void cancel() {
        Lease l = lease;
        lease = null;
        if (l != null) {
            l.release(Result.CANCELLED);
        }
    }

    /** Whether a kind of failure counts as a retryable outcome (for the x-should-retry decision). */
    static boolean retryable(ErrorKind kind) {
        return kind.retryable();
    }

    /** Names of the routes tried, for messages. */
    List<String> routeNames() {
        List<String> names = new ArrayList<>(1 + nextFallback);
        names.add(requested.name());
        for (int i = 0; i < nextFallback; i++) {
            names.add(fallbacks.get(i).name());
        }
        return names;
    }
}
