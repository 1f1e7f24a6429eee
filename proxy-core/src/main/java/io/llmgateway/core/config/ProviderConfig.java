package io.llmgateway.core.config;

import io.llmgateway.codec.spi.ProviderSettings;
import java.util.List;

/**
 * {@code providers[]} — one upstream account or host.
 *
 * @param id       unique name, referenced by {@code model_aliases} targets ({@code id:model})
 * @param name     display name
 * @param baseUrl  the OpenAI-style base URL as written (e.g. {@code https://api.openai.com/v1})
 * @param settings what the adapter needs (origin, path, protocol options)
 * @param keys     the credentials, in order
 * @param models   models served under {@code id/model} besides alias targets
 * @param pricing  {@code price_per_million}, for cost-based strategies
 */
public record ProviderConfig(
        String id,
        String name,
        String baseUrl,
        ProviderSettings settings,
        List<KeyConfig> keys,
        List<String> models,
        Pricing pricing) {

    public ProviderConfig {
        keys = List.copyOf(keys);
        models = List.copyOf(models);
        java.util.Objects.requireNonNull(pricing, "pricing");
    }

    /** A provider without prices. */
    public ProviderConfig(String id, String name, String baseUrl, ProviderSettings settings, List<KeyConfig> keys,
            List<String> models) {
        this(id, name, baseUrl, settings, keys, models, Pricing.UNKNOWN);
    }

    public String type() {
        return settings.type();
    }

    public List<KeyConfig> enabledKeys() {
        return keys.stream().filter(KeyConfig::enabled).toList();
    }
}
