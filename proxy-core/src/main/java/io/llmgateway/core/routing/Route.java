package io.llmgateway.core.routing;

import io.llmgateway.codec.spi.Endpoint;
import java.util.List;

/**
 * What a public model name resolves to: its targets in configured order, and how to balance and
 * fall back. Fallback aliases are resolved by {@link RoutingTable#fallbacks(Route)}.
 *
 * @param name                   the model name the client sent
 * @param targets                the candidate targets (at least one)
 * @param strategy               the balancing strategy of this route, or null for {@code policy.strategy}
 * @param fallbacks              alias names tried after this route failed, in order
 * @param contextWindowFallbacks alias names tried when the request is too long for this route
 * @param contextWindow          tokens the route accepts; 0 = unknown
 */
public record Route(String name, List<RouteTarget> targets, String strategy, List<String> fallbacks,
        List<String> contextWindowFallbacks, long contextWindow) {

    public Route {
        targets = List.copyOf(targets);
        fallbacks = List.copyOf(fallbacks);
        contextWindowFallbacks = List.copyOf(contextWindowFallbacks);
    }

    /** A route with the default strategy and no fallbacks. */
    public Route(String name, List<RouteTarget> targets) {
        this(name, targets, null, List.of(), List.of(), 0);
    }

    /** The first target whose provider type does not serve {@code endpoint}; null when all do. */
    public RouteTarget unsupporting(Endpoint endpoint) {
        for (RouteTarget target : targets) {
            if (!target.adapter().supports(endpoint)) {
                return target;
            }
        }
        return null;
    }

    /** Identity: a route belongs to one routing table, and balancers key their plans on it. */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
