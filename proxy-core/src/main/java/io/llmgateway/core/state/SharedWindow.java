package io.llmgateway.core.state;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This instance's share of one cluster-wide limit window (a provider key's, a virtual key's or a
 * team's requests and tokens per minute): credit leased from the {@link RuntimeStore} in batches by
 * the state thread, spent here without locks. The request path never waits on the store: it takes
 * credit it already holds, and when the credit runs low it asks the {@link StateKeeper} for more,
 * which leases it in the background.
 *
 * <p>{@link #tryTake} answers {@link #TAKEN}, {@link #WAIT} (no credit in hand, a lease is on its
 * way: wait for {@link #onRefill} or try another key) or {@link #FULL} (the store said the cluster's
 * window is full until {@link #fullUntil}). Tokens are taken as reserved (an estimate) and settled
 * with the real count: what was reserved and not used returns to the credit, what was used beyond
 * it is a debt the next lease reports, so that the store counts every token used.
 *
 * <p>Why a limit holds across the cluster: the store grants no more than the limit in any 61 s of
 * its clock, and an instance can only spend what was granted. Units granted before a window starts
 * and spent inside it are at most the credit every instance holds: the worst-case overshoot of a
 * cluster-wide limit is {@code N × batch} requests (and {@code N × (batch + one request's tokens)}
 * tokens), with {@code batch = ceil(limit × lease_fraction / N)}.
 */
public final class SharedWindow {

    public static final int TAKEN = 0;
    public static final int WAIT = 1;
    public static final int FULL = 2;

    private final String scope;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong tokens = new AtomicLong();
    private final AtomicLong tokenDebt = new AtomicLong();
    private final AtomicBoolean refillAsked = new AtomicBoolean();
    private volatile long rpm;
    private volatile long tpm;
    private volatile long requestsFullUntil;
    private volatile long tokensFullUntil;
    private volatile long requestBatch = 1;
    private volatile long tokenBatch = 1;
    /** The store's second of the last grant: units given back are taken off that bucket. */
    volatile long grantSecond;
    /** When credit was last taken (ticker nanos): idle credit goes back to the store. */
    volatile long lastTakeNanos;
    private volatile Runnable onRefill = () -> { };
    private final StateKeeper keeper;

    SharedWindow(String scope, long rpm, long tpm, StateKeeper keeper) {
        this.scope = scope;
        this.rpm = rpm;
        this.tpm = tpm;
        this.keeper = keeper;
    }

    public String scope() {
        return scope;
    }

    /** The cluster-wide requests per minute; 0 = unlimited. */
    public long rpm() {
        return rpm;
    }

    /** The cluster-wide tokens per minute; 0 = unlimited. */
    public long tpm() {
        return tpm;
    }

    /** Adopts reloaded limits (credit in hand stays: it was granted under the old ones). */
    public void limits(long rpm, long tpm) {
        this.rpm = rpm;
        this.tpm = tpm;
    }

    /** Called (on the state thread) after a lease added credit: wakes requests that wait for it. */
    public void onRefill(Runnable r) {
        this.onRefill = r;
    }

    /**
     * Takes one request and {@code reserveTokens} tokens of credit, or nothing. Lock-free; allocates
     * nothing.
     *
     * @return {@link #TAKEN}, {@link #WAIT} or {@link #FULL}
     */
    public int tryTake(long reserveTokens, long nowNanos) {
        boolean limitRequests = rpm > 0;
        boolean limitTokens = tpm > 0;
        if (limitRequests && !takeRequest()) {
            return refused(requestsFullUntil, nowNanos);
        }
        if (limitTokens && !takeTokens(reserveTokens)) {
            if (limitRequests) {
                requests.incrementAndGet();
            }
            return refused(tokensFullUntil, nowNanos);
        }
        lastTakeNanos = nowNanos;
        if (limitRequests && requests.get() * 2 < requestBatch && requestsFullUntil <= nowNanos
                || limitTokens && tokens.get() * 2 < tokenBatch && tokensFullUntil <= nowNanos) {
            // prefetch at half a batch, so that steady traffic never finds the credit empty; not while
            // the store says the window is full (each take would ask again)
            askRefill();
        }
        return TAKEN;
    }

    private int refused(long fullUntil, long nowNanos) {
        if (fullUntil > nowNanos) {
            return FULL;
        }
        askRefill();
        return WAIT;
    }

    private boolean takeRequest() {
        for (;;) {
            long c = requests.get();
            if (c <= 0) {
                return false;
            }
            if (requests.compareAndSet(c, c - 1)) {
                return true;
            }
        }
    }

    /** Tokens are taken while any credit is left: a request may overdraw by less than its own reservation. */
    private boolean takeTokens(long n) {
        for (;;) {
            long c = tokens.get();
            if (c <= 0) {
                return false;
            }
            if (tokens.compareAndSet(c, c - n)) {
                return true;
            }
        }
    }

    /** Gives back what a {@link #TAKEN} took, when a later check refused the request. */
    public void giveBack(long reserveTokens) {
        if (rpm > 0) {
            requests.incrementAndGet();
        }
        if (tpm > 0) {
            tokens.addAndGet(reserveTokens);
        }
    }

    /** Settles a request's tokens: {@code reserved} were taken, {@code actual} were used. */
    public void settle(long reserved, long actual) {
        if (tpm <= 0) {
            return;
        }
        long d = reserved - actual;
        if (d >= 0) {
            tokens.addAndGet(d);
        } else {
            tokenDebt.addAndGet(-d);
        }
    }

    /** When the store said the window is full for requests (ticker nanos); 0 when it did not. */
    public long fullUntil(boolean forTokens) {
        return forTokens ? tokensFullUntil : requestsFullUntil;
    }

    /** Whether credit is in hand (a hint for waiters). */
    public boolean hasCredit() {
        return (rpm <= 0 || requests.get() > 0) && (tpm <= 0 || tokens.get() > 0);
    }

    private void askRefill() {
        if (refillAsked.compareAndSet(false, true)) {
            keeper.refill(this);
        }
    }

    // --- the state thread's side ---

    long requestCredit() {
        return requests.get();
    }

    long tokenCredit() {
        return tokens.get();
    }

    void batches(long requestBatch, long tokenBatch) {
        this.requestBatch = Math.max(1, requestBatch);
        this.tokenBatch = Math.max(1, tokenBatch);
    }

    long requestBatch() {
        return requestBatch;
    }

    long tokenBatch() {
        return tokenBatch;
    }

    /** The tokens used beyond reservations since the last call: to report as debt. */
    long drainDebt() {
        return tokenDebt.getAndSet(0);
    }

    void restoreDebt(long debt) {
        tokenDebt.addAndGet(debt);
    }

    /** Takes every unit of credit in hand (to give it back to the store); -1 each for an unlimited kind. */
    long drainRequests() {
        return requests.getAndSet(0);
    }

    long drainTokens() {
        return tokens.getAndSet(0);
    }

    /** Adds what the store granted, notes when it said the window is full, and wakes waiters. */
    void granted(long requestsGranted, long tokensGranted, long requestsFullUntil, long tokensFullUntil) {
        if (requestsGranted > 0) {
            requests.addAndGet(requestsGranted);
        }
        if (tokensGranted > 0) {
            tokens.addAndGet(tokensGranted);
        }
        this.requestsFullUntil = requestsFullUntil;
        this.tokensFullUntil = tokensFullUntil;
        refillAsked.set(false);
        if (requestsGranted > 0 || tokensGranted > 0) {
            onRefill.run();
        }
    }

    /** The refill could not be made (store down and no fallback yet): let the next take ask again. */
    void refillFailed() {
        refillAsked.set(false);
    }

    boolean refillAsked() {
        return refillAsked.get();
    }

    @Override
    public String toString() {
        return "SharedWindow[" + scope + ", rpm " + rpm + ", tpm " + tpm + ", credit " + requests.get() + '/'
                + tokens.get() + ']';
    }
}
