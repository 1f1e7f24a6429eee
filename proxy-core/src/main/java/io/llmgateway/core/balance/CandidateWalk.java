package io.llmgateway.core.balance;

import static io.llmgateway.core.balance.Selection.CODE;
import static io.llmgateway.core.balance.Selection.READY;
import static io.llmgateway.core.balance.Selection.READY_LATE;
import static io.llmgateway.core.balance.Selection.TRIED;

/**
 * One selection over a route's candidates: in the strategy's order, every candidate that passes
 * its {@link CandidateGate#gate gate} is tried until one {@link CandidateGate#take reserves}; the
 * ones that are ready only after the others (nearly exhausted, ramping up, weight 0) come last.
 * An ordered strategy names where to start and the walk goes round from there; a scored strategy
 * scores the candidates (on a large route, a random window of {@link Balancer#SAMPLE} first) and
 * the walk takes them best first. When none reserves, the refusal says why and until when.
 *
 * <p>Hot path, once per attempt on any thread: no lock, no blocking, no allocation but a refusal
 * that carries a {@code retry-after}; the per-candidate state lives in the thread's
 * {@link Selection}.
 */
final class CandidateWalk {

    /** When nothing says when a refused request could go, ask the client to wait this long. */
    static final long UNKNOWN_RETRY_MS = 1_000;

    private CandidateWalk() {
    }

    /** The lease of the first candidate, in the strategy's order, that passes its gate and reserves; or a refusal. */
    static Lease select(RoutePlan plan, Selection s, SelectionScratch sc, LeaseSettlement settlement) {
        int n = plan.size();
        if (n == 0) {
            return RefusedLease.NO_CANDIDATE;
        }
        Strategy strategy = plan.strategy;
        strategy.begin(plan, s);
        Candidate[] cs = plan.candidates;
        byte[] status = s.status;
        int first = strategy.first(plan, s);
        if (first >= 0) {
            boolean late = false;
            for (int k = 0; k < n; k++) {
                int i = first + k < n ? first + k : first + k - n;
                int g = CandidateGate.gate(cs[i], s);
                status[i] = (byte) g;
                if ((g & CODE) == READY) {
                    AcquiredLease l = CandidateGate.take(cs[i], g, s, sc, settlement);
                    if (l != null) {
                        return l;
                    }
                } else if ((g & CODE) == READY_LATE) {
                    late = true;
                }
            }
            if (late) {
                for (int k = 0; k < n; k++) {
                    int i = first + k < n ? first + k : first + k - n;
                    if ((status[i] & CODE) == READY_LATE) {
                        AcquiredLease l = CandidateGate.take(cs[i], status[i], s, sc, settlement);
                        if (l != null) {
                            return l;
                        }
                    }
                }
            }
            return refusal(s);
        }
        int from = 0;
        int seen = n;
        if (n > Balancer.SAMPLE && strategy.sampled()) {
            from = Math.min(n - 1, (int) (s.random() * n));
            seen = Balancer.SAMPLE;
        }
        gateAndScore(plan, s, from, seen);
        double[] score = s.score;
        for (;;) {
            int best = -1;
            int bestCode = 0;
            double bestScore = 0;
            for (int k = 0; k < seen; k++) {
                int i = from + k < n ? from + k : from + k - n;
                int code = status[i] & CODE;
                if (code != READY && code != READY_LATE) {
                    continue;
                }
                if (best < 0 || code < bestCode || code == bestCode && score[i] < bestScore) {
                    best = i;
                    bestCode = code;
                    bestScore = score[i];
                }
            }
            if (best < 0) {
                if (seen < n) {
                    gateAndScore(plan, s, from + seen < n ? from + seen : from + seen - n, n - seen);
                    seen = n; // the window had nothing: look at the rest
                    continue;
                }
                return refusal(s);
            }
            AcquiredLease l = CandidateGate.take(cs[best], status[best], s, sc, settlement);
            if (l != null) {
                return l;
            }
            status[best] = TRIED;
        }
    }

    /** Gates and scores {@code count} candidates from {@code from} (wrapping). */
    private static void gateAndScore(RoutePlan plan, Selection s, int from, int count) {
        Candidate[] cs = plan.candidates;
        int n = cs.length;
        Strategy strategy = plan.strategy;
        byte[] status = s.status;
        double[] score = s.score;
        for (int k = 0; k < count; k++) {
            int i = from + k < n ? from + k : from + k - n;
            int g = CandidateGate.gate(cs[i], s);
            status[i] = (byte) g;
            int code = g & CODE;
            if (code == READY || code == READY_LATE) {
                score[i] = strategy.score(cs[i], s);
            }
        }
    }

    private static Lease refusal(Selection s) {
        if (!s.sawCandidate) {
            return RefusedLease.NO_CANDIDATE;
        }
        if (s.concurrencyFull) {
            return RefusedLease.BULKHEAD_FULL;
        }
        long ms = s.earliest == Long.MAX_VALUE ? UNKNOWN_RETRY_MS
                : Math.max(1, RouteCapacity.ceilMillis(s.earliest - s.now));
        return new RefusedLease(Lease.Outcome.OVER_LIMIT, ms);
    }
}
