package io.llmgateway.core.balance;

/**
 * How a route orders its candidates. The balancer asks the strategy, then tries candidates in
 * that order until one passes every gate (health, breaker, provider quota) and every limit.
 *
 * <p>Two shapes: an <em>ordered</em> strategy names the candidate to try {@link #first} and the
 * balancer goes on in index order from there (O(1) when the first one is free); a <em>scored</em>
 * strategy ({@code first} returns -1) scores every candidate, lower is better, and the balancer
 * tries them best first. Called on event loops, concurrently: no blocking, no allocation; state
 * that a strategy keeps between selections must be thread-safe.
 */
public interface Strategy {

    /** The strategy's name in the configuration. */
    String name();

    /** Prepares one selection (e.g. finds the lowest latency among the candidates). */
    default void begin(RoutePlan plan, Selection s) {
    }

    /** For an ordered strategy, the index to try first; -1 for a scored strategy. */
    default int first(RoutePlan plan, Selection s) {
        return -1;
    }

    /** The candidate's score in this selection, lower is better (scored strategies). */
    double score(Candidate c, Selection s);

    /**
     * Whether, on a large route, the best of a random window of candidates is good enough (true
     * for load-based scores, where sampling spreads load as well as a full scan: "power of k
     * choices"); false when only the true best will do (cost, latency).
     */
    default boolean sampled() {
        return false;
    }
}
