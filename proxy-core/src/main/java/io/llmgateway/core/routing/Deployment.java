package io.llmgateway.core.routing;

import io.llmgateway.codec.spi.ProviderAdapter;
import io.llmgateway.core.config.KeyConfig;
import io.llmgateway.core.config.ProviderConfig;

/**
 * Where one attempt goes: a provider, one of its keys, the model name the provider expects, and
 * the adapter that speaks its protocol.
 */
public record Deployment(ProviderConfig provider, KeyConfig key, String upstreamModel, ProviderAdapter adapter) {

    /** {@code provider/key}, for headers, logs and metrics. Never the secret. */
    public String label() {
        return provider.id() + '/' + key.id();
    }

    @Override
    public String toString() {
        return "Deployment[" + label() + " model=" + upstreamModel + ']';
    }
}
