package io.llmgateway.core.balance;

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
