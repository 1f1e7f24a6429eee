package io.llmgateway.core.proxy;

import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.balance.RandomSource;
import io.llmgateway.core.config.PolicyConfig;

/**
 * When to try again after a failed attempt, and how long to wait first: capped exponential
 * backoff with jitter. Only failures another deployment may not repeat are retried — connection
 * errors, timeouts before the first byte, 429, 5xx, 529 — never 400, 401, 403, 404, a context that
 * is too long (that goes to a context-window fallback) or anything after the first byte reached
 * the client. The retry goes to another deployment ({@link Attempts} excludes the ones tried).
 *
 * <p>Immutable and thread-safe.
 */
final class RetryPolicy {

    private final int retries;
    private final long initialMs;
    private final long maxMs;
    private final long budgetMs;
    private final RandomSource random;

    /**
     * @param retries   attempts after the first one
     * @param initialMs backoff before the first retry
     * @param maxMs     the cap of the backoff
     * @param budgetMs  no retry starts after this much time since the request arrived
     */
    RetryPolicy(int retries, long initialMs, long maxMs, long budgetMs, RandomSource random) {
        if (retries < 0 || initialMs < 0 || maxMs < initialMs || budgetMs <= 0) {
            throw new IllegalArgumentException("retries: " + retries + ", initialMs: " + initialMs + ", maxMs: " + maxMs
                    + ", budgetMs: " + budgetMs + " (expected: >= 0, maxMs >= initialMs, budgetMs > 0)");
        }
        this.retries = retries;
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.budgetMs = budgetMs;
        this.random = random;
    }

    /** {@code policy.retries} and {@code policy.backoff_ms}, within {@code budgetMs}. */
    static RetryPolicy of(PolicyConfig policy, long budgetMs, RandomSource random) {
        return new RetryPolicy(policy.retries(), policy.backoffInitialMs(), policy.backoffMaxMs(), budgetMs, random);
    }

    /** Whether failures of this kind may succeed on another deployment. */
    static boolean retryable(ErrorKind kind) {
        return kind == ErrorKind.RATE_LIMITED || kind == ErrorKind.CONNECT || kind == ErrorKind.TIMEOUT
                || kind == ErrorKind.SERVER_ERROR || kind == ErrorKind.OVERLOADED;
    }

    /**
     * Whether to make another attempt.
     *
     * @param kind      how the last attempt failed
     * @param attempt   attempts made so far (1 after the first)
     * @param elapsedMs time since the request arrived
     */
    boolean shouldRetry(ErrorKind kind, int attempt, long elapsedMs) {
        return retryable(kind) && attempt <= retries && elapsedMs < budgetMs;
    }

    /**
     * How long to wait before attempt {@code attempt + 1}: {@code min(max, initial × 2^(attempt-1))},
     * of which a random half ("equal jitter": between half and all of it), so that retries of
     * many requests do not arrive together.
     */
    long backoffMs(int attempt) {
        if (initialMs == 0 || attempt < 1) {
            return 0;
        }
        int shift = Math.min(attempt - 1, 40);
        long cap = initialMs > (maxMs >> shift) ? maxMs : Math.min(maxMs, initialMs << shift);
        long half = cap / 2;
        return half + (long) (random.nextDouble() * (cap - half + 1));
    }
}
