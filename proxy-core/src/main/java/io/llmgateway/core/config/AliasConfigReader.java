package io.llmgateway.core.config;

import static io.llmgateway.core.config.ConfigKeys.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads {@code model_aliases:} into {@link AliasConfig}s: each target names a known provider, each
 * fallback a known alias, and following fallbacks never leads back to where it started.
 */
final class AliasConfigReader {

    private AliasConfigReader() {
    }

    static Map<String, AliasConfig> read(ConfigNode root, List<ProviderConfig> providers) {
        Map<String, AliasConfig> out = new LinkedHashMap<>();
        Map<String, ConfigNode> fallbackNodes = new LinkedHashMap<>();
        Map<String, ConfigNode> contextNodes = new LinkedHashMap<>();
        Set<String> providerIds = new HashSet<>();
        providers.forEach(p -> providerIds.add(p.id()));
        for (Map.Entry<String, ConfigNode> e : MODEL_ALIASES.node(root).children().entrySet()) {
            String name = e.getKey();
            ConfigNode v = e.getValue();
            if (name.isBlank()) {
                v.problem("alias name must not be empty");
                continue;
            }
            ConfigNode targetsNode = v;
            List<String> fallbacks = List.of();
            List<String> contextFallbacks = List.of();
            String strategy = null;
            long contextWindow = ALIAS_CONTEXT_WINDOW.defaultValue();
            if (v.isMapping()) {
                MODEL_ALIASES.check(v);
                targetsNode = ALIAS_TARGETS.node(v);
                if (!targetsNode.present()) {
                    targetsNode.problem("is required (a list of 'provider:model' or {target, weight, tags})");
                    continue;
                }
                fallbacks = ALIAS_FALLBACKS.read(v);
                contextFallbacks = ALIAS_CONTEXT_WINDOW_FALLBACKS.read(v);
                fallbackNodes.put(name, ALIAS_FALLBACKS.node(v));
                contextNodes.put(name, ALIAS_CONTEXT_WINDOW_FALLBACKS.node(v));
                strategy = ALIAS_STRATEGY.read(v);
                contextWindow = ALIAS_CONTEXT_WINDOW.read(v);
            }
            List<TargetConfig> targets = new ArrayList<>();
            List<ConfigNode> items = targetsNode.isSequence() ? targetsNode.items() : List.of(targetsNode);
            for (ConfigNode t : items) {
                TargetConfig tc = target(t, providerIds);
                if (tc != null) {
                    targets.add(tc);
                }
            }
            if (targets.isEmpty() && items.isEmpty()) {
                v.problem("needs at least one target 'provider:model'");
            }
            if (!targets.isEmpty()) {
                out.put(name, new AliasConfig(name, targets, fallbacks, contextFallbacks, strategy, contextWindow));
            }
        }
        checkFallbacks(out, fallbackNodes, AliasConfig::fallbacks);
        checkFallbacks(out, contextNodes, AliasConfig::contextWindowFallbacks);
        return out;
    }

    /** {@code provider:model}, or {@code {target, weight, tags}}. */
    private static TargetConfig target(ConfigNode t, Set<String> providerIds) {
        String spec;
        double weight = TARGET_WEIGHT.defaultValue();
        List<String> tags = TARGET_TAGS.defaultValue();
        ConfigNode specNode = t;
        if (t.isMapping()) {
            ALIAS_TARGETS.check(t);
            specNode = TARGET.node(t);
            spec = TARGET.required(t);
            weight = TARGET_WEIGHT.read(t);
            tags = TARGET_TAGS.read(t);
        } else {
            spec = t.requiredString();
        }
        if (spec == null) {
            return null;
        }
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            specNode.problem("must be 'provider:model', got " + specNode.quote(spec));
            return null;
        }
        String provider = spec.substring(0, colon).trim();
        String model = spec.substring(colon + 1).trim();
        if (!providerIds.contains(provider)) {
            specNode.problem("unknown provider " + specNode.quote(provider) + " (known: "
                    + String.join(", ", providerIds) + ")");
            return null;
        }
        return new TargetConfig(provider, model, weight, tags);
    }

    /** Every fallback names an alias, and following fallbacks never leads back to where it started. */
    private static void checkFallbacks(Map<String, AliasConfig> aliases, Map<String, ConfigNode> nodes,
            Function<AliasConfig, List<String>> edges) {
        for (Map.Entry<String, ConfigNode> e : nodes.entrySet()) {
            AliasConfig alias = aliases.get(e.getKey());
            if (alias == null) {
                continue;
            }
            for (String f : edges.apply(alias)) {
                if (!aliases.containsKey(f)) {
                    e.getValue().problem("unknown alias " + e.getValue().quote(f) + " (known: "
                            + String.join(", ", aliases.keySet()) + ")");
                }
            }
            List<String> cycle = cycleFrom(alias.name(), aliases, edges, new ArrayList<>());
            if (cycle != null) {
                e.getValue().problem("fallbacks form a cycle: " + String.join(" -> ", cycle));
            }
        }
    }

    /** The path back to {@code path.get(0)} from {@code name}, or null when there is none. */
    private static List<String> cycleFrom(String name, Map<String, AliasConfig> aliases,
            Function<AliasConfig, List<String>> edges, List<String> path) {
        if (!path.isEmpty() && name.equals(path.get(0))) {
            List<String> cycle = new ArrayList<>(path);
            cycle.add(name);
            return cycle;
        }
        if (path.contains(name) || path.size() > aliases.size()) {
            return null; // a cycle that does not pass through the start: reported from its own alias
        }
        AliasConfig a = aliases.get(name);
        if (a == null) {
            return null;
        }
        path.add(name);
        for (String next : edges.apply(a)) {
            List<String> c = cycleFrom(next, aliases, edges, path);
            if (c != null) {
                return c;
            }
        }
        path.remove(path.size() - 1);
        return null;
    }
}
