package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import io.llmgateway.bench.mock.MockContent;
import io.llmgateway.bench.mock.MockHeaders;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.mock.providers.AnthropicMock;
import io.llmgateway.bench.mock.providers.AzureMock;
import io.llmgateway.bench.mock.providers.GeminiMock;
import io.llmgateway.bench.testing.Await;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The usage the official OpenAI SDK receives through the real gateway is the provider's, exactly,
 * cache reads included, whatever the provider's protocol: OpenAI, Azure, Anthropic, Gemini, each
 * reporting {@value #CACHED} prompt tokens read from its cache on top of its usual 10. And a
 * client that did not ask for a stream's usage gets none, even where the gateway asked the
 * provider for it. The gateway's {@code /metrics} counts the same tokens, and their cost at the
 * cache price, for every provider.
 */
class UsageIT {

    private static final String MODEL = "gpt-4o-2024-08-06";
    private static final int PIECES = 4;
    private static final int CACHED = 1024;
    private static final int PROMPT = 10 + CACHED;

    @RegisterExtension
    static final ProviderGateway openai = new ProviderGateway(
            () -> MockUpstream.start(MockOptions.builder().host("127.0.0.1").chunks(PIECES).build()),
            mock -> GatewayConfigs.withProviders("""
                    - id: openai
                      type: openai
                      base_url: "%s/v1"
                      price_per_million: {prompt: 2, completion: 8, cached: 1}
                      keys:
                        - id: o1
                          secret: "sk-openai-usage"
                    """.formatted(mock.baseUrl()), "gpt: openai:" + MODEL + "\n"));

    @RegisterExtension
    static final ProviderGateway azure = new ProviderGateway(
            () -> AzureMock.builder().apiKey("az-usage").deployment("gpt4o-prod", MODEL)
                    .options(MockOptions.builder().chunks(PIECES).build()).start(),
            mock -> GatewayConfigs.withProviders("""
                    - id: azure
                      type: azure
                      base_url: "%s"
                      deployments:
                        gpt-4o: gpt4o-prod
                      keys:
                        - id: a1
                          secret: "az-usage"
                    """.formatted(mock.baseUrl()), "gpt: azure:gpt-4o\n"));

    @RegisterExtension
    static final ProviderGateway anthropic = new ProviderGateway(
            () -> AnthropicMock.builder().apiKey("sk-ant-usage").options(MockOptions.builder().chunks(PIECES).build())
                    .start(),
            mock -> GatewayConfigs.withProviders("""
                    - id: claude
                      type: anthropic
                      base_url: "%s/v1"
                      keys:
                        - id: c1
                          secret: "sk-ant-usage"
                    """.formatted(mock.baseUrl()), "claude: claude:claude-sonnet-4-5\n"));

    @RegisterExtension
    static final ProviderGateway gemini = new ProviderGateway(
            () -> GeminiMock.builder().apiKey("AIza-usage").options(MockOptions.builder().chunks(PIECES).build())
                    .start(),
            mock -> GatewayConfigs.withProviders("""
                    - id: gemini
                      type: gemini
                      base_url: "%s/v1beta"
                      keys:
                        - id: g1
                          secret: "AIza-usage"
                    """.formatted(mock.baseUrl()), "gemini: gemini:gemini-2.5-flash\n"));

    private static ChatCompletionCreateParams.Builder cachedRequest(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Count")
                .putAdditionalHeader(MockHeaders.CACHED_TOKENS, Integer.toString(CACHED));
    }

    private static void assertExact(CompletionUsage u, long completion) {
        assertThat(u.promptTokens()).isEqualTo(PROMPT);
        assertThat(u.completionTokens()).isEqualTo(completion);
        assertThat(u.totalTokens()).isEqualTo(PROMPT + completion);
        assertThat(u.promptTokensDetails()).hasValueSatisfying(d -> assertThat(d.cachedTokens()).contains((long) CACHED));
    }

    /** A body and a stream with {@code include_usage}: the provider's usage, cache reads included. */
    private static void assertCachedUsageReachesTheSdk(ProviderGateway gw, String model, long completion) {
        ChatCompletion reply = gw.client().chat().completions().create(cachedRequest(model).build());
        assertExact(reply.usage().orElseThrow(), completion);

        List<ChatCompletionChunk> chunks = SdkCalls.stream(gw.client(), cachedRequest(model)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertExact(last.usage().orElseThrow(), completion);
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> assertThat(c.usage()).isEmpty());
    }

    /** A stream whose client did not ask for usage: none reaches it, though the provider was asked. */
    private static void assertAskedUsageIsNotRelayed(ProviderGateway gw, String model, String text) {
        List<ChatCompletionChunk> chunks = SdkCalls.stream(gw.client(), cachedRequest(model).build());
        assertThat(SdkCalls.text(chunks)).isEqualTo(text);
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.usage()).isEmpty();
            assertThat(c.choices()).hasSize(1);
        });
        assertThat(gw.lastBody().at("/stream_options/include_usage").asBoolean())
                .as("the gateway asked the provider for the stream's usage").isTrue();
    }

    /**
     * The gateway's own accounting of what the SDK was told: after {@code requests} requests of
     * {@code completion} tokens each, {@code /metrics} counts exactly their prompt, cached and
     * completion tokens under {@code provider} — nothing estimated, nothing lost.
     */
    private static PrometheusText assertMetricsCountExactly(ProviderGateway gw, String provider, int requests,
            long completion) {
        Await.until(requests + " requests in /metrics", Duration.ofSeconds(20),
                () -> MetricsIT.scrape(gw.gateway().port()).sum("llm_requests_total") == requests);
        PrometheusText m = MetricsIT.scrape(gw.gateway().port());
        assertThat(m.sum("llm_requests_total", "provider", provider, "status", "200")).isEqualTo(requests);
        assertThat(m.sum("llm_tokens_total", "provider", provider, "type", "prompt")).isEqualTo(requests * PROMPT);
        assertThat(m.sum("llm_tokens_total", "provider", provider, "type", "cached")).isEqualTo(requests * CACHED);
        assertThat(m.sum("llm_tokens_total", "provider", provider, "type", "completion"))
                .isEqualTo(requests * completion);
        return m;
    }

    @Test
    void openAi() {
        assertCachedUsageReachesTheSdk(openai, "gpt", PIECES);
        assertAskedUsageIsNotRelayed(openai, "gpt", MockContent.full(MODEL, PIECES));

        PrometheusText m = assertMetricsCountExactly(openai, "openai", 3, PIECES);
        // per million: 10 uncached prompt tokens at 2, 1,024 cached at 1, 4 completion at 8; three requests
        assertThat(m.sum("llm_cost_usd_total", "provider", "openai"))
                .isCloseTo(3 * (10 * 2 + CACHED * 1 + PIECES * 8) / 1e6, within(1e-12));
    }

    @Test
    void azure() {
        assertCachedUsageReachesTheSdk(azure, "gpt", PIECES);
        assertAskedUsageIsNotRelayed(azure, "gpt", MockContent.full(MODEL, PIECES));
        assertMetricsCountExactly(azure, "azure", 3, PIECES);
    }

    @Test
    void anthropic() {
        assertCachedUsageReachesTheSdk(anthropic, "claude", PIECES);
        assertThat(anthropic.lastBody().has("stream_options")).isFalse();
        assertMetricsCountExactly(anthropic, "claude", 2, PIECES);
    }

    @Test
    void gemini() {
        // Gemini's 3 thought tokens are completion (reasoning) tokens in OpenAI's terms.
        assertCachedUsageReachesTheSdk(gemini, "gemini", PIECES + 3);
        assertMetricsCountExactly(gemini, "gemini", 2, PIECES + 3);
    }
}
