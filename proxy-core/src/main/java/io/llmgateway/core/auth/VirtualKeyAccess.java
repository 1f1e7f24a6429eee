package io.llmgateway.core.auth;

import io.llmgateway.core.limits.ConcurrentKeyLimits;
import io.llmgateway.core.limits.LimitKind;
import io.llmgateway.core.state.SharedWindow;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A virtual key as the request path sees it: found by {@link VirtualKeyIndex} from the hash of the
 * bearer token, it says whether the key still works ({@link #revoked}, {@link #expired}) and
 * {@link #admit admits} a request under the key's and its team's model list, budget and limits.
 *
 * <p>Hot path, shared by every event loop: immutable but for the live counters it points to
 * (the lock-free {@link ConcurrentKeyLimits} and the single-writer {@link SpendMeter}), which a
 * spec change carries over. {@link #admit} takes no lock and allocates nothing.
 */
public final class VirtualKeyAccess {

    /** The retry-after of a refusal by a parallel-request limit: when a running request ends is unknown. */
    static final long CONCURRENCY_RETRY_MS = 1_000;
    /** The retry-after when this instance's credit of a shared window is spent and more is being leased. */
    static final long CREDIT_RETRY_MS = 1_000;

    private final VirtualKeySpec spec;
    private final ClientIdentity identity;
    private final ConcurrentKeyLimits limits;
    private final SpendMeter spend;
    /** Null when the key has no team. */
    private final TeamAccess team;
    /** Empty: every model. */
    private final Set<String> models;
    private final long expiresAtMillis;
    /** Null when limits are not shared between instances. */
    private final SharedWindow shared;

    public VirtualKeyAccess(VirtualKeySpec spec, ConcurrentKeyLimits limits, SpendMeter spend, TeamAccess team) {
        this(spec, limits, spend, team, null);
    }

    /** @param shared this instance's share of the key's cluster-wide window; null when not shared */
    public VirtualKeyAccess(VirtualKeySpec spec, ConcurrentKeyLimits limits, SpendMeter spend, TeamAccess team,
            SharedWindow shared) {
        this.shared = shared;
        this.spec = spec;
        this.limits = limits;
        this.spend = spend;
        this.team = team;
        this.models = Set.copyOf(new HashSet<>(spec.models()));
        this.expiresAtMillis = spec.expiresAt() == null ? Long.MAX_VALUE : spec.expiresAt().toEpochMilli();
        this.identity = new ClientIdentity(spec.id(), this);
    }

    public VirtualKeySpec spec() {
        return spec;
    }

    /** The identity of a client presenting this key (one per key: authentication allocates nothing). */
    public ClientIdentity identity() {
        return identity;
    }

    public ConcurrentKeyLimits limits() {
        return limits;
    }

    public SpendMeter spend() {
        return spend;
    }

    /** This instance's share of the key's cluster-wide RPM/TPM; null when limits are not shared. */
    public SharedWindow shared() {
        return shared;
    }

    /** The key's team; null when it has none. */
    public TeamAccess team() {
        return team;
    }

    /** The team's id; null when none. */
    public String teamId() {
        return spec.teamId();
    }

    public boolean revoked() {
        return spec.revoked();
    }

    public boolean expired(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }

    /**
     * Admits a request for {@code model} that reserves {@code tokens} tokens: checks the model list,
     * then the key's and the team's budgets, then takes the key's limits, then the team's (all or
     * none: a team refusal gives the key's slot and tokens back; its request-per-minute slot, like
     * any, stays counted). On {@link Admission#ADMITTED} {@code lease} holds what was taken and
     * must be {@link VirtualKeyLease#release released} once; on a limit or budget refusal it holds
     * the retry-after. Lock-free; allocates nothing.
     */
    public Admission admit(String model, long tokens, long nowNanos, long nowMillis, VirtualKeyLease lease) {
        if (!models.isEmpty() && !models.contains(model)) {
            return Admission.MODEL_NOT_ALLOWED;
        }
        Budget b = spec.budget();
        if (b != null && spend.spent(b.period(), nowMillis) >= b.usd()) {
            lease.refused(SpendMeter.periodEnd(b.period(), nowMillis) - nowMillis);
            return Admission.BUDGET_EXCEEDED;
        }
        if (team != null && team.overBudget(nowMillis)) {
            lease.refused(SpendMeter.periodEnd(team.spec().budget().period(), nowMillis) - nowMillis);
            return Admission.BUDGET_EXCEEDED;
        }
        long keyTokens = limits.tokensTaken(tokens);
        if (shared != null && !takeShared(shared, keyTokens, nowNanos, lease)) {
            return Admission.RATE_LIMITED;
        }
        long keyEpoch = limits.tryReserve(tokens, nowNanos);
        if (keyEpoch < 0) {
            if (shared != null) {
                shared.giveBack(keyTokens);
            }
            lease.refused(retryAfterMs(limits, keyEpoch, tokens, nowNanos));
            return Admission.RATE_LIMITED;
        }
        long teamEpoch = 0;
        long teamTokens = 0;
        if (team != null) {
            ConcurrentKeyLimits t = team.limits();
            teamTokens = t.tokensTaken(tokens);
            SharedWindow teamShared = team.shared();
            if (teamShared != null && !takeShared(teamShared, teamTokens, nowNanos, lease)) {
                giveBackKey(keyEpoch, keyTokens);
                return Admission.RATE_LIMITED;
            }
            teamEpoch = t.tryReserve(tokens, nowNanos);
            if (teamEpoch < 0) {
                if (teamShared != null) {
                    teamShared.giveBack(teamTokens);
                }
                giveBackKey(keyEpoch, keyTokens);
                lease.refused(retryAfterMs(t, teamEpoch, tokens, nowNanos));
                return Admission.RATE_LIMITED;
            }
        }
        lease.hold(this, keyEpoch, keyTokens, teamEpoch, teamTokens);
        return Admission.ADMITTED;
    }

    private void giveBackKey(long keyEpoch, long keyTokens) {
        limits.release(keyEpoch, keyTokens, 0);
        if (shared != null) {
            shared.giveBack(keyTokens);
        }
    }

    /**
     * Takes credit of a cluster-wide window; on a refusal notes the retry-after: when the store said
     * the window frees up, or {@link #CREDIT_RETRY_MS} while a lease is on its way.
     */
    private static boolean takeShared(SharedWindow w, long tokens, long nowNanos, VirtualKeyLease lease) {
        int taken = w.tryTake(tokens, nowNanos);
        if (taken == SharedWindow.TAKEN) {
            return true;
        }
        long until = Math.max(w.fullUntil(false), w.fullUntil(true));
        lease.refused(taken == SharedWindow.FULL && until > nowNanos
                ? Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - nowNanos + 999_999)) : CREDIT_RETRY_MS);
        return false;
    }

    private static long retryAfterMs(ConcurrentKeyLimits l, long refusal, long tokens, long nowNanos) {
        LimitKind kind = ConcurrentKeyLimits.refusal(refusal);
        long at = l.nextFreeAt(kind, tokens, nowNanos);
        if (at < 0) {
            return CONCURRENCY_RETRY_MS;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(at - nowNanos + 999_999));
    }
}
