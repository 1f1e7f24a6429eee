package io.llmgateway.core.balance;

import io.llmgateway.core.limits.ConcurrentCircuitBreaker;
import io.llmgateway.core.limits.ConcurrentKeyLimits;
import io.llmgateway.core.routing.Deployment;
import java.util.Objects;

/**
 * A reserved deployment. Pooled per thread ({@link SelectionScratch}): after {@link #release} the
 * object is reused by a later acquire, so nobody may keep it. {@link LeaseSettlement} settles it on
 * release. Used by one thread at a time (the request's event loop); the fields are plain.
 */
final class AcquiredLease implements Lease {

    LeaseSettlement settlement;
    Candidate candidate;
    ConcurrentKeyLimits limits;
    ConcurrentCircuitBreaker breaker;
    long epoch;
    long reserved;
    long startNanos;
    boolean keyProbe;
    boolean breakerProbe;
    boolean stream;
    boolean firstByte;
    boolean released = true;

    void init(LeaseSettlement settlement, Candidate candidate, ConcurrentKeyLimits limits, ConcurrentCircuitBreaker breaker,
            long epoch, long reserved, long startNanos, boolean keyProbe, boolean breakerProbe, boolean stream) {
        this.settlement = settlement;
        this.candidate = candidate;
        this.limits = limits;
        this.breaker = breaker;
        this.epoch = epoch;
        this.reserved = reserved;
        this.startNanos = startNanos;
        this.keyProbe = keyProbe;
        this.breakerProbe = breakerProbe;
        this.stream = stream;
        this.firstByte = false;
        this.released = false;
    }

    @Override
    public Outcome outcome() {
        return Outcome.ACQUIRED;
    }

    @Override
    public Deployment deployment() {
        Candidate c = candidate;
        return c == null ? null : c.deployment;
    }

    @Override
    public long retryAfterMs() {
        return -1;
    }

    @Override
    public void onFirstByte(long elapsedNanos) {
        if (released || firstByte) {
            return;
        }
        firstByte = true;
        (stream ? candidate.state.ttft : candidate.state.latency).record(elapsedNanos);
    }

    @Override
    public void release(Result result) {
        Objects.requireNonNull(result, "result");
        if (released) {
            throw new IllegalStateException("lease released twice (or used after release)");
        }
        released = true;
        settlement.settle(this, result);
        settlement = null;
        candidate = null;
        limits = null;
        breaker = null;
        SelectionScratch.recycle(this);
    }

    @Override
    public String toString() {
        Candidate c = candidate;
        return c == null ? "Lease[released]" : "Lease[ACQUIRED " + c + ']';
    }
}
