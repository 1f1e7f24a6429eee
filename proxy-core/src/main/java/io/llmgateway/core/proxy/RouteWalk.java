package io.llmgateway.core.proxy;

import io.llmgateway.core.balance.Lease;
import io.llmgateway.core.routing.Route;
import io.llmgateway.core.routing.RoutingTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The aliases one request may be served by, in the order {@link Attempts} tries them: the first
 * route whose context window fits, then its {@code fallbacks} as routes refuse; after a "context
 * length exceeded", the next {@code context_window_fallbacks} alias whose window fits. Remembers why
 * routes refused, for the answer when none is left.
 *
 * <pre>
 *   requested ──refused──> fallbacks[0] ──refused──> fallbacks[1] ... ──> none left (429 or 503)
 *       └──prompt too long──> first context-window fallback that fits ──> ...
 * </pre>
 *
 * <p>Confined to the request's event loop.
 */
final class RouteWalk {

    private final RoutingTable routing;
    private final Route requested;
    private final List<Route> fallbacks;
    private final long tokensNeeded;
    private Route route;
    private int nextFallback;
    /** Allocated at the first "context length exceeded" (most requests never see one). */
    private Set<Route> contextTried;
    private long refusedRetryAfterMs = -1;
    private boolean refusedForNow;

    /** @param tokensNeeded the request's prompt estimate plus the completion it may ask for */
    RouteWalk(RoutingTable routing, Route requested, long tokensNeeded) {
        this.routing = routing;
        this.requested = requested;
        this.route = requested;
        this.tokensNeeded = tokensNeeded;
        this.fallbacks = routing.fallbacks(requested);
    }

    /** The route the next attempt asks the balancer for. */
    Route current() {
        return route;
    }

    /**
     * Starts on the first route whose context window (as configured) fits the request; false when
     * none does (the client gets 400 context_length_exceeded).
     */
    boolean fitContextWindow() {
        Route fit = routing.fitContextWindow(route, tokensNeeded, Set.of());
        if (fit == null) {
            return false;
        }
        route = fit;
        return true;
    }

    /**
     * The current route refused the request ({@code refusal} says why): moves to the next fallback
     * alias. False when none is left.
     */
    boolean refused(Lease refusal) {
        if (refusal.outcome() == Lease.Outcome.OVER_LIMIT || refusal.outcome() == Lease.Outcome.BULKHEAD_FULL) {
            refusedForNow = true;
        }
        long r = refusal.retryAfterMs();
        if (r >= 0 && (refusedRetryAfterMs < 0 || r < refusedRetryAfterMs)) {
            refusedRetryAfterMs = r;
        }
        if (nextFallback >= fallbacks.size()) {
            return false;
        }
        route = fallbacks.get(nextFallback++);
        return true;
    }

    /**
     * The provider said the prompt is too long for the current route's model: moves to the first
     * context-window fallback of the requested alias, not tried yet, whose window fits. False when
     * none is left.
     */
    boolean toContextWindowFallback() {
        if (contextTried == null) {
            contextTried = new HashSet<>(4);
        }
        contextTried.add(route);
        Route fit = routing.fitContextWindow(requested, tokensNeeded, contextTried);
        if (fit == null) {
            return false;
        }
        route = fit;
        return true;
    }

    /** After every route refused: true when one was only busy or over a limit (429), false when none could (503). */
    boolean refusedForNow() {
        return refusedForNow;
    }

    /** After every route refused: the earliest moment one could take the request, in ms; -1 when unknown. */
    long refusalRetryAfterMs() {
        return refusedRetryAfterMs;
    }

    /** Names of the routes tried, for messages. */
    List<String> names() {
        List<String> names = new ArrayList<>(1 + nextFallback);
        names.add(requested.name());
        for (int i = 0; i < nextFallback; i++) {
            names.add(fallbacks.get(i).name());
        }
        return names;
    }
}
