package io.llmgateway.core.proxy;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.gcp.AccessTokens;
import io.llmgateway.core.limits.ConcurrentMemoryBudget;
import io.llmgateway.core.upstream.UpstreamClient;

/**
 * What every {@link ProxyExchange} of a running gateway shares: where its upstream connections come
 * from, where its outcome goes, and the memory budget its buffered responses reserve from (the one
 * request bodies reserve from too), and the access tokens of the service accounts that stand in for
 * some keys' secrets. Built once per server; thread-safe as its parts are.
 */
public final class ProxyServices {

    private final ConnectionSource connections;
    private final OutcomeSink outcomes;
    private final ConcurrentMemoryBudget memoryBudget;
    private final AccessTokens accessTokens;

    ProxyServices(ConnectionSource connections, OutcomeSink outcomes, ConcurrentMemoryBudget memoryBudget) {
        this(connections, outcomes, memoryBudget, AccessTokens.NONE);
    }

    ProxyServices(ConnectionSource connections, OutcomeSink outcomes, ConcurrentMemoryBudget memoryBudget,
            AccessTokens accessTokens) {
        this.connections = requireNonNull(connections, "connections");
        this.outcomes = requireNonNull(outcomes, "outcomes");
        this.memoryBudget = requireNonNull(memoryBudget, "memoryBudget");
        this.accessTokens = requireNonNull(accessTokens, "accessTokens");
    }

    /** The gateway's services: pooled connections of {@code upstream}, outcomes to {@code outcomes}. */
    public static ProxyServices of(UpstreamClient upstream, OutcomeSink outcomes, ConcurrentMemoryBudget memoryBudget,
            AccessTokens accessTokens) {
        return new ProxyServices(upstream::acquire, outcomes, memoryBudget, accessTokens);
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

    AccessTokens accessTokens() {
        return accessTokens;
    }
}
