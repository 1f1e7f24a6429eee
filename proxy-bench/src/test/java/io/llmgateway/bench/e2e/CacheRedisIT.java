package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.llmgateway.bench.mock.MockContent;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.core.testing.RedisServers;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The response cache on Redis ({@code storage.runtime.type: redis}): two real gateways on one
 * Redis share their answers — what one stored, the other serves without an upstream call.
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
}
