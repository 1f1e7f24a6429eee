package io.llmgateway.core.proxy;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.cache.ResponseStore;
import io.llmgateway.core.limits.ConcurrentMemoryBudget;
import io.llmgateway.core.upstream.UpstreamClient;

/**
 * What every {@link ProxyExchange} of a running gateway shares: where its upstream connections come
 * from, where its outcome goes, and the memory budget its buffered responses reserve from (the one
 * request bodies reserve from too), and the response cache's store. Built once per server;
 * thread-safe as its parts are.
 */
public final class ProxyServices {

    private final ConnectionSource connections;
    private final OutcomeSink outcomes;
    private final ConcurrentMemoryBudget memoryBudget;
    /** Null: no response cache (tests). */
    private final ResponseStore cache;

    ProxyServices(ConnectionSource connections, OutcomeSink outcomes, ConcurrentMemoryBudget memoryBudget) {
        this(connections, outcomes, memoryBudget, null);
    }

    ProxyServices(ConnectionSource connections, OutcomeSink outcomes, ConcurrentMemoryBudget memoryBudget,
            ResponseStore cache) {
        this.connections = requireNonNull(connections, "connections");
        this.outcomes = requireNonNull(outcomes, "outcomes");
        this.memoryBudget = requireNonNull(memoryBudget, "memoryBudget");
        this.cache = cache;
    }

    /** The gateway's services: pooled connections of {@code upstream}, outcomes to {@code outcomes}. */
    public static ProxyServices of(UpstreamClient upstream, OutcomeSink outcomes, ConcurrentMemoryBudget memoryBudget) {
        return new ProxyServices(upstream::acquire, outcomes, memoryBudget);
    }

    /** As {@link #of(UpstreamClient, OutcomeSink, ConcurrentMemoryBudget)}, with the response cache's store. */
    public static ProxyServices of(UpstreamClient upstream, OutcomeSink outcomes, ConcurrentMemoryBudget memoryBudget,
            ResponseStore cache) {
        return new ProxyServices(upstream::acquire, outcomes, memoryBudget, requireNonNull(cache, "cache"));
    }

    ConnectionSource connections() {
        return connections;
    }

    OutcomeSink outcomes() {
        return outcomes;
    }

    ConcurrentMemoryBudget memoryBudget() {
        return memoryBudget;
    }

    /** The response cache's store; null when the gateway has none. */
    ResponseStore cache() {
        return cache;
    }
}
