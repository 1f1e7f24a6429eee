package io.llmgateway.core.proxy;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.affinity.ConcurrentObjectOwnerTable;
import io.llmgateway.core.affinity.ObjectOwners;
import io.llmgateway.core.gcp.AccessTokens;
import io.llmgateway.core.cache.ResponseStore;
import io.llmgateway.core.limits.ConcurrentMemoryBudget;
import io.llmgateway.core.limits.Ticker;
import io.llmgateway.core.upstream.UpstreamClient;

/**
 * What every {@link ProxyExchange} of a running gateway shares: where its upstream connections come
 * from, where its outcome goes, and the memory budget its buffered responses reserve from (the one
 * request bodies reserve from too), the access tokens of the service accounts that stand in for
 * some keys' secrets, the response cache's store, and which key created each stored object.
 * Built once per server; thread-safe as its parts are.
 */
public final class ProxyServices {

    private final ConnectionSource connections;
    private final OutcomeSink outcomes;
    private final ConcurrentMemoryBudget memoryBudget;
    private final AccessTokens accessTokens;
    /** Null: no response cache (tests). */
    private final ResponseStore cache;
    private final ObjectOwners objectOwners;

    ProxyServices(ConnectionSource connections, OutcomeSink outcomes, ConcurrentMemoryBudget memoryBudget) {
        this(connections, outcomes, memoryBudget, AccessTokens.NONE, null);
    }

    ProxyServices(ConnectionSource connections, OutcomeSink outcomes, ConcurrentMemoryBudget memoryBudget,
            AccessTokens accessTokens, ResponseStore cache) {
        this(connections, outcomes, memoryBudget, accessTokens, cache, new ConcurrentObjectOwnerTable(
                ConcurrentObjectOwnerTable.DEFAULT_MAX_ENTRIES, ConcurrentObjectOwnerTable.DEFAULT_TTL_MS,
                Ticker.system()));
    }

    ProxyServices(ConnectionSource connections, OutcomeSink outcomes, ConcurrentMemoryBudget memoryBudget,
            AccessTokens accessTokens, ResponseStore cache, ObjectOwners objectOwners) {
        this.connections = requireNonNull(connections, "connections");
        this.outcomes = requireNonNull(outcomes, "outcomes");
        this.memoryBudget = requireNonNull(memoryBudget, "memoryBudget");
        this.accessTokens = requireNonNull(accessTokens, "accessTokens");
        this.cache = cache;
        this.objectOwners = requireNonNull(objectOwners, "objectOwners");
    }

    /**
     * The gateway's services: pooled connections of {@code upstream}, outcomes to {@code outcomes},
     * the access tokens of the service accounts, the response cache's store (null: none), and which
     * key created each stored object ({@link ObjectOwners}).
     */
    public static ProxyServices of(UpstreamClient upstream, OutcomeSink outcomes, ConcurrentMemoryBudget memoryBudget,
            AccessTokens accessTokens, ResponseStore cache, ObjectOwners objectOwners) {
        return new ProxyServices(upstream::acquire, outcomes, memoryBudget, accessTokens, cache, objectOwners);
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

    /** Which key created each stored object. */
    ObjectOwners objectOwners() {
        return objectOwners;
    }

    /** The response cache's store; null when the gateway has none. */
    ResponseStore cache() {
        return cache;
    }
}
