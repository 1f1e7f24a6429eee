package io.llmgateway.core.balance;

import io.llmgateway.core.limits.ConcurrentKeyHealth;
import io.llmgateway.core.limits.ConcurrentKeyLimits;

/**
 * What a route (model alias) can still take this minute, summed over its usable keys, for the
 * {@code x-ratelimit-*} response headers. -1 for a dimension in which some key is unlimited (then
 * the headers for it are best left out).
 *
 * @param limitRequests     {@code x-ratelimit-limit-requests}
 * @param remainingRequests {@code x-ratelimit-remaining-requests}
 * @param resetRequestsMs   {@code x-ratelimit-reset-requests}: until every request now counted has left the window
 * @param limitTokens       {@code x-ratelimit-limit-tokens}
 * @param remainingTokens   {@code x-ratelimit-remaining-tokens}
 * @param resetTokensMs     {@code x-ratelimit-reset-tokens}
 */
public record RouteCapacity(long limitRequests, long remainingRequests, long resetRequestsMs, long limitTokens,
        long remainingTokens, long resetTokensMs) {

    /**
     * The sums over {@code keys} (a route plan's distinct keys) that are not disabled, read now.
     * Lock-free reads of the shared windows; called per answered request for its headers.
     */
    static RouteCapacity of(KeyState[] keys, long now) {
        long limitReq = 0;
        long remainingReq = 0;
        long resetReq = 0;
        long limitTok = 0;
        long remainingTok = 0;
        long resetTok = 0;
        boolean unlimitedReq = false;
        boolean unlimitedTok = false;
        int usable = 0;
        for (KeyState k : keys) {
            if (k.health.phase() == ConcurrentKeyHealth.Phase.DISABLED) {
                continue;
            }
            usable++;
            ConcurrentKeyLimits l = k.limits;
            if (l.rpmLimit() == 0) {
                unlimitedReq = true;
            } else {
                limitReq += l.rpmLimit();
                remainingReq += Math.max(0, l.rpmLimit() - l.requestsUsed(now));
                resetReq = Math.max(resetReq, l.requestsEmptyAt(now) - now);
            }
            if (l.tpmLimit() == 0) {
                unlimitedTok = true;
            } else {
                limitTok += l.tpmLimit();
                remainingTok += Math.max(0, l.tpmLimit() - l.tokensUsed(now));
                resetTok = Math.max(resetTok, l.tokensEmptyAt(now) - now);
            }
        }
        boolean noReq = unlimitedReq || usable == 0;
        boolean noTok = unlimitedTok || usable == 0;
        return new RouteCapacity(noReq ? -1 : limitReq, noReq ? -1 : remainingReq, noReq ? -1 : ceilMillis(resetReq),
                noTok ? -1 : limitTok, noTok ? -1 : remainingTok, noTok ? -1 : ceilMillis(resetTok));
    }

    /** Nanoseconds as whole milliseconds, rounded up (a client told to wait must not come back early). */
    static long ceilMillis(long nanos) {
        return nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000;
    }

    /** A duration in OpenAI's header format ({@code 1m0.5s}, {@code 12ms}, {@code 0s}). */
    public static String formatDuration(long millis) {
        if (millis <= 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        long minutes = millis / 60_000;
        long rest = millis % 60_000;
        String seconds = rest % 1000 == 0 ? Long.toString(rest / 1000) : String.valueOf(rest / 1000d);
        return minutes > 0 ? minutes + "m" + seconds + "s" : seconds + "s";
    }
}
