package io.llmgateway.core.limits;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The health of one provider key, shared by every thread without locks:
 *
 * <pre>
 *   HEALTHY --429 / N consecutive failures--> COOLING_DOWN --time--> HALF_OPEN (one probe)
 *      ^                                            ^                     |
 *      '----- probe succeeded (weight ramps) -------+---- probe failed ---'
 *   any --M consecutive 401/403--> DISABLED --enable() / reload--> HEALTHY
 * </pre>
 *
 * <p>A 429 cools the key down for the provider's {@code retry-after} when it sent one, else for
 * {@code cooldownNanos}. After a successful probe the key is healthy again, but its share of
 * traffic ramps linearly from {@link #RAMP_FLOOR} to 1 over {@code rampNanos}
 * ({@link #rampFactor}), so a key that just recovered is not flooded.
 *
 * <p>The state is an immutable object swapped by CAS; the steady healthy state is a constant, so
 * a healthy key costs one volatile read per request and no write per success. Transitions
 * allocate, and they are rare. The tunables are passed to each call, so that a reload can change
 * them without losing the state.
 *
 * <p>A {@link Listener} given to {@link #watch} hears of every change of phase, once, from the
 * thread whose CAS made it (an event loop, for the changes a response causes).
 */
public final class ConcurrentKeyHealth {

    /** The share of traffic a key gets right after it recovered. */
    public static final double RAMP_FLOOR = 0.1;

    /** The phase of a key. */
    public enum Phase { HEALTHY, COOLING_DOWN, HALF_OPEN, DISABLED }

    /** What a key lets through now. */
    public enum Gate {
        /** Healthy: any request (see {@link #rampFactor} for its share). */
        PASS,
        /** Its cooldown is over: one probe, claimed with {@link #tryClaimProbe}. */
        PROBE,
        /** Cooling down, or its probe is in flight. */
        BLOCKED,
        /** Disabled until an admin enables it or the config is reloaded. */
        DISABLED
    }

    /**
     * Hears of each change of {@link Phase}, never of a state that stays in its phase (a cooldown
     * that gets longer, a ramp that ends): at most a few calls per key per cooldown, never one per
     * request.
     */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param reason        why ({@link #reason()} of the new state, or what ended the old one)
         * @param cooldownNanos for {@link Phase#COOLING_DOWN}: how long the key rests; else 0
         */
        void changed(Phase from, Phase to, String reason, long cooldownNanos);
    }

    private static final Listener NOBODY = (from, to, reason, cooldownNanos) -> { };

    private static final State HEALTHY = new State(Phase.HEALTHY, 0, Long.MIN_VALUE, 0, false, "");

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ConcurrentKeyHealth.class, "state", State.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Read and CASed through {@link #STATE}: a field, not an AtomicReference, saves the gate one hop. */
    private volatile State state = HEALTHY;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicInteger consecutiveAuthFailures = new AtomicInteger();
    /** Set once, before the key is shared (whoever publishes it provides the happens-before). */
    private Listener listener = NOBODY;

    /** Who hears of changes of phase; call before the key is shared with other threads. */
    public void watch(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** What the key lets through at {@code nowNanos}, without claiming anything. */
    public Gate gate(long nowNanos) {
        State s = state;
        switch (s.phase) {
            case HEALTHY:
                return Gate.PASS;
            case COOLING_DOWN:
                return nowNanos >= s.until ? Gate.PROBE : Gate.BLOCKED;
            case HALF_OPEN:
                return s.probing ? Gate.BLOCKED : Gate.PROBE;
            default:
                return Gate.DISABLED;
        }
    }

    /**
     * The share of its normal traffic the key should get at {@code nowNanos}: 1 when healthy and
     * ramped up, {@link #RAMP_FLOOR} right after recovery, linear in between.
     */
    public double rampFactor(long nowNanos) {
        State s = state;
        if (s == HEALTHY || s.phase != Phase.HEALTHY) {
            return 1;
        }
        long since = nowNanos - s.rampFrom;
        if (since >= s.rampNanos) {
            cas(s, HEALTHY); // ramp over: back to the constant
            return 1;
        }
        return RAMP_FLOOR + (1 - RAMP_FLOOR) * Math.max(0, since) / s.rampNanos;
    }

    /** Claims the probe of a key whose cooldown is over. */
    public boolean tryClaimProbe(long nowNanos) {
        for (;;) {
            State s = state;
            boolean free = s.phase == Phase.COOLING_DOWN && nowNanos >= s.until
                    || s.phase == Phase.HALF_OPEN && !s.probing;
            if (!free) {
                return false;
            }
            if (cas(s, new State(Phase.HALF_OPEN, s.until, 0, 0, true, s.reason))) {
                if (s.phase != Phase.HALF_OPEN) {
                    listener.changed(s.phase, Phase.HALF_OPEN, s.reason, 0);
                }
                return true;
            }
        }
    }

    /**
     * The provider answered (any status that does not blame the key). A successful probe makes
     * the key healthy, its share ramping up over {@code rampNanos}.
     */
    public void onSuccess(boolean probe, long nowNanos, long rampNanos) {
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
        if (consecutiveAuthFailures.get() != 0) {
            consecutiveAuthFailures.set(0);
        }
        if (!probe) {
            return;
        }
        for (;;) {
            State s = state;
            if (s.phase != Phase.HALF_OPEN) {
                return;
            }
            if (cas(s, recovered(nowNanos, rampNanos))) {
                listener.changed(Phase.HALF_OPEN, Phase.HEALTHY, "its probe succeeded", 0);
                return;
            }
        }
    }

    /**
     * The provider said 429.
     *
     * @param retryAfterNanos how long the provider asked to wait, or -1 when it did not say
     */
    public void onRateLimited(long retryAfterNanos, long nowNanos, long cooldownNanos) {
        long until = nowNanos + (retryAfterNanos >= 0 ? retryAfterNanos : cooldownNanos);
        coolDown(until, nowNanos, "rate limited (429)");
    }

    /**
     * Another instance put the key in a cooldown until {@code untilNanos}: it cools down here too
     * (unless disabled, or already cooling down at least that long).
     */
    public void coolDownShared(long untilNanos, long nowNanos, String reason) {
        if (untilNanos > nowNanos) {
            coolDown(untilNanos, nowNanos, reason);
        }
    }

    /** A failure that blames the key or its provider (connection, timeout, 5xx). */
    public void onFailure(boolean probe, long nowNanos, long cooldownNanos, int threshold, String reason) {
        int n = consecutiveFailures.incrementAndGet();
        if (probe || n >= threshold) {
            consecutiveFailures.set(0);
            coolDown(nowNanos + cooldownNanos, nowNanos,
                    probe ? "probe failed: " + reason : n + " consecutive failures: " + reason);
        }
    }

    /** A 401 or 403: disables the key after {@code authThreshold} in a row, else counts as a failure. */
    public void onAuthFailure(boolean probe, long nowNanos, long cooldownNanos, int failureThreshold,
            int authThreshold, int status) {
        int n = consecutiveAuthFailures.incrementAndGet();
        if (n >= authThreshold) {
            disable(n + " consecutive " + status + " responses");
            return;
        }
        onFailure(probe, nowNanos, cooldownNanos, failureThreshold, "HTTP " + status);
    }

    /** A probe ended without telling anything (cancelled, client error): another may go. */
    public void onNeutral(boolean probe) {
        if (!probe) {
            return;
        }
        for (;;) {
            State s = state;
            if (s.phase != Phase.HALF_OPEN || !s.probing) {
                return;
            }
            if (cas(s, new State(Phase.HALF_OPEN, s.until, 0, 0, false, s.reason))) {
                return;
            }
        }
    }

    /** Takes the key out of rotation until {@link #enable}. */
    public void disable(String reason) {
        State previous = setState(new State(Phase.DISABLED, 0, 0, 0, false, reason));
        if (previous.phase != Phase.DISABLED) {
            listener.changed(previous.phase, Phase.DISABLED, reason, 0);
        }
    }

    /** Puts a disabled (or cooling) key back, its share ramping up over {@code rampNanos}. */
    public void enable(long nowNanos, long rampNanos) {
        consecutiveFailures.set(0);
        consecutiveAuthFailures.set(0);
        State previous = setState(recovered(nowNanos, rampNanos));
        if (previous.phase != Phase.HEALTHY) {
            listener.changed(previous.phase, Phase.HEALTHY, "enabled by an administrator", 0);
        }
    }

    /** Re-enables the key if it was disabled (a config reload); other phases are kept. */
    public void reenableIfDisabled(long nowNanos, long rampNanos) {
        State s = state;
        if (s.phase == Phase.DISABLED) {
            consecutiveAuthFailures.set(0);
            if (cas(s, recovered(nowNanos, rampNanos))) {
                listener.changed(Phase.DISABLED, Phase.HEALTHY, "the config was reloaded", 0);
            }
        }
    }

    private static State recovered(long nowNanos, long rampNanos) {
        return rampNanos <= 0 ? HEALTHY : new State(Phase.HEALTHY, 0, nowNanos, rampNanos, false, "");
    }

    public Phase phase() {
        return state.phase;
    }

    /** Until when the key cools down (0 when it does not). */
    public long coolingUntil() {
        State s = state;
        return s.phase == Phase.COOLING_DOWN ? s.until : 0;
    }

    /** Why the key is not healthy ("" when it is). */
    public String reason() {
        return state.reason;
    }

    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    private boolean cas(State expected, State next) {
        return STATE.compareAndSet(this, expected, next);
    }

    /** Sets the state; returns the one it replaced. */
    private State setState(State next) {
        return (State) STATE.getAndSet(this, next);
    }

    private void coolDown(long until, long nowNanos, String reason) {
        for (;;) {
            State s = state;
            if (s.phase == Phase.DISABLED) {
                return;
            }
            if (s.phase == Phase.COOLING_DOWN && s.until >= until) {
                return;
            }
            if (cas(s, new State(Phase.COOLING_DOWN, until, 0, 0, false, reason))) {
                if (s.phase != Phase.COOLING_DOWN) {
                    listener.changed(s.phase, Phase.COOLING_DOWN, reason, until - nowNanos);
                }
                return;
            }
        }
    }

    /**
     * @param until    COOLING_DOWN: when probing may start
     * @param rampFrom  HEALTHY: when the key recovered (Long.MIN_VALUE: fully ramped)
     * @param rampNanos HEALTHY: how long the ramp lasts
     * @param probing   HALF_OPEN: the probe is in flight
     */
    private record State(Phase phase, long until, long rampFrom, long rampNanos, boolean probing, String reason) {
    }
}
