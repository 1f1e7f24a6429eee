package io.llmgateway.core.balance;

import java.util.List;

/**
 * An immutable snapshot of one key, for the admin API and metrics ({@link KeyStateRegistry#snapshot()}).
 * Limits are 0 when unlimited; times are milliseconds; -1 where unknown.
 *
 * @param health              HEALTHY, COOLING_DOWN, HALF_OPEN or DISABLED
 * @param reason              why it is not healthy ("" when it is)
 * @param cooldownRemainingMs until the cooldown ends (0 when not cooling down)
 * @param weightFactor        the share of its normal traffic it gets now (below 1 while ramping up)
 * @param errorRate           moving average of failures per request, in [0, 1]
 * @param latencyMs           mean of its deployments' latency averages (non-stream), -1 without samples
 * @param ttftMs              mean of its deployments' time-to-first-token averages, -1 without samples
 * @param providerRemainingRequests what the provider last said in its rate-limit headers, -1 if nothing
 * @param providerRemainingTokens   idem, tokens
 */
public record KeyStateView(
        String providerId,
        String keyId,
        boolean enabled,
        String health,
        String reason,
        long cooldownRemainingMs,
        double weightFactor,
        long rpmLimit,
        long rpmUsed,
        long tpmLimit,
        long tpmUsed,
        int maxConcurrent,
        int inFlight,
        int waiting,
        double errorRate,
        double latencyMs,
        double ttftMs,
        long providerRemainingRequests,
        long providerRemainingTokens,
        List<DeploymentView> deployments) {

    public KeyStateView {
        deployments = List.copyOf(deployments);
    }

    /**
     * One model on the key.
     *
     * @param breaker              CLOSED, OPEN or HALF_OPEN
     * @param breakerOpenRemainingMs until an open breaker half-opens (0 otherwise)
     * @param failureRate          failed share of the requests in the breaker's window
     */
    public record DeploymentView(String model, String breaker, long breakerOpenRemainingMs, double failureRate,
            double latencyMs, double ttftMs) {
    }
}
