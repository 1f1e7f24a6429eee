package io.llmgateway.core.state;

/**
 * What a provider last said about a key's quota in its rate-limit headers, shared so that every
 * instance slows down before the provider refuses. Times are epoch ms; -1 = not said.
 */
public record QuotaReading(long limitRequests, long remainingRequests, long resetRequestsAtMillis, long limitTokens,
        long remainingTokens, long resetTokensAtMillis, long atMillis) {
}
