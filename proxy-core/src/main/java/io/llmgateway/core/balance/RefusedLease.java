package io.llmgateway.core.balance;

import io.llmgateway.core.routing.Deployment;

/** A refusal: holds nothing, so releasing it does nothing. Immutable. */
final class RefusedLease implements Lease {

    /** When a bulkhead is full, the time a slot frees is unknown: ask the client to wait this long. */
    static final long BULKHEAD_RETRY_MS = 1_000;

    static final RefusedLease NO_CANDIDATE = new RefusedLease(Outcome.NO_CANDIDATE, -1);
    static final RefusedLease BULKHEAD_FULL = new RefusedLease(Outcome.BULKHEAD_FULL, BULKHEAD_RETRY_MS);

    private final Outcome outcome;
    private final long retryAfterMs;

    RefusedLease(Outcome outcome, long retryAfterMs) {
        this.outcome = outcome;
        this.retryAfterMs = retryAfterMs;
    }

    @Override
    public Outcome outcome() {
        return outcome;
    }

    @Override
    public Deployment deployment() {
        return null;
    }

    @Override
    public long retryAfterMs() {
        return retryAfterMs;
    }

    @Override
    public void onFirstByte(long elapsedNanos) {
        throw new IllegalStateException("a refused lease has no response (outcome " + outcome + ")");
    }

    @Override
    public void release(Result result) {
        // Nothing was reserved.
    }

    @Override
    public String toString() {
        return "Lease[" + outcome + (retryAfterMs >= 0 ? ", retry after " + retryAfterMs + " ms]" : "]");
    }
}
