package io.llmgateway.core.routing;

import io.llmgateway.adapters.Adapters;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.core.config.AliasConfig;
import io.llmgateway.core.config.ConfigKeys;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.config.KeyConfig;
import io.llmgateway.core.config.ProviderConfig;
import io.llmgateway.core.config.TargetConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves the {@code model} of a request to a {@link Route}, and a route to its fallbacks. Built
 * once per config snapshot and then read by every event loop without locks.
 *
 * <p>A client may name: an alias of {@code model_aliases}; or a provider model directly as
 * {@code provider-id/model}, when that model is an alias target of the provider or listed in its
 * {@code models:}. Everything else is unknown (404).
 */
public final class RoutingTable {

    private final Map<String, Route> routes;
    private final List<ModelEntry> catalogue;
    private final Map<Route, List<Route>> fallbacks;
    private final Map<Route, List<Route>> contextWindowFallbacks;
    private final Map<Endpoint, Route> endpointDefaults;
    /** {@code provider/key} -> a route on that key alone, no model: where a request for a stored object goes. */
    private final Map<String, Route> ownerRoutes;
    /** Routes narrowed to one key ({@link #pinned}), made at first use: at most routes x keys of this table. */
    private final Map<PinKey, Route> pinnedRoutes = new ConcurrentHashMap<>();

    public RoutingTable(GatewayConfig config) {
        Map<String, Route> r = new HashMap<>();
        List<ModelEntry> cat = new ArrayList<>();
        Map<String, RouteTarget> direct = new LinkedHashMap<>();
        for (ProviderConfig p : config.providers()) {
            for (String m : p.models()) {
                direct.computeIfAbsent(p.id() + '/' + m, k -> target(p, m, ConfigKeys.TARGET_WEIGHT.defaultValue(), List.of()));
            }
        }
        for (AliasConfig alias : config.aliases().values()) {
            List<RouteTarget> targets = new ArrayList<>();
            for (TargetConfig t : alias.targets()) {
                ProviderConfig p = config.provider(t.provider());
                targets.add(target(p, t.model(), t.weight(), t.tags()));
                direct.computeIfAbsent(p.id() + '/' + t.model(),
                        k -> target(p, t.model(), ConfigKeys.TARGET_WEIGHT.defaultValue(), List.of()));
            }
            r.put(alias.name(), new Route(alias.name(), targets, alias.strategy(), alias.fallbacks(),
                    alias.contextWindowFallbacks(), alias.contextWindow()));
            cat.add(new ModelEntry(alias.name(), "llm-gateway"));
        }
        for (Map.Entry<String, RouteTarget> e : direct.entrySet()) {
            if (!r.containsKey(e.getKey())) {
                r.put(e.getKey(), new Route(e.getKey(), List.of(e.getValue())));
                cat.add(new ModelEntry(e.getKey(), e.getValue().provider().id()));
            }
        }
        this.routes = Map.copyOf(r);
        this.catalogue = List.copyOf(cat);
        Map<Route, List<Route>> fb = new HashMap<>();
        Map<Route, List<Route>> cw = new HashMap<>();
        for (Route route : routes.values()) {
            fb.put(route, chain(route, Route::fallbacks));
            cw.put(route, chain(route, Route::contextWindowFallbacks));
        }
        this.fallbacks = Map.copyOf(fb);
        this.contextWindowFallbacks = Map.copyOf(cw);
        Map<Endpoint, Route> defaults = new EnumMap<>(Endpoint.class);
        config.endpoints().forEach((endpoint, providerId) -> {
            ProviderConfig p = config.provider(providerId);
            // No model: the upstream gets none either (a pass-through body is sent as it came).
            defaults.put(endpoint, new Route(p.id(), List.of(target(p, "", ConfigKeys.TARGET_WEIGHT.defaultValue(),
                    List.of()))));
        });
        this.endpointDefaults = java.util.Collections.unmodifiableMap(defaults);
        Map<String, Route> owners = new HashMap<>();
        for (ProviderConfig p : config.providers()) {
            if (!Adapters.forType(p.type()).supports(Endpoint.FILES)) {
                continue; // keeps no stored objects: nothing can be pinned to its keys
            }
            for (KeyConfig k : p.enabledKeys()) {
                owners.put(p.id() + '/' + k.id(), new Route(p.id(), List.of(new RouteTarget(p, "",
                        Adapters.forType(p.type()), ConfigKeys.TARGET_WEIGHT.defaultValue(), List.of(), List.of(k)))));
            }
        }
        this.ownerRoutes = Map.copyOf(owners);
    }

    private record PinKey(Route route, String provider, String key) {
    }

    private static RouteTarget target(ProviderConfig p, String model, double weight, List<String> tags) {
        return new RouteTarget(p, model, Adapters.forType(p.type()), weight, tags);
    }

    /**
     * The fallback order of a route: its own fallbacks in order, then theirs (breadth first),
     * each alias once and never the route itself.
     */
    private List<Route> chain(Route start, java.util.function.Function<Route, List<String>> edges) {
        Set<Route> seen = new LinkedHashSet<>();
        List<Route> queue = new ArrayList<>();
        queue.add(start);
        for (int i = 0; i < queue.size(); i++) {
            for (String name : edges.apply(queue.get(i))) {
                Route next = routes.get(name);
                if (next != null && next != start && seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        return List.copyOf(seen);
    }

    /** The route for a client's model name, or null when the name is unknown. */
    public Route resolve(String model) {
        return routes.get(model);
    }

    /**
     * The route of {@code endpoint}'s requests that name no model ({@code endpoints:} in the config):
     * its provider's keys, no upstream model; null when none is configured.
     */
    public Route endpointDefault(Endpoint endpoint) {
        return endpointDefaults.get(endpoint);
    }

    /** The routes of {@link #endpointDefault}, one per configured operation. */
    public Collection<Route> endpointDefaults() {
        return endpointDefaults.values();
    }

    /**
     * The route of a request for a stored object that {@code provider}'s key {@code key} created, on
     * that key alone: for a request that names no model ({@code route} null or an
     * {@link #endpointDefault}), the key with no upstream model; otherwise {@code route}'s targets
     * on that provider, narrowed to that key (no fallbacks: another key cannot read the object).
     * Null when the key is not an enabled key of such a target (disabled, removed, or not one the
     * model routes to).
     */
    public Route pinned(Route route, String provider, String key) {
        if (route == null || endpointDefaults.containsValue(route)) {
            return ownerRoutes.get(provider + '/' + key);
        }
        Route pinned = pinnedRoutes.computeIfAbsent(new PinKey(route, provider, key), RoutingTable::narrow);
        return pinned.targets().isEmpty() ? null : pinned;
    }

    /**
     * The routes of a request pinned to one key and no model, one per enabled key of a provider that
     * keeps objects. The balancer plans them at first use, not with the table: a key's deployment
     * without a model appears only once a stored object was asked of it.
     */
    public Collection<Route> ownerRoutes() {
        return ownerRoutes.values();
    }

    private static Route narrow(PinKey pin) {
        List<RouteTarget> targets = new ArrayList<>(1);
        for (RouteTarget t : pin.route().targets()) {
            if (!t.provider().id().equals(pin.provider())) {
                continue;
            }
            for (KeyConfig k : t.keys()) {
                if (k.id().equals(pin.key())) {
                    targets.add(new RouteTarget(t.provider(), t.upstreamModel(), t.adapter(), t.weight(), t.tags(),
                            List.of(k)));
                }
            }
        }
        return new Route(pin.route().name(), targets, pin.route().strategy(), List.of(), List.of(),
                pin.route().contextWindow());
    }

    /** Every route of the table (aliases and direct {@code provider/model} names). */
    public Collection<Route> routes() {
        return routes.values();
    }

    /** Where to go, in order, when every deployment of {@code route} failed ({@code fallbacks}, transitively). */
    public List<Route> fallbacks(Route route) {
        List<Route> f = fallbacks.get(route);
        return f == null ? List.of() : f;
    }

    /** Where to go, in order, when a request is too long for {@code route} ({@code context_window_fallbacks}). */
    public List<Route> contextWindowFallbacks(Route route) {
        List<Route> f = contextWindowFallbacks.get(route);
        return f == null ? List.of() : f;
    }

    /**
     * The route to use for a request of {@code neededTokens} (prompt + completion): {@code route}
     * itself when its context window is unknown or large enough, else the first of its context-window
     * fallbacks not in {@code tried} whose window is unknown or large enough; null when none fits.
     * After a provider said "context length exceeded", pass the route in {@code tried}.
     */
    public Route fitContextWindow(Route route, long neededTokens, Set<Route> tried) {
        if (!tried.contains(route) && fits(route, neededTokens)) {
            return route;
        }
        for (Route r : contextWindowFallbacks(route)) {
            if (!tried.contains(r) && fits(r, neededTokens)) {
                return r;
            }
        }
        return null;
    }

    private static boolean fits(Route r, long neededTokens) {
        return r.contextWindow() <= 0 || neededTokens <= r.contextWindow();
    }

    /** Every model a client may name, aliases first, for {@code GET /v1/models}. */
    public List<ModelEntry> catalogue() {
        return catalogue;
    }

    /** One row of {@code GET /v1/models}. */
    public record ModelEntry(String id, String ownedBy) {
    }
}
