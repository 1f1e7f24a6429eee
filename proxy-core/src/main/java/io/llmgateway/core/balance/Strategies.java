package io.llmgateway.core.balance;

import io.llmgateway.core.config.PolicyConfig;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The strategies of {@code policy.strategy} and {@code model_aliases.<name>.strategy}. Every score
 * adds a tiny random term so that equal candidates share the load instead of the first one taking
 * it all. On routes of more than {@link Balancer#SAMPLE} candidates, the load-based strategies
 * (least-busy, lowest-tpm-rpm, least-used, hybrid) score a random window of that many first and
 * only look further when none of them can take the request, which keeps a decision O(1).
 *
 * <table>
 *   <tr><th>name</th><th>order</th></tr>
 *   <tr><td>round-robin</td><td>each candidate in turn</td></tr>
 *   <tr><td>simple-shuffle</td><td>random, weighted by target weight × key weight</td></tr>
 *   <tr><td>least-busy</td><td>fewest requests in flight on the key, per unit of weight</td></tr>
 *   <tr><td>lowest-latency</td><td>lowest latency average (time to first token for streams); an
 *       untried deployment counts as the fastest known one (refreshed every 100 ms); near-ties within
 *       10 % are shuffled</td></tr>
 *   <tr><td>lowest-tpm-rpm</td><td>fewest tokens used on the key in the last minute (requests break ties)</td></tr>
 *   <tr><td>least-used</td><td>lowest usage relative to the key's limits: max(tokens/TPM, requests/RPM)</td></tr>
 *   <tr><td>lowest-cost</td><td>cheapest estimated cost of this request (prompt estimate × prompt price +
 *       completion budget × completion price); unknown prices last</td></tr>
 *   <tr><td>cost-first</td><td>cheapest, and among equal prices the least used</td></tr>
 *   <tr><td>tag-based</td><td>only targets carrying one of the request's tags (else those tagged
 *       {@code default}, else none); weighted random among them</td></tr>
 *   <tr><td>hybrid</td><td>the TruckLLM score: Σ wᵢ·termᵢ / Σ wᵢ with every term in [0, 1]:
 *       token_ratio = (tokens used + this request) / TPM; req_ratio = (requests + 1) / RPM (0 for an
 *       unlimited key); error_score = moving average of failures per request; latency = 1 − fastest /
 *       this latency among the candidates (0 for the fastest and for untried ones)</td></tr>
 * </table>
 */
final class Strategies {

    static final String DEFAULT_TAG = "default";
    private static final double TIE = 1e-9;

    private Strategies() {
    }

    /** A new strategy for one route (round-robin keeps a cursor per route). */
    static Strategy create(String name, PolicyConfig policy) {
        return switch (name) {
            case "round-robin" -> new RoundRobin();
            case "simple-shuffle" -> new Shuffle();
            case "least-busy" -> new LeastBusy();
            case "lowest-latency" -> new LowestLatency();
            case "lowest-tpm-rpm" -> new LowestTpmRpm();
            case "least-used" -> new LeastUsed();
            case "lowest-cost" -> new Cost("lowest-cost", false);
            case "cost-first" -> new Cost("cost-first", true);
            case "tag-based" -> new TagBased();
            case "hybrid" -> new Hybrid(policy.hybridWeight("token_ratio"), policy.hybridWeight("req_ratio"),
                    policy.hybridWeight("error_score"), policy.hybridWeight("latency"));
            default -> throw new IllegalArgumentException("strategy: " + name);
        };
    }

    static final class RoundRobin implements Strategy {

        private final AtomicLong cursor = new AtomicLong();

        @Override
        public String name() {
            return "round-robin";
        }

        @Override
        public int first(RoutePlan plan, Selection s) {
            return (int) Math.floorMod(cursor.getAndIncrement(), (long) plan.size());
        }

        @Override
        public double score(Candidate c, Selection s) {
            return c.index;
        }
    }

    static final class Shuffle implements Strategy {

        @Override
        public String name() {
            return "simple-shuffle";
        }

        @Override
        public int first(RoutePlan plan, Selection s) {
            return plan.weightedPick(s.random());
        }

        @Override
        public double score(Candidate c, Selection s) {
            return c.index;
        }
    }

    /** Weighted random order without replacement: the smallest of -ln(u) / weight wins (Efraimidis–Spirakis). */
    static double weightedRandom(Candidate c, Selection s) {
        return c.weight <= 0 ? Double.MAX_VALUE : -Math.log(1 - s.random()) / c.weight;
    }

    static final class LeastBusy implements Strategy {

        @Override
        public boolean sampled() {
            return true;
        }

        @Override
        public String name() {
            return "least-busy";
        }

        @Override
        public double score(Candidate c, Selection s) {
            double w = c.weight > 0 ? c.weight : 1e-9;
            return c.inFlight() / w + TIE * s.random();
        }
    }

    static final class LowestLatency implements Strategy {

        @Override
        public String name() {
            return "lowest-latency";
        }

        @Override
        public void begin(RoutePlan plan, Selection s) {
            s.reference = plan.fastest(s.info.stream(), s.now);
        }

        @Override
        public double score(Candidate c, Selection s) {
            double l = c.latencyNanos(s.info.stream());
            if (Double.isNaN(l)) {
                l = s.reference;
            }
            return l * (1 + 0.1 * s.random()) + TIE * s.random();
        }
    }

    static final class LowestTpmRpm implements Strategy {

        @Override
        public boolean sampled() {
            return true;
        }

        @Override
        public String name() {
            return "lowest-tpm-rpm";
        }

        @Override
        public double score(Candidate c, Selection s) {
            return c.tokensUsed(s.now) + c.requestsUsed(s.now) * 1e-6 + TIE * s.random();
        }
    }

    static final class LeastUsed implements Strategy {

        @Override
        public boolean sampled() {
            return true;
        }

        @Override
        public String name() {
            return "least-used";
        }

        @Override
        public double score(Candidate c, Selection s) {
            return c.usageRatio(s.now, s.tokens) + TIE * s.random();
        }
    }

    static final class Cost implements Strategy {

        private final String name;
        private final boolean thenLeastUsed;

        Cost(String name, boolean thenLeastUsed) {
            this.name = name;
            this.thenLeastUsed = thenLeastUsed;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public double score(Candidate c, Selection s) {
            if (c.price == null) {
                return 1e30 + s.random(); // unknown price: after every priced candidate
            }
            double cost = c.price.cost(s.info.promptTokens(), s.completionTokens);
            if (thenLeastUsed) {
                // Lexicographic enough: usage moves the score by at most 0.1 % of the cost.
                return cost * (1 + 1e-3 * c.usageRatio(s.now, s.tokens)) + TIE * 1e-3 * s.random();
            }
            return cost + TIE * 1e-3 * s.random();
        }
    }

    static final class TagBased implements Strategy {

        @Override
        public String name() {
            return "tag-based";
        }

        @Override
        public void begin(RoutePlan plan, Selection s) {
            if (s.info.tags().isEmpty()) {
                s.filterByTags(plan.hasDefaultTag ? 2 : 0);
                return;
            }
            for (Candidate c : plan.candidates) {
                if (c.hasAnyTag(s.info.tags())) {
                    s.filterByTags(1);
                    return;
                }
            }
            s.filterByTags(plan.hasDefaultTag ? 2 : 1);
        }

        @Override
        public double score(Candidate c, Selection s) {
            return weightedRandom(c, s);
        }
    }

    static final class Hybrid implements Strategy {

        @Override
        public boolean sampled() {
            return true;
        }

        private final double wTokens;
        private final double wRequests;
        private final double wErrors;
        private final double wLatency;
        private final double sum;

        Hybrid(double wTokens, double wRequests, double wErrors, double wLatency) {
            this.wTokens = wTokens;
            this.wRequests = wRequests;
            this.wErrors = wErrors;
            this.wLatency = wLatency;
            double total = wTokens + wRequests + wErrors + wLatency;
            this.sum = total > 0 ? total : 1;
        }

        @Override
        public String name() {
            return "hybrid";
        }

        @Override
        public void begin(RoutePlan plan, Selection s) {
            s.reference = wLatency > 0 ? plan.fastest(s.info.stream(), s.now) : 0;
        }

        @Override
        public double score(Candidate c, Selection s) {
            double score = 0;
            if (wTokens > 0 && c.tokensLimit() > 0) {
                score += wTokens * Math.min(1, (double) (c.tokensUsed(s.now) + s.tokens) / c.tokensLimit());
            }
            if (wRequests > 0 && c.requestsLimit() > 0) {
                score += wRequests * Math.min(1, (double) (c.requestsUsed(s.now) + 1) / c.requestsLimit());
            }
            if (wErrors > 0) {
                score += wErrors * c.errorRate();
            }
            if (wLatency > 0 && s.reference > 0) {
                double l = c.latencyNanos(s.info.stream());
                if (l > 0) {
                    score += wLatency * (1 - s.reference / l);
                }
            }
            return score / sum + TIE * s.random();
        }
    }
}
