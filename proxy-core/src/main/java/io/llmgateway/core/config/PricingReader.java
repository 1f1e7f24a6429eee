package io.llmgateway.core.config;

import static io.llmgateway.core.config.ConfigKeys.*;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code providers[].price_per_million}: {@code prompt} / {@code completion} (and the prompt
 * cache's {@code cached} / {@code cache_write}) for every model, and any other key is a model name
 * with its own {@code {prompt, completion, cached, cache_write}}. A price without {@code cached} or
 * {@code cache_write} charges cache reads or writes at its own {@code prompt} price.
 */
final class PricingReader {

    private PricingReader() {
    }

    static Pricing read(ConfigNode provider) {
        ConfigNode n = PROVIDER_PRICES.node(provider);
        if (!PROVIDER_PRICES.check(n)) {
            return Pricing.UNKNOWN;
        }
        Pricing.Price byDefault = null;
        if (PRICE_PROMPT.isSetIn(n) || PRICE_COMPLETION.isSetIn(n)) {
            byDefault = price(n);
        } else if (PRICE_CACHED.isSetIn(n) || PRICE_CACHE_WRITE.isSetIn(n)) {
            n.problem("'cached' and 'cache_write' need 'prompt' and/or 'completion' beside them");
        }
        Map<String, Pricing.Price> perModel = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.children().entrySet()) {
            if (PROVIDER_PRICES.names().contains(e.getKey())) {
                continue;
            }
            ConfigNode m = e.getValue();
            if (!m.isMapping()) {
                m.problem("must be {prompt: x, completion: y} (price of model '" + e.getKey() + "'), got "
                        + m.describe());
                continue;
            }
            m.allowOnly(PROVIDER_PRICES.names());
            if (!PRICE_PROMPT.isSetIn(m) && !PRICE_COMPLETION.isSetIn(m)) {
                m.problem("needs 'prompt' and/or 'completion'");
                continue;
            }
            perModel.put(e.getKey(), price(m));
        }
        return new Pricing(byDefault, perModel);
    }

    private static Pricing.Price price(ConfigNode n) {
        double prompt = PRICE_PROMPT.read(n);
        return new Pricing.Price(prompt, PRICE_COMPLETION.read(n), PRICE_CACHED.read(n, prompt),
                PRICE_CACHE_WRITE.read(n, prompt));
    }
}
