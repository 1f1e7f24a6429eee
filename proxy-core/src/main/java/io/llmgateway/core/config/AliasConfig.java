package io.llmgateway.core.config;

import java.util.List;

/**
 * {@code model_aliases.<name>} — the public model name clients send and where it goes.
 *
 * @param name                   the alias (what clients put in {@code model})
 * @param targets                one or more provider targets, in order
 * @param fallbacks              aliases tried, in order, when every deployment of this one failed
 * @param contextWindowFallbacks aliases tried, in order, when the request is too long for this one
 * @param strategy               the balancing strategy of this alias, or null for {@code policy.strategy}
 * @param contextWindow          tokens this alias accepts (prompt + completion); 0 = unknown
 */
public record AliasConfig(
        String name,
        List<TargetConfig> targets,
        List<String> fallbacks,
        List<String> contextWindowFallbacks,
        String strategy,
        long contextWindow) {

    public AliasConfig {
        targets = List.copyOf(targets);
        fallbacks = List.copyOf(fallbacks);
        contextWindowFallbacks = List.copyOf(contextWindowFallbacks);
    }

    /** An alias with only targets: no fallbacks, the default strategy, unknown context window. */
    public AliasConfig(String name, List<TargetConfig> targets) {
        this(name, targets, List.of(), List.of(), null, 0);
    }
}
