package io.llmgateway.core.routing;

import io.llmgateway.codec.spi.ProviderAdapter;
import io.llmgateway.core.config.KeyConfig;
import io.llmgateway.core.config.ProviderConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * One target of a route: a provider and upstream model, with the provider's enabled keys, the
 * target's weight and tags, and one {@link Deployment} per enabled key (built once, so picking one
 * allocates nothing).
 *
 * <p>Immutable: shared by every event loop.
 */
public final class RouteTarget {

    private final ProviderConfig provider;
    private final String upstreamModel;
    private final ProviderAdapter adapter;
    private final List<KeyConfig> keys;
    private final List<Deployment> deployments;
    private final double weight;
    private final List<String> tags;

    RouteTarget(ProviderConfig provider, String upstreamModel, ProviderAdapter adapter, double weight,
            List<String> tags) {
        this(provider, upstreamModel, adapter, weight, tags, provider.enabledKeys());
    }

    /** A target on some of the provider's enabled keys only (one, for a request pinned to a key). */
    RouteTarget(ProviderConfig provider, String upstreamModel, ProviderAdapter adapter, double weight,
            List<String> tags, List<KeyConfig> keys) {
        this.provider = provider;
        this.upstreamModel = upstreamModel;
        this.adapter = adapter;
        this.keys = List.copyOf(keys);
        List<Deployment> d = new ArrayList<>(keys.size());
        for (KeyConfig k : keys) {
            d.add(new Deployment(provider, k, upstreamModel, adapter));
        }
        this.deployments = List.copyOf(d);
        this.weight = weight;
        this.tags = List.copyOf(tags);
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

    /** One deployment per enabled key, in the order of {@link #keys()}. */
    public List<Deployment> deployments() {
        return deployments;
    }

    /** The target's relative share for weighted strategies ({@code model_aliases} {@code weight}). */
    public double weight() {
        return weight;
    }

    /** The target's labels for tag-based routing. */
    public List<String> tags() {
        return tags;
    }

    @Override
    public String toString() {
        return provider.id() + ':' + upstreamModel;
    }
}
