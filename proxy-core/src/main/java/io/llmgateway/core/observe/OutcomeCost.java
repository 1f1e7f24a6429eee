package io.llmgateway.core.observe;

import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.config.Pricing;
import io.llmgateway.core.proxy.ExchangeOutcome;

/**
 * What one exchange cost, from its usage and its provider's {@code price_per_million} for the
 * upstream model: input neither read from nor written to the prompt cache at the prompt price,
 * cache reads at the {@code cached} price, cache writes at the {@code cache_write} price, output at
 * the completion price ({@link Pricing.Price#cost(Usage)}). An estimated usage is priced the same
 * way. The one place a cost is computed: metrics, the request log and spend all ask here, so that
 * they agree.
 */
public final class OutcomeCost {

    private OutcomeCost() {
    }

    /** The cost in USD of {@code outcome}'s usage; 0 when it has no usage, or its model no price. */
    public static double usd(ExchangeOutcome outcome) {
        Usage usage = outcome.usage();
        if (usage == null || outcome.deployment() == null) {
            return 0;
        }
        Pricing.Price price = outcome.deployment().provider().pricing().price(outcome.upstreamModel());
        return price == null ? 0 : price.cost(usage);
    }

    /** Whether the provider's config gives a price for {@code outcome}'s model (else its cost is unknown, reported 0). */
    public static boolean priced(ExchangeOutcome outcome) {
        return outcome.deployment() != null
                && outcome.deployment().provider().pricing().price(outcome.upstreamModel()) != null;
    }
}
