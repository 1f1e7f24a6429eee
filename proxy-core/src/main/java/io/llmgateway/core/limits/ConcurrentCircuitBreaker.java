package io.llmgateway.core.limits;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The circuit breaker of one deployment (provider × key × model), shared by every thread without
 * locks: closed → open (when the failed share of the requests in the window reaches
 * {@code failureRate} over at least {@code minRequests}) → half-open after {@code openNanos} (at
 * most {@code probes} trial requests) → closed when they all succeed, open again when one fails.
 *
 * <p>The state is an immutable object swapped by CAS; the closed state is a constant, so a closed
 * breaker costs one volatile read per request and one CAS on the outcome window per result.
 * Transitions allocate, and they are rare.
 */
public final class ConcurrentCircuitBreaker {

    /** What a breaker lets through now. */
    public enum Gate {
        /** Closed: every request. */
        PASS,
        /** Half-open with a probe slot free: one request, claimed with {@link #tryClaimProbe}. */
        PROBE,
        /** Open, or half-open with every probe slot taken. */
        BLOCKED
    }

    /** The phase, for snapshots. */
    public enum Phase { CLOSED, OPEN, HALF_OPEN }

    private static final State CLOSED = new State(Phase.CLOSED, 0, 0, 0);

    private final double failureRate;
    private final int minRequests;
    private final long openNanos;
    private final int probes;
    private final ConcurrentOutcomeWindow window;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ConcurrentCircuitBreaker.class, "state", State.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Read and CASed through {@link #STATE}: a field, not an AtomicReference, saves the gate one hop. */
    private volatile State state = CLOSED;

    public ConcurrentCircuitBreaker(double failureRate, int minRequests, long windowNanos, long openNanos, int probes) {
        if (!(failureRate > 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("failureRate: " + failureRate + " (expected: in (0, 1])");
        }
        if (minRequests < 1 || probes < 1 || openNanos <= 0) {
            throw new IllegalArgumentException("minRequests: " + minRequests + ", probes: " + probes + ", openNanos: "
                    + openNanos + " (expected: > 0)");
        }
        this.failureRate = failureRate;
        this.minRequests = minRequests;
        this.openNanos = openNanos;
        this.probes = probes;
        this.window = new ConcurrentOutcomeWindow(windowNanos, 10);
    }

    /** What the breaker lets through at {@code nowNanos}, without claiming anything. */
    public Gate gate(long nowNanos) {
        State s = state;
        if (s == CLOSED) {
            return Gate.PASS;
        }
        if (s.phase == Phase.OPEN) {
            return nowNanos >= s.until ? Gate.PROBE : Gate.BLOCKED;
        }
        // Half-open: probes that never reported (a lost lease) must not wedge it, so the slots reopen after openNanos.
        return s.issued < probes || nowNanos >= s.until ? Gate.PROBE : Gate.BLOCKED;
    }

    /** Until when an open breaker refuses requests (0 when it does not). */
    public long blockedUntil(long nowNanos) {
        State s = state;
        return s.phase == Phase.OPEN && nowNanos < s.until ? s.until : 0;
    }

    /** Claims a probe slot of a half-open (or just expired open) breaker. */
    public boolean tryClaimProbe(long nowNanos) {
        for (;;) {
            State s = state;
            State next;
            if (s == CLOSED) {
                return false;
            } else if (s.phase == Phase.OPEN) {
                if (nowNanos < s.until) {
                    return false;
                }
                next = new State(Phase.HALF_OPEN, nowNanos + openNanos, 1, 0);
            } else if (nowNanos >= s.until) {
                next = new State(Phase.HALF_OPEN, nowNanos + openNanos, 1, 0);
            } else if (s.issued < probes) {
                next = new State(Phase.HALF_OPEN, s.until, s.issued + 1, s.succeeded);
            } else {
                return false;
            }
            if (cas(s, next)) {
                return true;
            }
        }
    }

    /** A request succeeded (the provider answered; client errors count as success here). */
    public void onSuccess(boolean probe, long nowNanos) {
        window.record(false, nowNanos);
        if (!probe) {
            return;
        }
        for (;;) {
            State s = state;
            if (s.phase != Phase.HALF_OPEN) {
                return;
            }
            State next = s.succeeded + 1 >= probes ? CLOSED
                    : new State(Phase.HALF_OPEN, s.until, s.issued, s.succeeded + 1);
            if (cas(s, next)) {
                if (next == CLOSED) {
                    window.clear();
                }
                return;
            }
        }
    }

    /**
     * A request failed in a way that blames the deployment (5xx, 529, timeout, connection).
     *
     * @return whether this failure opened the breaker (so that other instances can be told)
     */
    public boolean onFailure(boolean probe, long nowNanos) {
        window.record(true, nowNanos);
        for (;;) {
            State s = state;
            if (s.phase == Phase.OPEN) {
                return false;
            }
            if (s == CLOSED && !probe) {
                long total = window.total(nowNanos);
                if (total < minRequests || (double) window.failures(nowNanos) / total < failureRate) {
                    return false;
                }
            }
            if (cas(s, new State(Phase.OPEN, nowNanos + openNanos, 0, 0))) {
                return true;
            }
        }
    }

    /**
     * Opens the breaker until {@code untilNanos} because another instance's breaker for the same
     * deployment opened; nothing when it is already open at least that long.
     */
    public void openUntil(long untilNanos, long nowNanos) {
        for (;;) {
            State s = state;
            if (untilNanos <= nowNanos || s.phase == Phase.OPEN && s.until >= untilNanos) {
                return;
            }
            if (cas(s, new State(Phase.OPEN, untilNanos, 0, 0))) {
                return;
            }
        }
    }

    /** A probe ended without telling anything (cancelled, rate limited): its slot is free again. */
    public void onNeutral(boolean probe) {
        if (!probe) {
            return;
        }
        for (;;) {
            State s = state;
            if (s.phase != Phase.HALF_OPEN || s.issued == 0) {
                return;
            }
            if (cas(s, new State(Phase.HALF_OPEN, s.until, s.issued - 1, s.succeeded))) {
                return;
            }
        }
    }

    private boolean cas(State expected, State next) {
        return STATE.compareAndSet(this, expected, next);
    }

    public Phase phase() {
        return state.phase;
    }

    /** Failed share of the requests in the window. O(slices). */
    public double failureRate(long nowNanos) {
        return window.failureRate(nowNanos);
    }

    /**
     * @param until  OPEN: when probing may start; HALF_OPEN: when unreported probes are given up on
     * @param issued probes handed out in this half-open phase
     */
    private record State(Phase phase, long until, int issued, int succeeded) {
    }
}
