package io.llmgateway.core.config;

import java.util.Map;

/**
 * {@code policy:} — how a deployment is chosen.
 *
 * @param strategy      the balancing strategy name
 * @param hybridWeights weights of the hybrid score ({@code token_ratio}, {@code req_ratio},
 *                      {@code error_score}, {@code latency})
 */
public record PolicyConfig(String strategy, Map<String, Double> hybridWeights) {

    public static final String[] STRATEGIES = {
        "round-robin", "simple-shuffle", "least-busy", "lowest-latency", "lowest-tpm-rpm", "least-used",
        "lowest-cost", "cost-first", "tag-based", "hybrid"
    };

    public PolicyConfig {
        hybridWeights = Map.copyOf(hybridWeights);
    }
}
