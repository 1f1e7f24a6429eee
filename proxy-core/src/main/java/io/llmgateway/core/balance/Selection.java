package io.llmgateway.core.balance;

import io.llmgateway.core.routing.Deployment;
import java.util.Set;

/**
 * One selection in progress: the request, the time, and per-candidate scratch. One instance per
 * thread, reused by every {@link Balancer#acquire} on that thread, so selecting allocates nothing.
 * Strategies read it.
 */
public final class Selection {

    static final byte SKIP = 1;
    static final byte BLOCKED = 2;
    static final byte READY = 3;
    static final byte READY_LATE = 4;
    static final byte TRIED = 5;
    static final int CODE = 0x7;
    static final int KEY_PROBE = 0x8;
    static final int BREAKER_PROBE = 0x10;

    RequestInfo info;
    long now;
    long tokens;
    long completionTokens;
    RandomSource random;
    Set<Deployment> exclude;
    boolean excludeAny;
    /** 0: no tag filter; 1: candidates with a tag of the request; 2: candidates tagged "default". */
    int tagMode;
    /** Earliest time a refused candidate may take the request (Long.MAX_VALUE: unknown). */
    long earliest;
    boolean sawCandidate;
    boolean concurrencyFull;
    /** Bits of the plan's key slots refused by {@code max_concurrent} (bit 63: slot 63 and above). */
    long fullKeys;

    /** For strategies: a per-selection number (e.g. the lowest latency among the candidates). */
    double reference;

    double[] score = new double[16];
    byte[] status = new byte[16];

    void reset(RequestInfo info, long now, long tokens, long completionTokens, RandomSource random,
            Set<Deployment> exclude, int size) {
        this.info = info;
        this.now = now;
        this.tokens = tokens;
        this.completionTokens = completionTokens;
        this.random = random;
        this.exclude = exclude;
        this.excludeAny = !exclude.isEmpty();
        this.tagMode = 0;
        this.earliest = Long.MAX_VALUE;
        this.sawCandidate = false;
        this.concurrencyFull = false;
        this.fullKeys = 0;
        this.reference = 0;
        if (score.length < size) {
            score = new double[Math.max(size, score.length * 2)];
            status = new byte[score.length];
        }
    }

    void noteEarliest(long at) {
        if (at > 0 && at < earliest) {
            earliest = at;
        }
    }

    public RequestInfo info() {
        return info;
    }

    /** The time of this selection ({@link io.llmgateway.core.limits.Ticker#nanoTime()}). */
    public long nowNanos() {
        return now;
    }

    /** The tokens this request reserves: prompt estimate + completion budget. */
    public long tokens() {
        return tokens;
    }

    /** The completion tokens planned for ({@code max_tokens} or {@code policy.default_max_tokens}). */
    public long completionTokens() {
        return completionTokens;
    }

    /** A uniform double in [0, 1). */
    public double random() {
        return random.nextDouble();
    }

    /** Restricts the candidates by tag: 0 none, 1 a tag of the request, 2 the "default" tag (tag-based {@code begin}). */
    void filterByTags(int mode) {
        this.tagMode = mode;
    }
}
