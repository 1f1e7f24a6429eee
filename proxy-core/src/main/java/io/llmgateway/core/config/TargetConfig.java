package io.llmgateway.core.config;

import java.util.List;

/**
 * One target of a model alias: a provider and the model name that provider expects.
 *
 * @param provider the provider id
 * @param model    the upstream model name
 * @param weight   relative share for weighted strategies (default 1)
 * @param tags     labels for tag-based routing
 */
public record TargetConfig(String provider, String model, double weight, List<String> tags) {

    public TargetConfig {
        tags = List.copyOf(tags);
    }

    @Override
    public String toString() {
        return provider + ':' + model;
    }
}
