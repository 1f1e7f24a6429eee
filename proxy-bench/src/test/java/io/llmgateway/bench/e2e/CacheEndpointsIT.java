package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import io.llmgateway.bench.mock.MockContent;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.mock.providers.AnthropicMock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The response cache of the real gateway on {@code /v1/responses} (the official OpenAI Java SDK) and
 * {@code /v1/messages} (the official Anthropic Java SDK): relayed to providers that speak them (the
 * OpenAI mock's Responses API, Anthropic's mock) and translated over chat. A miss then a hit with
 * the mock seeing one request; a streamed hit replayed from a stored body and parsed by the SDK;
 * a stored stream replayed; {@code Cache-Control: no-cache}; a Responses request the provider
 * stores is never cached.
 */
class CacheEndpointsIT {

    private static final String CLIENT_KEY = "gw-cache-endpoints-key";
    private static final String ANTHROPIC_KEY = "sk-ant-e2e";
    private static final String GPT = "gpt-4o-2024-08-06";
    private static final String CLAUDE = "claude-sonnet-4-5";
    private static final int PIECES = 4;

    private static MockUpstream openAiMock;
    private static MockUpstream anthropicMock;
    private static GatewayProcess gateway;
    private static OpenAIClient openAi;
    private static AnthropicClient anthropic;

    @BeforeAll
    static void start() throws Exception {
        openAiMock = MockUpstream.start(MockOptions.builder().host("127.0.0.1").chunks(PIECES).build());
        anthropicMock = AnthropicMock.builder().apiKey(ANTHROPIC_KEY)
                .options(MockOptions.builder().chunks(PIECES).build()).start();
        gateway = GatewayProcess.start(GatewayConfigs.withProviders("""
                - id: oai
                  type: openai
                  base_url: "%s/v1"
                  keys:
                    - id: o1
                      secret: "sk-upstream"
                - id: claude
                  type: anthropic
                  base_url: "%s/v1"
                  keys:
                    - id: c1
                      secret: "%s"
                """.formatted(openAiMock.baseUrl(), anthropicMock.baseUrl(), ANTHROPIC_KEY), """
                gpt: oai:%s
                claude: claude:%s
                """.formatted(GPT, CLAUDE), "api_keys: [\"" + CLIENT_KEY + "\"]") + """
                cache:
                  enabled: true
                """);
        openAi = OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey(CLIENT_KEY).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl(gateway.baseUrl().replaceFirst("/v1$", ""))
                .apiKey(CLIENT_KEY).maxRetries(0).timeout(Duration.ofSeconds(20)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (openAi != null) {
                openAi.close();
            }
            if (anthropic != null) {
                anthropic.close();
            }
            if (gateway != null) {
                gateway.close(); // fails the test on a leak report
            }
        } finally {
            for (MockUpstream m : new MockUpstream[] {openAiMock, anthropicMock}) {
                if (m != null) {
                    m.close();
                }
            }
        }
    }

    private static String marker() {
        return UUID.randomUUID().toString();
    }

    private static long calls(MockUpstream mock, String marker) {
        return mock.recordedRequests().stream().filter(r -> r.body().contains(marker)).count();
    }

    private static String cache(List<String> values) {
        return values.isEmpty() ? null : values.get(0);
    }

    // --- /v1/responses, OpenAI SDK ---

    private static ResponseCreateParams responses(String alias, String marker) {
        return ResponseCreateParams.builder().model(alias).instructions("Be terse.").input("cache me " + marker)
                .temperature(0.0).maxOutputTokens(200).store(false).build();
    }

    private static String text(Response r) {
        StringBuilder sb = new StringBuilder();
        for (ResponseOutputItem item : r.output()) {
            if (item.isMessage()) {
                item.asMessage().content().forEach(c -> sb.append(c.asOutputText().text()));
            }
        }
        return sb.toString();
    }

    private record ResponsesStream(String cache, List<ResponseStreamEvent> events) {

        String deltas() {
            return events.stream().filter(ResponseStreamEvent::isOutputTextDelta)
                    .map(e -> e.asOutputTextDelta().delta()).collect(Collectors.joining());
        }

        Response completed() {
            return events.get(events.size() - 1).asCompleted().response();
        }
    }

    private static ResponsesStream stream(ResponseCreateParams params) {
        HttpResponseFor<StreamResponse<ResponseStreamEvent>> raw =
                openAi.responses().withRawResponse().createStreaming(params);
        try (StreamResponse<ResponseStreamEvent> s = raw.parse()) {
            List<ResponseStreamEvent> events = new ArrayList<>();
            s.stream().forEach(e -> events.add(e.validate()));
            return new ResponsesStream(cache(raw.headers().values("x-gateway-cache")), events);
        }
    }

    @Test
    void aResponseMissesThenHitsAndIsReplayedAsAStreamTheSdkParses() {
        String m = marker();
        HttpResponseFor<Response> first = openAi.responses().withRawResponse().create(responses("gpt", m));
        assertThat(cache(first.headers().values("x-gateway-cache"))).isEqualTo("miss");
        Response stored = first.parse().validate();
        HttpResponseFor<Response> second = openAi.responses().withRawResponse().create(responses("gpt", m));
        assertThat(cache(second.headers().values("x-gateway-cache"))).isEqualTo("hit");
        Response replayed = second.parse().validate();
        assertThat(replayed.id()).isEqualTo(stored.id());
        assertThat(text(replayed)).isEqualTo(text(stored)).isEqualTo(MockContent.full(GPT, PIECES));
        assertThat(replayed.usage()).isEqualTo(stored.usage());

        ResponsesStream streamed = stream(responses("gpt", m));
        assertThat(streamed.cache()).isEqualTo("hit");
        assertThat(streamed.events().get(0).isCreated()).isTrue();
        assertThat(streamed.deltas()).isEqualTo(text(stored));
        Response completed = streamed.completed();
        assertThat(completed.id()).isEqualTo(stored.id());
        assertThat(text(completed)).isEqualTo(text(stored));
        assertThat(completed.usage()).isEqualTo(stored.usage());
        assertThat(calls(openAiMock, m)).isEqualTo(1);
    }

    @Test
    void aStoredResponsesStreamIsReplayed() {
        String m = marker();
        ResponsesStream live = stream(responses("gpt", m));
        assertThat(live.cache()).isEqualTo("miss");
        ResponsesStream replayed = stream(responses("gpt", m));
        assertThat(replayed.cache()).isEqualTo("hit");
        assertThat(replayed.deltas()).isEqualTo(live.deltas()).isEqualTo(MockContent.full(GPT, PIECES));
        assertThat(replayed.completed().id()).isEqualTo(live.completed().id());
        assertThat(calls(openAiMock, m)).isEqualTo(1);
    }

    @Test
    void aResponseTheProviderStoresIsNeverCached() {
        String m = marker();
        ResponseCreateParams stored = responses("gpt", m).toBuilder().store(true).build();
        for (int i = 0; i < 2; i++) {
            HttpResponseFor<Response> r = openAi.responses().withRawResponse().create(stored);
            assertThat(cache(r.headers().values("x-gateway-cache"))).isNull();
            assertThat(text(r.parse())).isEqualTo(MockContent.full(GPT, PIECES));
        }
        assertThat(calls(openAiMock, m)).isEqualTo(2);
    }

    @Test
    void aResponseTranslatedOverMessagesIsCachedToo() {
        String m = marker();
        assertThat(cache(openAi.responses().withRawResponse().create(responses("claude", m))
                .headers().values("x-gateway-cache"))).isEqualTo("miss");
        ResponsesStream streamed = stream(responses("claude", m));
        assertThat(streamed.cache()).isEqualTo("hit");
        assertThat(streamed.deltas()).isEqualTo(MockContent.full(CLAUDE, PIECES));
        assertThat(calls(anthropicMock, m)).isEqualTo(1);
    }

    // --- /v1/messages, Anthropic SDK ---

    private static MessageCreateParams messages(String alias, String marker) {
        return MessageCreateParams.builder().model(alias).maxTokens(256).system("You are terse.")
                .addUserMessage("cache me " + marker).build();
    }

    private static String text(Message m) {
        return m.content().stream().flatMap(b -> b.text().stream()).map(t -> t.text()).collect(Collectors.joining());
    }

    private record MessagesStream(String cache, Message message) {
    }

    private static MessagesStream stream(MessageCreateParams params) {
        com.anthropic.core.http.HttpResponseFor<com.anthropic.core.http.StreamResponse<RawMessageStreamEvent>> raw =
                anthropic.messages().withRawResponse().createStreaming(params);
        MessageAccumulator acc = MessageAccumulator.create();
        try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> s = raw.parse()) {
            s.stream().forEach(acc::accumulate);
        }
        return new MessagesStream(cache(raw.headers().values("x-gateway-cache")), acc.message());
    }

    private static com.anthropic.core.http.HttpResponseFor<Message> create(MessageCreateParams params) {
        return anthropic.messages().withRawResponse().create(params);
    }

    @Test
    void aMessageMissesThenHitsAndIsReplayedAsAStreamTheSdkAccumulates() {
        for (String alias : List.of("claude", "gpt")) {
            String m = marker();
            var first = create(messages(alias, m));
            assertThat(cache(first.headers().values("x-gateway-cache"))).as(alias).isEqualTo("miss");
            Message stored = first.parse().validate();
            var second = create(messages(alias, m));
            assertThat(cache(second.headers().values("x-gateway-cache"))).as(alias).isEqualTo("hit");
            Message replayed = second.parse().validate();
            assertThat(replayed.id()).isEqualTo(stored.id());
            assertThat(text(replayed)).isEqualTo(text(stored)).isNotEmpty();
            assertThat(replayed.usage()).isEqualTo(stored.usage());

            MessagesStream streamed = stream(messages(alias, m));
            assertThat(streamed.cache()).as(alias).isEqualTo("hit");
            assertThat(streamed.message().id()).isEqualTo(stored.id());
            assertThat(text(streamed.message())).isEqualTo(text(stored));
            assertThat(streamed.message().stopReason()).contains(StopReason.END_TURN);
            assertThat(streamed.message().usage().outputTokens()).isEqualTo(stored.usage().outputTokens());
            assertThat(calls(alias.equals("claude") ? anthropicMock : openAiMock, m)).as(alias).isEqualTo(1);
        }
    }

    @Test
    void aStoredMessagesStreamIsReplayed() {
        String m = marker();
        MessagesStream live = stream(messages("claude", m));
        assertThat(live.cache()).isEqualTo("miss");
        MessagesStream replayed = stream(messages("claude", m));
        assertThat(replayed.cache()).isEqualTo("hit");
        assertThat(text(replayed.message())).isEqualTo(text(live.message())).isEqualTo(MockContent.full(CLAUDE, PIECES));
        assertThat(replayed.message().id()).isEqualTo(live.message().id());
        assertThat(calls(anthropicMock, m)).isEqualTo(1);
    }

    @Test
    void cacheControlNoCacheGoesUpstreamAndRefreshesTheEntry() {
        String m = marker();
        create(messages("claude", m));
        var bypass = create(messages("claude", m).toBuilder().putAdditionalHeader("Cache-Control", "no-cache").build());
        assertThat(cache(bypass.headers().values("x-gateway-cache"))).isEqualTo("bypass");
        assertThat(text(bypass.parse())).isNotEmpty();
        assertThat(calls(anthropicMock, m)).isEqualTo(2);
        assertThat(cache(create(messages("claude", m)).headers().values("x-gateway-cache"))).isEqualTo("hit");
        assertThat(calls(anthropicMock, m)).isEqualTo(2);
    }
}
