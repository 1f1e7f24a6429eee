package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import io.llmgateway.bench.mock.MockContent;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.core.testing.RedisServers;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The response cache on Redis ({@code storage.runtime.type: redis}): two real gateways on one
 * Redis share their answers — what one stored, the other serves without an upstream call; on
 * chat completions, and on {@code /v1/messages} and {@code /v1/responses} (the other instance
 * replays the stored body as the stream its client asks for).
 */
class CacheRedisIT {

    private static String config(MockUpstream upstream, String prefix) {
        return GatewayConfigs.openAiCompatible(upstream, "", "", GatewayConfigs.INERT_POLICY + """
                cache:
                  enabled: true
                  scope: shared
                storage:
                  runtime:
                    type: redis
                    addr: "%s"
                    key_prefix: "%s"
                    timeout_ms: 2000
                """.formatted(RedisServers.single(), prefix));
    }

    private static OpenAIClient client(GatewayProcess gw) {
        return OpenAIOkHttpClient.builder().baseUrl(gw.baseUrl()).apiKey("unused").maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }

    private static String cache(HttpResponseFor<?> r) {
        return r.headers().values("x-gateway-cache").stream().findFirst().orElse(null);
    }

    @Test
    void whatOneInstanceStoredTheOtherServes() throws Exception {
        String prefix = "it-" + UUID.randomUUID() + ":";
        try (MockUpstream upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").chunks(3).build());
                GatewayProcess one = GatewayProcess.start(config(upstream, prefix));
                GatewayProcess two = GatewayProcess.start(config(upstream, prefix))) {
            OpenAIClient first = client(one);
            OpenAIClient second = client(two);
            try {
                String marker = UUID.randomUUID().toString();
                ChatCompletionCreateParams p = ChatCompletionCreateParams.builder().model("gpt-4o")
                        .addUserMessage("shared " + marker).build();
                assertThat(cache(first.chat().completions().withRawResponse().create(p))).isEqualTo("miss");
                // the store is written off the event loop, after the answer: the other instance may ask first
                String[] seen = new String[1];
                io.llmgateway.bench.testing.Await.until("instance two serves instance one's answer",
                        Duration.ofSeconds(20), () -> {
                            HttpResponseFor<ChatCompletion> r = second.chat().completions().withRawResponse().create(p);
                            seen[0] = cache(r);
                            assertThat(r.parse().choices().get(0).message().content())
                                    .contains(MockContent.full("gpt-4o-2024-08-06", 3));
                            return "hit".equals(seen[0]);
                        });
                long calls = upstream.recordedRequests().stream().filter(r -> r.body().contains(marker)).count();
                // instance two's misses before the store landed each went upstream (and stored again)
                assertThat(calls).isGreaterThanOrEqualTo(1);
                long before = calls;
                assertThat(cache(second.chat().completions().withRawResponse().create(p))).isEqualTo("hit");
                assertThat(cache(first.chat().completions().withRawResponse().create(p))).isEqualTo("hit");
                assertThat(upstream.recordedRequests().stream().filter(r -> r.body().contains(marker)).count())
                        .isEqualTo(before);
            } finally {
                first.close();
                second.close();
            }
        }
    }
    @Test
    void messagesAndResponsesOneInstanceStoredTheOtherServesAsAStream() throws Exception {
        String prefix = "it-" + UUID.randomUUID() + ":";
        try (MockUpstream upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").chunks(3).build());
                GatewayProcess one = GatewayProcess.start(config(upstream, prefix));
                GatewayProcess two = GatewayProcess.start(config(upstream, prefix))) {
            OpenAIClient openAi = client(one);
            AnthropicClient anthropic = AnthropicOkHttpClient.builder()
                    .baseUrl(two.baseUrl().replaceFirst("/v1$", "")).apiKey("unused").maxRetries(0)
                    .timeout(Duration.ofSeconds(20)).build();
            OpenAIClient openAiTwo = client(two);
            AnthropicClient anthropicOne = AnthropicOkHttpClient.builder()
                    .baseUrl(one.baseUrl().replaceFirst("/v1$", "")).apiKey("unused").maxRetries(0)
                    .timeout(Duration.ofSeconds(20)).build();
            String text = MockContent.full("gpt-4o-2024-08-06", 3);
            try {
                String r = UUID.randomUUID().toString();
                ResponseCreateParams rp = ResponseCreateParams.builder().model("gpt-4o").input("shared " + r)
                        .store(false).build();
                assertThat(cache(openAi.responses().withRawResponse().create(rp))).isEqualTo("miss");
                io.llmgateway.bench.testing.Await.until("instance two streams instance one's Response",
                        Duration.ofSeconds(20), () -> {
                            var raw = openAiTwo.responses().withRawResponse().createStreaming(rp);
                            StringBuilder deltas = new StringBuilder();
                            try (StreamResponse<ResponseStreamEvent> s = raw.parse()) {
                                s.stream().forEach(e -> e.validate().outputTextDelta()
                                        .ifPresent(d -> deltas.append(d.delta())));
                            }
                            assertThat(deltas.toString()).isEqualTo(text);
                            return "hit".equals(raw.headers().values("x-gateway-cache").stream().findFirst()
                                    .orElse(null));
                        });

                String m = UUID.randomUUID().toString();
                MessageCreateParams mp = MessageCreateParams.builder().model("gpt-4o").maxTokens(100)
                        .addUserMessage("shared " + m).build();
                var first = anthropicOne.messages().withRawResponse().create(mp);
                assertThat(first.headers().values("x-gateway-cache")).containsExactly("miss");
                io.llmgateway.bench.testing.Await.until("instance two streams instance one's Message",
                        Duration.ofSeconds(20), () -> {
                            var raw = anthropic.messages().withRawResponse().createStreaming(mp);
                            MessageAccumulator acc = MessageAccumulator.create();
                            try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> s = raw.parse()) {
                                s.stream().forEach(acc::accumulate);
                            }
                            assertThat(acc.message().content().get(0).asText().text()).isEqualTo(text);
                            return raw.headers().values("x-gateway-cache").contains("hit");
                        });
                long before = upstream.recordedRequests().stream()
                        .filter(q -> q.body().contains(r) || q.body().contains(m)).count();
                assertThat(cache(openAiTwo.responses().withRawResponse().create(rp))).isEqualTo("hit");
                assertThat(anthropic.messages().withRawResponse().create(mp).headers().values("x-gateway-cache"))
                        .containsExactly("hit");
                assertThat(upstream.recordedRequests().stream()
                        .filter(q -> q.body().contains(r) || q.body().contains(m)).count()).isEqualTo(before);
            } finally {
                openAi.close();
                openAiTwo.close();
                anthropic.close();
                anthropicOne.close();
            }
        }
    }
}
