package io.llmgateway.core.balance;

import io.llmgateway.core.routing.Deployment;

/**
 * The answer of {@link Balancer#acquire}: a deployment reserved under every limit, or why there is
 * none.
 *
 * <p>An {@link Outcome#ACQUIRED} lease holds a slot, tokens and a request of its key until
 * {@link #release} — which must be called exactly once, on any thread. It is pooled: after
 * {@code release} it belongs to the balancer again and must not be touched (like a
 * {@code ByteBuf} after its last {@code release()}). A refused lease holds nothing; releasing it
 * is allowed and does nothing. A {@link Outcome#PENDING} lease is a place in a bulkhead's queue:
 * releasing it leaves the queue.
 */
public interface Lease {

    /** What {@link Balancer#acquire} decided. */
    enum Outcome {
        /** A deployment is reserved: send the request there. */
        ACQUIRED,
        /** Every candidate was at {@code max_concurrent}; the callback will receive the final lease. */
        PENDING,
        /** Every candidate is over a limit, cooling down or open: 429, {@code retry-after: retryAfterMs}. */
        OVER_LIMIT,
        /** No deployment can take the request at all (disabled, excluded, no matching tag): fall back or 503. */
        NO_CANDIDATE,
        /** Every candidate is at {@code max_concurrent} and the wait ran out (or there is none): 429. */
        BULKHEAD_FULL
    }

    Outcome outcome();

    /** The reserved deployment; null unless {@link Outcome#ACQUIRED}. */
    Deployment deployment();

    /**
     * For a refusal, how long until a candidate may take the request (the earliest time a unit of
     * a limit frees up, a cooldown ends or a breaker half-opens); -1 otherwise or when unknown.
     */
    long retryAfterMs();

    /**
     * The first byte of the response arrived {@code elapsedNanos} after the request was sent: a
     * latency sample (time to first token for a stream). At most once; optional.
     */
    void onFirstByte(long elapsedNanos);

    /** Ends the lease: settles the tokens against the real usage and records the outcome. Exactly once. */
    void release(Result result);
}
