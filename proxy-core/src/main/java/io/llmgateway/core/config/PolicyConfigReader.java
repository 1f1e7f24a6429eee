package io.llmgateway.core.config;

import static io.llmgateway.core.config.ConfigKeys.*;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads {@code policy:} into a {@link PolicyConfig}. */
final class PolicyConfigReader {

    private PolicyConfigReader() {
    }

    static PolicyConfig read(ConfigNode root) {
        ConfigNode n = POLICY.open(root);
        ConfigNode backoff = POLICY_BACKOFF.open(n);
        long backoffInitial = POLICY_BACKOFF_INITIAL_MS.read(backoff);
        long backoffMax = POLICY_BACKOFF_MAX_MS.read(backoff,
                Math.max(POLICY_BACKOFF_MAX_MS.defaultValue(), backoffInitial));
        if (backoffMax < backoffInitial) {
            POLICY_BACKOFF_MAX_MS.node(backoff)
                    .problem("must be at least initial (" + backoffInitial + "), got " + backoffMax);
        }
        return new PolicyConfig(
                POLICY_STRATEGY.read(n),
                hybridWeights(n),
                POLICY_RETRIES.read(n),
                backoffInitial,
                Math.max(backoffMax, backoffInitial),
                POLICY_COOLDOWN_MS.read(n),
                POLICY_FAILURE_THRESHOLD.read(n),
                POLICY_AUTH_FAILURE_THRESHOLD.read(n),
                breaker(n),
                POLICY_RAMP_MS.read(n),
                POLICY_DEFAULT_MAX_TOKENS.read(n),
                tagHeader(n),
                POLICY_MAX_WAIT_MS.read(n));
    }

    /** Every term of {@code hybrid_weights}, named as in the file. */
    private static Map<String, Double> hybridWeights(ConfigNode policy) {
        ConfigNode w = POLICY_HYBRID.open(policy);
        Map<String, Double> weights = new LinkedHashMap<>();
        double sum = 0;
        for (ConfigKey<?> term : POLICY_HYBRID.keys()) {
            double weight = (Double) term.value(w);
            weights.put(term.name(), weight);
            sum += weight;
        }
        if (w.present() && sum == 0) {
            w.problem("at least one weight must be above 0");
        }
        return weights;
    }

    private static PolicyConfig.Breaker breaker(ConfigNode policy) {
        ConfigNode b = POLICY_BREAKER.open(policy);
        return new PolicyConfig.Breaker(
                POLICY_BREAKER_FAILURE_RATE.read(b),
                POLICY_BREAKER_MIN_REQUESTS.read(b),
                POLICY_BREAKER_WINDOW_MS.read(b),
                POLICY_BREAKER_OPEN_MS.read(b),
                POLICY_BREAKER_HALF_OPEN_PROBES.read(b));
    }

    private static String tagHeader(ConfigNode policy) {
        String tagHeader = POLICY_TAG_HEADER.read(policy).trim().toLowerCase();
        if (!tagHeader.matches("[!#$%&'*+.^_`|~0-9a-z-]+")) {
            ConfigNode node = POLICY_TAG_HEADER.node(policy);
            node.problem("not a valid header name: " + node.quote(tagHeader));
            return POLICY_TAG_HEADER.defaultValue();
        }
        return tagHeader;
    }
}
