package io.llmgateway.core.auth;

import io.llmgateway.core.state.SharedWindow;
import io.llmgateway.core.limits.ConcurrentKeyLimits;

/**
 * A team as the request path sees it: its spec, the live limits shared by all its keys, and its
 * spend. Immutable but for those live counters (lock-free, see {@code io.llmgateway.core.limits}),
 * which outlive a change of the spec: a PATCH or a reload builds a new {@code TeamAccess} over the
 * same meter and carries the usage over into the new limits.
 */
public final class TeamAccess {

    private final TeamSpec spec;
    private final ConcurrentKeyLimits limits;
    private final SpendMeter spend;
    private final SharedWindow shared;

    public TeamAccess(TeamSpec spec, ConcurrentKeyLimits limits, SpendMeter spend) {
        this(spec, limits, spend, null);
    }

    /** @param shared this instance's share of the team's cluster-wide window; null when not shared */
    public TeamAccess(TeamSpec spec, ConcurrentKeyLimits limits, SpendMeter spend, SharedWindow shared) {
        this.spec = spec;
        this.limits = limits;
        this.spend = spend;
        this.shared = shared;
    }

    /** This instance's share of the team's cluster-wide RPM/TPM; null when limits are not shared. */
    public SharedWindow shared() {
        return shared;
    }

    public TeamSpec spec() {
        return spec;
    }

    public ConcurrentKeyLimits limits() {
        return limits;
    }

    public SpendMeter spend() {
        return spend;
    }

    /** Whether the team's budget is spent for the period holding {@code nowMillis}. */
    boolean overBudget(long nowMillis) {
        Budget b = spec.budget();
        return b != null && spend.spent(b.period(), nowMillis) >= b.usd();
    }
}
