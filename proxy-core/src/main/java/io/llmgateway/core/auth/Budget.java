package io.llmgateway.core.auth;

import static java.util.Objects.requireNonNull;

/**
 * A spending ceiling in USD over a {@link BudgetPeriod}. Once the spend of the current period
 * reaches it, requests are refused with 429 {@code budget_exceeded} until the period turns.
 *
 * @param usd    the ceiling, > 0
 * @param period the period it applies to
 */
public record Budget(double usd, BudgetPeriod period) {

    public Budget {
        requireNonNull(period, "period");
        if (!(usd > 0) || Double.isInfinite(usd)) {
            throw new IllegalArgumentException("usd: " + usd + " (expected: > 0)");
        }
    }
}
