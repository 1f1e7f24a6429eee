package io.llmgateway.core.routing;

import io.llmgateway.adapters.Adapters;
import io.llmgateway.core.config.AliasConfig;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.config.ProviderConfig;
import io.llmgateway.core.config.TargetConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves the {@code model} of a request to a {@link Route}. Built once per config snapshot and
 * then read by every event loop without locks.
 *
 * <p>A client may name: an alias of {@code model_aliases}; or a provider model directly as
 * {@code provider-id/model}, when that model is an alias target of the provider or listed in its
 * {@code models:}. Everything else is unknown (404).
 */
public final class RoutingTable {

    private final Map<String, Route> routes;
    private final List<ModelEntry> catalogue;

    public RoutingTable(GatewayConfig config) {
        Map<String, Route> r = new HashMap<>();
        List<ModelEntry> cat = new ArrayList<>();
        Map<String, RouteTarget> direct = new LinkedHashMap<>();
        for (ProviderConfig p : config.providers()) {
            for (String m : p.models()) {
                direct.computeIfAbsent(p.id() + '/' + m, k -> target(p, m));
            }
        }
        for (AliasConfig alias : config.aliases().values()) {
            List<RouteTarget> targets = new ArrayList<>();
            for (TargetConfig t : alias.targets()) {
                ProviderConfig p = config.provider(t.provider());
                RouteTarget rt = direct.computeIfAbsent(p.id() + '/' + t.model(), k -> target(p, t.model()));
                targets.add(rt);
            }
            r.put(alias.name(), new Route(alias.name(), targets));
            cat.add(new ModelEntry(alias.name(), "llm-gateway"));
        }
        for (Map.Entry<String, RouteTarget> e : direct.entrySet()) {
            r.putIfAbsent(e.getKey(), new Route(e.getKey(), List.of(e.getValue())));
            cat.add(new ModelEntry(e.getKey(), e.getValue().provider().id()));
        }
        this.routes = Map.copyOf(r);
        this.catalogue = List.copyOf(cat);
    }

    private static RouteTarget target(ProviderConfig p, String model) {
        return new RouteTarget(p, model, Adapters.forType(p.type()));
    }

    /** The route for a client's model name, or null when the name is unknown. */
    public Route resolve(String model) {
        return routes.get(model);
    }

    /** Every model a client may name, aliases first, for {@code GET /v1/models}. */
    public List<ModelEntry> catalogue() {
        return catalogue;
    }

    /** One row of {@code GET /v1/models}. */
    public record ModelEntry(String id, String ownedBy) {
    }
}
