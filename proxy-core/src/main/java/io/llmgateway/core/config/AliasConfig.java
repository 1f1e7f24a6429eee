package io.llmgateway.core.config;

import java.util.List;

/**
 * {@code model_aliases.<name>} — the public model name clients send and where it goes.
 *
 * @param name    the alias (what clients put in {@code model})
 * @param targets one or more provider targets, in order
 */
public record AliasConfig(String name, List<TargetConfig> targets) {

    public AliasConfig {
        targets = List.copyOf(targets);
    }
}
