package io.llmgateway.core.config;

import static io.llmgateway.core.config.ConfigKeys.*;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code policy:} — how a deployment is chosen, and how failures are handled.
 *
 * @param strategy             the default balancing strategy name (an alias may override it)
 * @param hybridWeights        weights of the hybrid score ({@code token_ratio}, {@code req_ratio},
 *                             {@code error_score}, {@code latency})
 * @param retries              attempts after the first one, on another deployment, before the first byte
 * @param backoffInitialMs     backoff before the first retry (doubled per retry, with jitter)
 * @param backoffMaxMs         the cap of the backoff
 * @param cooldownMs           how long a key rests after a 429 without {@code retry-after}, or after
 *                             {@code failureThreshold} consecutive failures
 * @param failureThreshold     consecutive failures of a key before it cools down
 * @param authFailureThreshold consecutive 401/403 of a key before it is disabled (until reload or admin)
 * @param breaker              the circuit breaker of each deployment (provider × key × model)
 * @param rampMs               how long a recovered key takes to return to its full share of traffic
 * @param defaultMaxTokens     completion tokens reserved against TPM when a request has no {@code max_tokens}
 * @param tagHeader            the request header carrying tags for {@code tag-based} routing
 * @param maxWaitMs            how long a request waits for a free slot of a full bulkhead before 429
 */
public record PolicyConfig(
        String strategy,
        Map<String, Double> hybridWeights,
        int retries,
        long backoffInitialMs,
        long backoffMaxMs,
        long cooldownMs,
        int failureThreshold,
        int authFailureThreshold,
        Breaker breaker,
        long rampMs,
        long defaultMaxTokens,
        String tagHeader,
        long maxWaitMs) {

    public static final String[] STRATEGIES = {
        "round-robin", "simple-shuffle", "least-busy", "lowest-latency", "lowest-tpm-rpm", "least-used",
        "lowest-cost", "cost-first", "tag-based", "hybrid"
    };

    public PolicyConfig {
        hybridWeights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hybridWeights));
    }

    /** Every default declared in {@link ConfigKeys}, with {@code strategy}. */
    public static PolicyConfig defaults(String strategy) {
        Map<String, Double> w = new LinkedHashMap<>();
        for (ConfigKey<?> term : POLICY_HYBRID.keys()) {
            w.put(term.name(), (Double) term.defaultValue());
        }
        return new PolicyConfig(strategy, w, POLICY_RETRIES.defaultValue(), POLICY_BACKOFF_INITIAL_MS.defaultValue(),
                POLICY_BACKOFF_MAX_MS.defaultValue(), POLICY_COOLDOWN_MS.defaultValue(),
                POLICY_FAILURE_THRESHOLD.defaultValue(), POLICY_AUTH_FAILURE_THRESHOLD.defaultValue(),
                Breaker.defaults(), POLICY_RAMP_MS.defaultValue(), POLICY_DEFAULT_MAX_TOKENS.defaultValue(),
                POLICY_TAG_HEADER.defaultValue(), POLICY_MAX_WAIT_MS.defaultValue());
    }

    /** The weight of one hybrid term, 0 when absent. */
    public double hybridWeight(String term) {
        Double w = hybridWeights.get(term);
        return w == null ? 0 : w;
    }

    /**
     * {@code policy.breaker} — the circuit breaker of each deployment.
     *
     * @param failureRate    failed share of the requests in the window that opens the breaker
     * @param minRequests    requests the window must hold before the rate is judged
     * @param windowMs       the sliding window the rate is measured over
     * @param openMs         how long an open breaker refuses requests before probing
     * @param halfOpenProbes trial requests let through while half-open; all must succeed to close
     */
    public record Breaker(double failureRate, int minRequests, long windowMs, long openMs, int halfOpenProbes) {

        public static Breaker defaults() {
            return new Breaker(POLICY_BREAKER_FAILURE_RATE.defaultValue(), POLICY_BREAKER_MIN_REQUESTS.defaultValue(),
                    POLICY_BREAKER_WINDOW_MS.defaultValue(), POLICY_BREAKER_OPEN_MS.defaultValue(),
                    POLICY_BREAKER_HALF_OPEN_PROBES.defaultValue());
        }
    }
}
