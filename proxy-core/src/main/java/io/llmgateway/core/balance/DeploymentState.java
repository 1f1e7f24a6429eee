package io.llmgateway.core.balance;

import io.llmgateway.core.config.PolicyConfig;
import io.llmgateway.core.limits.ConcurrentCircuitBreaker;
import io.llmgateway.core.limits.ConcurrentEwma;
import java.util.concurrent.TimeUnit;

/**
 * The state of one deployment (provider × key × model) that survives reloads: its circuit breaker
 * and its latencies. Shared by every event loop; thread-safe.
 */
final class DeploymentState {

    /** EWMA weight of a new latency sample. */
    static final double LATENCY_ALPHA = 0.2;

    final String model;
    /** Time to the whole answer of non-stream requests, in nanoseconds. */
    final ConcurrentEwma latency = new ConcurrentEwma(LATENCY_ALPHA);
    /** Time to first token of streams, in nanoseconds. */
    final ConcurrentEwma ttft = new ConcurrentEwma(LATENCY_ALPHA);
    volatile ConcurrentCircuitBreaker breaker;
    volatile PolicyConfig.Breaker breakerConfig;
    /** The reconcile round that last saw this deployment in a route (stale ones are dropped). */
    volatile long generation;

    DeploymentState(String model, PolicyConfig.Breaker config) {
        this.model = model;
        configure(config);
    }

    /** A breaker with the new settings when they changed (it starts closed). */
    void configure(PolicyConfig.Breaker config) {
        if (config.equals(breakerConfig)) {
            return;
        }
        breaker = new ConcurrentCircuitBreaker(config.failureRate(), config.minRequests(),
                TimeUnit.MILLISECONDS.toNanos(config.windowMs()), TimeUnit.MILLISECONDS.toNanos(config.openMs()),
                config.halfOpenProbes());
        breakerConfig = config;
    }

    /** The latency that matters for this kind of request, falling back to the other kind; NaN when none. */
    double latencyNanos(boolean stream) {
        ConcurrentEwma first = stream ? ttft : latency;
        ConcurrentEwma second = stream ? latency : ttft;
        return first.value(second.value(Double.NaN));
    }
}
