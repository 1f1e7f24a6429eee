package io.llmgateway.core.auth;

/** What {@link VirtualKeyAccess#admit} decided for one request. */
public enum Admission {
    /** Taken: the lease holds a slot and tokens until it is released. */
    ADMITTED,
    /** The key may not use the model asked for: 403. */
    MODEL_NOT_ALLOWED,
    /** The key's or its team's requests, tokens or parallel requests are at their limit: 429 with a retry-after. */
    RATE_LIMITED,
    /** The key's or its team's budget is spent for the period: 429 {@code budget_exceeded}. */
    BUDGET_EXCEEDED
}
