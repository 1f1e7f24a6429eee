package io.llmgateway.core.limits;

/**
 * The three limits of one provider key — requests per minute, tokens per minute, requests in
 * flight — taken all or none, shared by every thread without locks.
 *
 * <p>{@link #tryReserve} takes the in-flight slot, then the tokens, then the request, and gives
 * back what it took when a later one refuses. The request window goes last because it is the one
 * that cannot be given back (a ring slot, once claimed, is history). While a reservation is being
 * rolled back, another thread may see the key a little fuller than it is and be refused: the
 * protocol can under-admit for an instant, never over-admit.
 *
 * <pre>
 *   long epoch = limits.tryReserve(tokens, now);
 *   if (epoch < 0) { LimitKind why = ConcurrentKeyLimits.refusal(epoch); ... }
 *   ... the request runs ...
 *   limits.release(epoch, limits.tokensTaken(tokens), actualTokens);
 * </pre>
 */
public final class ConcurrentKeyLimits {

    /** Returned by {@link #tryReserve} when {@code max_concurrent} refused. */
    public static final long REFUSED_CONCURRENCY = -1;
    /** Returned by {@link #tryReserve} when {@code limit_tokens_per_min} refused. */
    public static final long REFUSED_TOKENS = -2;
    /** Returned by {@link #tryReserve} when {@code limit_req_per_min} refused. */
    public static final long REFUSED_REQUESTS = -3;

    private static final long MINUTE_NANOS = 60_000_000_000L;
    private static final int SLICES = 60;

    private final long rpm;
    private final long tpm;
    private final ConcurrentInFlightLimit inFlight;
    private final ConcurrentTokenWindow tokens;
    /** Exact request ring; null when unlimited or above {@link ConcurrentRequestWindow#MAX_EXACT_LIMIT}. */
    private final ConcurrentRequestWindow exactRequests;
    /** Requests per minute counted in one-second slices: usage for strategies, and the limit above the ring's size. */
    private final ConcurrentTokenWindow requests;

    /**
     * @param rpm           requests per minute, 0 = unlimited
     * @param tpm           tokens per minute, 0 = unlimited
     * @param maxConcurrent requests in flight, 0 = unlimited
     */
    public ConcurrentKeyLimits(long rpm, long tpm, int maxConcurrent) {
        this(rpm, tpm, maxConcurrent, null, 0);
    }

    /** Limits that carry over the usage and in-flight count of {@code previous} (for a reload). */
    public ConcurrentKeyLimits(long rpm, long tpm, int maxConcurrent, ConcurrentKeyLimits previous, long nowNanos) {
        if (rpm < 0 || tpm < 0) {
            throw new IllegalArgumentException("rpm: " + rpm + ", tpm: " + tpm + " (expected: >= 0)");
        }
        this.rpm = rpm;
        this.tpm = tpm;
        this.inFlight = new ConcurrentInFlightLimit(maxConcurrent, previous == null ? null : previous.inFlight);
        this.tokens = new ConcurrentTokenWindow(tpm == 0 ? ConcurrentTokenWindow.UNLIMITED : tpm, MINUTE_NANOS,
                SLICES, previous == null ? null : previous.tokens, nowNanos);
        boolean exact = rpm > 0 && rpm <= ConcurrentRequestWindow.MAX_EXACT_LIMIT;
        this.exactRequests = exact ? new ConcurrentRequestWindow((int) rpm, MINUTE_NANOS,
                previous == null ? null : previous.exactRequests, nowNanos) : null;
        this.requests = new ConcurrentTokenWindow(rpm == 0 || exact ? ConcurrentTokenWindow.UNLIMITED : rpm,
                MINUTE_NANOS, SLICES, previous == null ? null : previous.requests, nowNanos);
    }

    /** Whether these limits are the configured ones (so a reload can keep this object). */
    public boolean sameLimits(long rpm, long tpm, int maxConcurrent) {
        return this.rpm == rpm && this.tpm == tpm && inFlight.max() == maxConcurrent;
    }

    /**
     * Takes one in-flight slot, {@code tokens} tokens and one request, or nothing. Lock-free;
     * allocates nothing.
     *
     * @return the token epoch (>= 0) to pass to {@link #release}, or one of the negative
     *         {@code REFUSED_*} codes
     */
    public long tryReserve(long tokens, long nowNanos) {
        if (!inFlight.tryAcquire()) {
            return REFUSED_CONCURRENCY;
        }
        long t = this.tokens.clampUnits(tokens);
        long epoch = this.tokens.tryReserve(t, nowNanos);
        if (epoch == ConcurrentTokenWindow.REJECTED) {
            inFlight.release();
            return REFUSED_TOKENS;
        }
        long requestEpoch = requests.tryReserve(1, nowNanos);
        if (requestEpoch == ConcurrentTokenWindow.REJECTED
                || exactRequests != null && !exactRequests.tryAcquire(nowNanos)) {
            if (requestEpoch != ConcurrentTokenWindow.REJECTED) {
                requests.settle(requestEpoch, 1, 0);
            }
            this.tokens.settle(epoch, t, 0);
            inFlight.release();
            return REFUSED_REQUESTS;
        }
        return epoch;
    }

    /** The tokens a reservation of {@code tokens} actually holds (cut to the budget; see {@link ConcurrentTokenWindow}). */
    public long tokensTaken(long tokens) {
        return this.tokens.clampUnits(tokens);
    }

    /**
     * Ends a reservation: frees the in-flight slot and replaces the {@code reserved} tokens by
     * {@code actual}. The request itself stays counted for its minute. Exactly once per successful
     * {@link #tryReserve}.
     */
    public void release(long epoch, long reserved, long actual) {
        inFlight.release();
        tokens.settle(epoch, reserved, actual);
    }

    /** Which limit a negative {@link #tryReserve} result names. */
    public static LimitKind refusal(long code) {
        if (code == REFUSED_CONCURRENCY) {
            return LimitKind.CONCURRENCY;
        }
        if (code == REFUSED_TOKENS) {
            return LimitKind.TOKENS;
        }
        if (code == REFUSED_REQUESTS) {
            return LimitKind.REQUESTS;
        }
        throw new IllegalArgumentException("code: " + code + " (expected: a REFUSED_* code)");
    }

    /**
     * When the limit that refused may admit {@code tokens}: the earliest time a unit frees up, for
     * a truthful {@code retry-after}; -1 for {@link LimitKind#CONCURRENCY}, which depends on when
     * a running request ends.
     */
    public long nextFreeAt(LimitKind kind, long tokens, long nowNanos) {
        return switch (kind) {
            case CONCURRENCY -> -1;
            case TOKENS -> this.tokens.nextFreeAt(tokens, nowNanos);
            case REQUESTS -> exactRequests != null ? exactRequests.nextFreeAt(nowNanos)
                    : requests.nextFreeAt(1, nowNanos);
        };
    }

    /** Whether an in-flight slot is free now (a hint: another thread may take it first). */
    public boolean hasRoom() {
        return inFlight.hasRoom();
    }

    /** Requests per minute allowed; 0 = unlimited. */
    public long rpmLimit() {
        return rpm;
    }

    /** Tokens per minute allowed; 0 = unlimited. */
    public long tpmLimit() {
        return tpm;
    }

    /** {@code max_concurrent}; 0 = unlimited. */
    public int maxConcurrent() {
        return inFlight.max();
    }

    /** Requests counted in the last minute, in one-second slices (O(1); may lag the exact ring by a slice). */
    public long requestsUsed(long nowNanos) {
        return requests.used(nowNanos);
    }

    /** Tokens reserved or used in the last minute. O(1). */
    public long tokensUsed(long nowNanos) {
        return tokens.used(nowNanos);
    }

    public int inFlight() {
        return inFlight.inFlight();
    }

    /** The in-flight counter, which outlives limit changes (so it may be cached by readers). */
    public ConcurrentInFlightLimit inFlightLimit() {
        return inFlight;
    }

    /** When all the requests now counted will have left the window. */
    public long requestsEmptyAt(long nowNanos) {
        return requests.emptyAt(nowNanos);
    }

    /** When all the tokens now counted will have left the window. */
    public long tokensEmptyAt(long nowNanos) {
        return tokens.emptyAt(nowNanos);
    }
}
