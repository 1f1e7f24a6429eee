package io.llmgateway.core.config;

import io.llmgateway.codec.spi.Endpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One validated, immutable configuration snapshot. A reload builds a new one and swaps a single
 * reference; requests keep the snapshot they started with.
 *
 * @param source   where it was loaded from (file path), for messages
 * @param auth     {@code auth:}, the virtual keys and teams declared in the file
 * @param cache    {@code cache:}, the response cache
 * @param warnings non-fatal findings of validation (e.g. a key disabled because its secret is empty)
 * @param endpoints {@code endpoints:}, the provider id serving each operation's requests without a model
 */
public record GatewayConfig(
        String source,
        ServerConfig server,
        UpstreamConfig upstream,
        List<ProviderConfig> providers,
        Map<String, AliasConfig> aliases,
        PolicyConfig policy,
        LoggingConfig logging,
        StorageConfig storage,
        AuthConfig auth,
        CacheConfig cache,
        List<String> warnings,
        Map<Endpoint, String> endpoints) {

    public GatewayConfig {
        providers = List.copyOf(providers);
        aliases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
        warnings = List.copyOf(warnings);
        endpoints = Map.copyOf(endpoints);
    }

    /** The provider with this id, or null. */
    public ProviderConfig provider(String id) {
        for (ProviderConfig p : providers) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        return null;
    }
}
