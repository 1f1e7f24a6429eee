package io.llmgateway.core.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.config.ProviderConfig;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.llmgateway.core.routing.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cache reads, cache writes, fresh input and output each at their own price, to the last digit. */
class OutcomeCostTest {

    private static final String CONFIG = """
            providers:
              - id: claude
                type: anthropic
                keys: [{id: c1, secret: sk-ant-test}]
                price_per_million:
                  prompt: 3
                  completion: 15
                  cached: 0.3
                  cache_write: 3.75
                  claude-haiku: {prompt: 1, completion: 5}
              - id: openai
                type: openai
                keys: [{id: o1, secret: sk-test}]
                price_per_million: {prompt: 2.5, completion: 10, cached: 1.25}
              - id: free
                type: openai
                base_url: "http://local/v1"
                keys: [{id: f1, secret: sk-free}]
            """;

    private final GatewayConfig cfg;

    OutcomeCostTest() throws Exception {
        cfg = new ConfigLoader(Map.<String, String>of()::get).parse(CONFIG, "t");
    }

    private ExchangeOutcome outcome(String provider, String model, Usage usage, boolean estimated) {
        ProviderConfig p = cfg.provider(provider);
        Deployment d = new Deployment(p, p.keys().get(0), model, null);
        return new ExchangeOutcome("r", null, model, d, true, 200, null, List.of(), 1, 2, 3, 4, usage, estimated,
                10, 20, false);
    }

    @Test
    void anthropicCacheReadsAndWritesAreEachPricedAtTheirOwnRate() {
        // 21 fresh + 1024 read + 188 written = 1233 prompt tokens; 65 out.
        Usage usage = new Usage(1233, 65, 1298, 1024, 188);
        double expected = (21 * 3 + 1024 * 0.3 + 188 * 3.75 + 65 * 15) / 1e6;
        assertThat(OutcomeCost.usd(outcome("claude", "claude-sonnet", usage, false))).isCloseTo(expected, within(1e-15));
        assertThat(expected).isCloseTo(0.0020502, within(1e-12));
        assertThat(OutcomeCost.priced(outcome("claude", "claude-sonnet", usage, false))).isTrue();
    }

    @Test
    void aPriceWithoutCachePricesChargesCacheAtItsOwnPromptPrice() {
        Usage usage = new Usage(1233, 65, 1298, 1024, 188);
        // claude-haiku's own price has no cached / cache_write: every input token at its prompt price 1.
        assertThat(OutcomeCost.usd(outcome("claude", "claude-haiku", usage, false)))
                .isCloseTo((1233 * 1 + 65 * 5) / 1e6, within(1e-15));
    }

    @Test
    void openAiCachedTokensAreNotChargedTwice() {
        Usage usage = Usage.of(1117, 12, 1129, 1024);
        double expected = (93 * 2.5 + 1024 * 1.25 + 12 * 10) / 1e6;
        assertThat(OutcomeCost.usd(outcome("openai", "gpt-4o", usage, false))).isCloseTo(expected, within(1e-15));
        assertThat(expected).isCloseTo(0.0016325, within(1e-12));
        assertThat(OutcomeCost.usd(outcome("openai", "gpt-4o", usage, false)))
                .as("4x below charging every prompt token at the prompt price, as peers do").isLessThan((1117 * 2.5
                        + 12 * 10) / 1e6);
    }

    @Test
    void anEstimatedUsageIsPricedTheSameWay() {
        assertThat(OutcomeCost.usd(outcome("openai", "gpt-4o", Usage.of(100, 40), true)))
                .isCloseTo((100 * 2.5 + 40 * 10) / 1e6, within(1e-15));
    }

    @Test
    void noUsageOrNoPriceCostsNothing() {
        assertThat(OutcomeCost.usd(outcome("openai", "gpt-4o", null, false))).isZero();
        assertThat(OutcomeCost.usd(outcome("free", "llama", Usage.of(100, 40), false))).isZero();
        assertThat(OutcomeCost.priced(outcome("free", "llama", Usage.of(100, 40), false))).isFalse();
    }
}
