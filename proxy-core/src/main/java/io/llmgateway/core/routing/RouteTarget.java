package io.llmgateway.core.routing;

import io.llmgateway.codec.spi.ProviderAdapter;
import io.llmgateway.core.config.KeyConfig;
import io.llmgateway.core.config.ProviderConfig;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One target of a route: a provider and upstream model, with the provider's enabled keys.
 *
 * <p>Thread-safe: shared by every event loop; the round-robin cursor is the only mutable state.
 */
public final class RouteTarget {

    private final ProviderConfig provider;
    private final String upstreamModel;
    private final ProviderAdapter adapter;
    private final List<KeyConfig> keys;
    private final AtomicInteger cursor = new AtomicInteger();

    RouteTarget(ProviderConfig provider, String upstreamModel, ProviderAdapter adapter) {
        this.provider = provider;
        this.upstreamModel = upstreamModel;
        this.adapter = adapter;
        this.keys = provider.enabledKeys();
    }

    public ProviderConfig provider() {
        return provider;
    }

    public String upstreamModel() {
        return upstreamModel;
    }

    public ProviderAdapter adapter() {
        return adapter;
    }

    /** The enabled keys, in config order. */
    public List<KeyConfig> keys() {
        return keys;
    }

    /** The next key in round-robin order, or null when the provider has no enabled key. */
    public Deployment nextRoundRobin() {
        int n = keys.size();
        if (n == 0) {
            return null;
        }
        int i = Math.floorMod(cursor.getAndIncrement(), n);
        return new Deployment(provider, keys.get(i), upstreamModel, adapter);
    }

    @Override
    public String toString() {
        return provider.id() + ':' + upstreamModel;
    }
}
