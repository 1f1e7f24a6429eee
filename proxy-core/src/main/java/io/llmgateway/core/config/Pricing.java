package io.llmgateway.core.config;

import io.llmgateway.codec.spi.Usage;
import java.util.Map;

/**
 * {@code providers[].price_per_million} — what a provider charges, in currency units per million
 * tokens: one price for every model, prices per model, or both (a model's own price wins).
 *
 * @param byDefault the price of models without their own, or null when unknown
 * @param perModel  upstream model name → price
 */
public record Pricing(Price byDefault, Map<String, Price> perModel) {

    public static final Pricing UNKNOWN = new Pricing(null, Map.of());

    public Pricing {
        perModel = Map.copyOf(perModel);
    }

    /** The price of {@code model}, or null when the configuration does not say. */
    public Price price(String model) {
        Price p = perModel.get(model);
        return p != null ? p : byDefault;
    }

    /**
     * One price. Input read from or written to the provider's prompt cache has its own price
     * (Anthropic, for one, charges a tenth of the input price for a cache read and more than it
     * for a cache write); when the configuration gives none, it is the prompt price.
     *
     * @param prompt     per million prompt (input) tokens neither read from nor written to the cache
     * @param completion per million completion (output) tokens
     * @param cached     per million input tokens read from the prompt cache
     * @param cacheWrite per million input tokens written to the prompt cache
     */
    public record Price(double prompt, double completion, double cached, double cacheWrite) {

        /** A price whose cache reads and writes cost as much as any input. */
        public Price(double prompt, double completion) {
            this(prompt, completion, prompt, prompt);
        }

        /** The cost of {@code promptTokens} in and {@code completionTokens} out, none of them cached. */
        public double cost(long promptTokens, long completionTokens) {
            return (prompt * promptTokens + completion * completionTokens) / 1_000_000d;
        }

        /**
         * The cost of {@code usage}: its prompt tokens without cache reads and writes at the prompt
         * price, cache reads at {@link #cached}, cache writes at {@link #cacheWrite}, completion at
         * the completion price.
         */
        public double cost(Usage usage) {
            return (prompt * usage.uncachedPromptTokens() + cached * usage.cachedTokens()
                    + cacheWrite * usage.cacheWriteTokens() + completion * usage.completionTokens()) / 1_000_000d;
        }
    }
}
