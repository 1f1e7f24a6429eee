package io.llmgateway.core.limits;

/**
 * What a provider last said about one key's quota in its rate-limit headers (see
 * {@link RateLimitHeaders}), and what that means for routing: a key with no request or token left
 * is skipped until the reset; a key nearly out ({@link #LOW_FRACTION} of its limit or less) is
 * tried after the others.
 *
 * <p>Shared by every thread: each response overwrites the fields (last writer wins; they are a
 * provider's snapshot, not a counter). The routing decision reads two volatile longs, computed
 * when the headers arrive.
 */
public final class ProviderQuota {

    /** At or below this share of its limit left, a key is tried after the others. */
    public static final double LOW_FRACTION = 0.05;

    /** What the provider's last word means for a request now. */
    public enum Gate { PASS, LOW, BLOCKED }

    private volatile long limitRequests = -1;
    private volatile long remainingRequests = -1;
    private volatile long resetRequestsAt = -1;
    private volatile long limitTokens = -1;
    private volatile long remainingTokens = -1;
    private volatile long resetTokensAt = -1;
    /** Until when the provider said the key has nothing left (0: it did not). */
    private volatile long blockedUntil;
    /** Until when the provider said the key is nearly out (0: it did not). */
    private volatile long lowUntil;

    /**
     * Records what the provider said; -1 for anything it did not. Resets are monotonic
     * nanoseconds ({@link Ticker#nanoTime()}).
     */
    public void update(long limitRequests, long remainingRequests, long resetRequestsAt, long limitTokens,
            long remainingTokens, long resetTokensAt) {
        this.limitRequests = limitRequests;
        this.remainingRequests = remainingRequests;
        this.resetRequestsAt = resetRequestsAt;
        this.limitTokens = limitTokens;
        this.remainingTokens = remainingTokens;
        this.resetTokensAt = resetTokensAt;
        long blocked = 0;
        long low = 0;
        if (remainingRequests == 0 && resetRequestsAt > 0) {
            blocked = resetRequestsAt;
        } else if (isLow(remainingRequests, limitRequests) && resetRequestsAt > 0) {
            low = resetRequestsAt;
        }
        if (remainingTokens == 0 && resetTokensAt > 0) {
            blocked = Math.max(blocked, resetTokensAt);
        } else if (isLow(remainingTokens, limitTokens) && resetTokensAt > 0) {
            low = Math.max(low, resetTokensAt);
        }
        this.blockedUntil = blocked;
        this.lowUntil = low;
    }

    private static boolean isLow(long remaining, long limit) {
        return remaining >= 0 && limit > 0 && remaining <= limit * LOW_FRACTION;
    }

    /** What the provider's last word means at {@code nowNanos}. Two volatile reads; allocates nothing. */
    public Gate gate(long nowNanos) {
        long b = blockedUntil;
        if (b != 0 && nowNanos < b) {
            return Gate.BLOCKED;
        }
        long l = lowUntil;
        return l != 0 && nowNanos < l ? Gate.LOW : Gate.PASS;
    }

    /** Until when the provider said the key is exhausted; 0 when it is not (or the reset has passed). */
    public long blockedUntil(long nowNanos) {
        long b = blockedUntil;
        return b != 0 && nowNanos < b ? b : 0;
    }

    public long limitRequests() {
        return limitRequests;
    }

    public long remainingRequests() {
        return remainingRequests;
    }

    public long resetRequestsAt() {
        return resetRequestsAt;
    }

    public long limitTokens() {
        return limitTokens;
    }

    public long remainingTokens() {
        return remainingTokens;
    }

    public long resetTokensAt() {
        return resetTokensAt;
    }
}
