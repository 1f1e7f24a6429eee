package io.llmgateway.core.balance;

import static io.llmgateway.core.balance.Selection.BLOCKED;
import static io.llmgateway.core.balance.Selection.BREAKER_PROBE;
import static io.llmgateway.core.balance.Selection.KEY_PROBE;
import static io.llmgateway.core.balance.Selection.READY;
import static io.llmgateway.core.balance.Selection.READY_LATE;
import static io.llmgateway.core.balance.Selection.SKIP;

import io.llmgateway.core.limits.ConcurrentCircuitBreaker;
import io.llmgateway.core.limits.ConcurrentKeyHealth;
import io.llmgateway.core.limits.ConcurrentKeyLimits;
import io.llmgateway.core.limits.LimitKind;
import io.llmgateway.core.state.SharedWindow;

/**
 * The two questions the balancer asks of one candidate: may it take this request
 * ({@link #gate}: key health, deployment breaker, the provider's quota headers, tags, exclusions),
 * and, for the one chosen, can it be claimed ({@link #take}: the probes a half-open gate allows,
 * then RPM, TPM and {@code max_concurrent} reserved atomically, after this instance's credit of the
 * key's cluster-wide window when limits are shared).
 *
 * <p>Hot path, once or more per candidate per attempt, on any thread: no lock, no blocking, no
 * allocation (a claimed lease comes from the thread's pool). A gate or limit that refuses notes in
 * the {@link Selection} when it would admit, so that a refusal carries a truthful
 * {@code retry-after}; a claim that fails gives back what it took.
 */
final class CandidateGate {

    private CandidateGate() {
    }

    /**
     * Whether a candidate may take this request, without claiming anything: SKIP (never: excluded,
     * disabled, tag mismatch), BLOCKED (not now: noted when it may), READY or READY_LATE (after
     * the others: nearly exhausted, ramping up, weight 0), with the probe flags to claim.
     */
    static int gate(Candidate c, Selection s) {
        if (s.excludeAny && s.exclude.contains(c.deployment)) {
            return SKIP;
        }
        if (s.tagMode != 0 && !(s.tagMode == 1 ? c.hasAnyTag(s.info.tags()) : c.hasTag(Strategies.DEFAULT_TAG))) {
            return SKIP;
        }
        ConcurrentKeyHealth health = c.health;
        long now = s.now;
        int flags = 0;
        switch (health.gate(now)) {
            case PASS:
                break;
            case PROBE:
                flags = KEY_PROBE;
                break;
            case BLOCKED:
                s.sawCandidate = true;
                s.noteEarliest(health.coolingUntil());
                return BLOCKED;
            default:
                return SKIP;
        }
        s.sawCandidate = true;
        ConcurrentCircuitBreaker b = c.breaker;
        switch (b.gate(now)) {
            case PASS:
                break;
            case PROBE:
                flags |= BREAKER_PROBE;
                break;
            default:
                s.noteEarliest(b.blockedUntil(now));
                return BLOCKED;
        }
        int ready = READY;
        switch (c.quota.gate(now)) {
            case PASS:
                break;
            case LOW:
                ready = READY_LATE;
                break;
            default:
                s.noteEarliest(c.quota.blockedUntil(now));
                return BLOCKED;
        }
        if (c.weight <= 0) {
            ready = READY_LATE;
        } else if ((flags & KEY_PROBE) == 0) {
            double f = health.rampFactor(now);
            if (f < 1 && s.random() >= f) {
                ready = READY_LATE; // ramping up: this request goes to a fully healthy key if one can take it
            }
        }
        return ready | flags;
    }

    /**
     * Claims the candidate's probes and reserves its limits, or notes why not and gives back what it
     * took (then null).
     *
     * @param g what {@link #gate} answered for this candidate in this selection
     */
    static AcquiredLease take(Candidate c, int g, Selection s, SelectionScratch scratch, LeaseSettlement settlement) {
        KeyState k = c.key;
        long now = s.now;
        boolean keyProbe = (g & KEY_PROBE) != 0;
        boolean breakerProbe = (g & BREAKER_PROBE) != 0;
        if (keyProbe && !k.health.tryClaimProbe(now)) {
            return null;
        }
        ConcurrentCircuitBreaker b = c.breaker;
        if (breakerProbe && !b.tryClaimProbe(now)) {
            k.health.onNeutral(keyProbe);
            return null;
        }
        ConcurrentKeyLimits limits = k.limits;
        SharedWindow shared = k.shared;
        long reserve = limits.tokensTaken(s.tokens);
        if (shared != null) {
            int taken = shared.tryTake(reserve, now);
            if (taken != SharedWindow.TAKEN) {
                k.health.onNeutral(keyProbe);
                b.onNeutral(breakerProbe);
                if (taken == SharedWindow.WAIT) {
                    // credit is on its way from the runtime store: wait for it as for a free slot
                    s.concurrencyFull = true;
                    s.fullKeys |= 1L << Math.min(c.keySlot, 63);
                } else {
                    s.noteEarliest(Math.max(shared.fullUntil(false), shared.fullUntil(true)));
                }
                return null;
            }
        }
        long epoch = limits.tryReserve(s.tokens, now);
        if (epoch < 0) {
            if (shared != null) {
                shared.giveBack(reserve);
            }
            k.health.onNeutral(keyProbe);
            b.onNeutral(breakerProbe);
            LimitKind kind = ConcurrentKeyLimits.refusal(epoch);
            if (kind == LimitKind.CONCURRENCY) {
                s.concurrencyFull = true;
                s.fullKeys |= 1L << Math.min(c.keySlot, 63);
            } else {
                s.noteEarliest(limits.nextFreeAt(kind, s.tokens, now));
            }
            return null;
        }
        AcquiredLease l = scratch.lease();
        l.init(settlement, c, limits, b, epoch, reserve, now, keyProbe, breakerProbe,
                s.info.stream());
        return l;
    }
}
