package io.llmgateway.core.routing;

import java.util.List;

/**
 * What a public model name resolves to: its targets in configured order.
 *
 * @param name    the model name the client sent
 * @param targets the candidate targets (at least one)
 */
public record Route(String name, List<RouteTarget> targets) {

    public Route {
        targets = List.copyOf(targets);
    }
}
