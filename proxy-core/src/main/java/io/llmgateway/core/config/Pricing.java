package io.llmgateway.core.config;

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
     * One price.
     *
     * @param prompt     per million prompt (input) tokens
     * @param completion per million completion (output) tokens
     */
    public record Price(double prompt, double completion) {

        /** The cost of {@code promptTokens} in and {@code completionTokens} out. */
        public double cost(long promptTokens, long completionTokens) {
            return (prompt * promptTokens + completion * completionTokens) / 1_000_000d;
        }
    }
}
