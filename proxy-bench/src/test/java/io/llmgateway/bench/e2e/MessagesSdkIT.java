package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.ErrorType;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.bench.mock.MockContent;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.mock.RecordedRequest;
import io.llmgateway.bench.mock.providers.AnthropicMock;
import io.llmgateway.bench.mock.providers.GeminiMock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official Anthropic Java SDK through the real gateway's {@code /v1/messages}: to Anthropic's
 * mock, which gets the client's request as it was sent (pass-through); to the OpenAI mock and to
 * Gemini's, which get chat requests translated from it and whose answers come back as Messages.
 * Every answer below was parsed by the SDK, streams by its own accumulator.
 */
class MessagesSdkIT {

    private static final String CLIENT_KEY = "gw-client-key";
    private static final String ANTHROPIC_KEY = "sk-ant-e2e";
    private static final String GEMINI_KEY = "AIza-e2e";
    private static final String CLAUDE = "claude-sonnet-4-5";
    private static final String GPT = "gpt-4o-2024-08-06";
    private static final String GEMINI = "gemini-2.5-flash";
    private static final int PIECES = 4;

    private static MockUpstream anthropic;
    private static MockUpstream openAi;
    private static MockUpstream gemini;
    private static GatewayProcess gateway;
    private static AnthropicClient client;

    @BeforeAll
    static void start() throws Exception {
        MockOptions options = MockOptions.builder().chunks(PIECES).build();
        anthropic = AnthropicMock.builder().apiKey(ANTHROPIC_KEY).options(options).start();
        openAi = MockUpstream.start(MockOptions.builder().host("127.0.0.1").chunks(PIECES).build());
        gemini = GeminiMock.builder().apiKey(GEMINI_KEY).options(options).start();
        gateway = GatewayProcess.start(GatewayConfigs.withProviders("""
                - id: claude
                  type: anthropic
                  base_url: "%s/v1"
                  keys:
                    - id: c1
                      secret: "%s"
                - id: oai
                  type: openai-compatible
                  base_url: "%s/v1"
                  keys:
                    - id: o1
                      secret: "sk-upstream-one"
                - id: gem
                  type: gemini
                  base_url: "%s/v1beta"
                  keys:
                    - id: g1
                      secret: "%s"
                """.formatted(anthropic.baseUrl(), ANTHROPIC_KEY, openAi.baseUrl(), gemini.baseUrl(), GEMINI_KEY), """
                claude: claude:%s
                gpt: oai:%s
                gemini: gem:%s
                """.formatted(CLAUDE, GPT, GEMINI), "api_keys: [\"" + CLIENT_KEY + "\"]"));
        client = client(CLIENT_KEY);
    }

    private static AnthropicClient client(String key) {
        return AnthropicOkHttpClient.builder()
                .baseUrl(gateway.baseUrl().replaceFirst("/v1$", ""))
                .apiKey(key)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
            if (gateway != null) {
                gateway.close(); // fails the test on a leak report
            }
        } finally {
            for (MockUpstream m : new MockUpstream[] {anthropic, openAi, gemini}) {
                if (m != null) {
                    m.close();
                }
            }
        }
    }

    @BeforeEach
    void clear() {
        anthropic.clearRecordedRequests();
        openAi.clearRecordedRequests();
        gemini.clearRecordedRequests();
    }

    private static MessageCreateParams hello(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(256).system("You are terse.")
                .addUserMessage("Hello!").build();
    }

    private static String text(Message m) {
        return m.content().stream().flatMap(b -> b.text().stream()).map(t -> t.text()).collect(Collectors.joining());
    }

    private static Message streamed(MessageCreateParams params) {
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            stream.stream().forEach(acc::accumulate);
        }
        return acc.message();
    }

    private static Tool weatherTool() {
        return Tool.builder().name("get_weather").description("Current weather of a city")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(Tool.InputSchema.Properties.builder()
                                .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string")))
                                .build())
                        .required(List.of("city"))
                        .build())
                .build();
    }

    private static JsonNode lastBody(MockUpstream upstream) {
        List<RecordedRequest> seen = upstream.recordedRequests();
        assertThat(seen).isNotEmpty();
        return SdkCalls.json(seen.get(seen.size() - 1).body());
    }

    // ---- pass-through to Anthropic --------------------------------------------------------------

    @Test
    void toAnthropicTheRequestGoesAsItWasSent() {
        Message m = client.messages().create(hello("claude"));

        assertThat(text(m)).isEqualTo(MockContent.full(CLAUDE, PIECES));
        assertThat(m.stopReason()).contains(StopReason.END_TURN);
        assertThat(m.usage().inputTokens()).isEqualTo(10);
        RecordedRequest seen = anthropic.recordedRequests().get(0);
        assertThat(seen.uri()).isEqualTo("/v1/messages");
        assertThat(seen.header("x-api-key")).isEqualTo(ANTHROPIC_KEY);
        assertThat(seen.header("anthropic-version")).as("the SDK's own version, passed through").isEqualTo("2026-10-21");
        assertThat(seen.headers().toString()).doesNotContain(CLIENT_KEY);
        JsonNode body = SdkCalls.json(seen.body());
        assertThat(body.path("model").asText()).isEqualTo(CLAUDE);
        assertThat(body.path("system").asText()).isEqualTo("You are terse.");
    }

    @Test
    void toAnthropicAStreamIsRelayedEventByEvent() {
        Message m = streamed(hello("claude"));

        assertThat(text(m)).isEqualTo(MockContent.full(CLAUDE, PIECES));
        assertThat(m.stopReason()).contains(StopReason.END_TURN);
        assertThat(m.usage().outputTokens()).isEqualTo(PIECES);
    }

    @Test
    void toAnthropicAToolRoundTrip() {
        ToolUseBlock use = assertToolRoundTrip("claude", true);
        JsonNode result = lastBody(anthropic).at("/messages/2/content/0");
        assertThat(result.path("type").asText()).isEqualTo("tool_result");
        assertThat(result.path("tool_use_id").asText()).isEqualTo(use.id());
    }

    @Test
    void toAnthropicTokensAreCountedByAnthropic() {
        long n = client.messages().countTokens(MessageCountTokensParams.builder().model("claude")
                .addUserMessage("How many tokens?").build()).inputTokens();

        assertThat(n).isEqualTo(10);
        assertThat(anthropic.recordedRequests().get(0).uri()).isEqualTo("/v1/messages/count_tokens");
    }

    // ---- translated to chat providers -----------------------------------------------------------

    @Test
    void toOpenAiTheRequestIsTranslatedAndTheAnswerComesBackAsAMessage() {
        Message m = client.messages().create(hello("gpt"));

        assertThat(text(m)).isEqualTo(MockContent.full(GPT, PIECES));
        assertThat(m.id()).startsWith("msg_");
        assertThat(m.model().asString()).isEqualTo(GPT);
        assertThat(m.stopReason()).contains(StopReason.END_TURN);
        assertThat(m.usage().outputTokens()).isPositive();
        RecordedRequest seen = openAi.recordedRequests().get(0);
        assertThat(seen.path()).isEqualTo("/v1/chat/completions");
        assertThat(seen.header("authorization")).isEqualTo("Bearer sk-upstream-one");
        JsonNode body = SdkCalls.json(seen.body());
        assertThat(body.path("messages").toString()).isEqualTo("[{\"role\":\"system\",\"content\":\"You are terse.\"},"
                + "{\"role\":\"user\",\"content\":\"Hello!\"}]");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(256);
    }

    @Test
    void toOpenAiAStreamBecomesTheMessagesEventSequence() {
        MessageCreateParams params = hello("gpt");
        List<String> types;
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            types = stream.stream().map(acc::accumulate).map(MessagesSdkIT::type).toList();
        }

        // The SDK parses ping and drops it: what it hands over starts with the block.
        assertThat(types.subList(0, 3)).containsExactly("message_start", "content_block_start", "content_block_delta");
        assertThat(types.subList(types.size() - 3, types.size()))
                .containsExactly("content_block_stop", "message_delta", "message_stop");
        Message m = acc.message();
        assertThat(text(m)).isEqualTo(MockContent.full(GPT, PIECES));
        assertThat(m.stopReason()).contains(StopReason.END_TURN);
        assertThat(m.usage().outputTokens()).isPositive();
        assertThat(m.usage().inputTokens()).as("the provider's count, from message_delta").isPositive();
        assertThat(lastBody(openAi).path("stream_options").path("include_usage").asBoolean()).isTrue();
    }

    private static String type(RawMessageStreamEvent e) {
        return e.isMessageStart() ? "message_start" : e.isContentBlockStart() ? "content_block_start"
                : e.isContentBlockDelta() ? "content_block_delta" : e.isContentBlockStop() ? "content_block_stop"
                : e.isMessageDelta() ? "message_delta" : e.isMessageStop() ? "message_stop" : "other";
    }

    @Test
    void toGeminiAToolRoundTripStreamedAndNot() {
        for (boolean stream : new boolean[] {false, true}) {
            assertToolRoundTrip("gemini", stream);
            JsonNode contents = lastBody(gemini).path("contents");
            assertThat(contents.get(1).at("/parts/0/functionCall/name").asText()).isEqualTo("get_weather");
            assertThat(contents.get(2).at("/parts/0/functionResponse/name").asText()).isEqualTo("get_weather");
        }
    }

    @Test
    void toOthersTokensAreTheGatewaysEstimate() {
        long n = client.messages().countTokens(MessageCountTokensParams.builder().model("gpt")
                .addUserMessage("How many tokens?").build()).inputTokens();

        assertThat(n).isPositive();
        assertThat(openAi.recordedRequests()).isEmpty();
    }

    /** The model calls get_weather; the tool's result goes back; the model answers in text. */
    private static ToolUseBlock assertToolRoundTrip(String model, boolean stream) {
        MessageCreateParams ask = MessageCreateParams.builder().model(model).maxTokens(256)
                .addUserMessage("Weather in Paris?").addTool(weatherTool()).build();
        Message call = stream ? streamed(ask) : client.messages().create(ask);

        assertThat(call.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock use = call.content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
        assertThat(use.name()).isEqualTo("get_weather");
        assertThat(use._input().toString()).contains("city");
        MessageCreateParams answer = ask.toBuilder().addMessage(call)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                        .toolUseId(use.id()).content("{\"temp_c\":18}").build())))
                .build();
        Message reply = stream ? streamed(answer) : client.messages().create(answer);

        assertThat(reply.stopReason()).contains(StopReason.END_TURN);
        assertThat(reply.content()).anySatisfy(b -> assertThat(b.isText()).isTrue());
        return use;
    }

    // ---- errors and aborts ----------------------------------------------------------------------

    @Test
    void anUnknownModelIsNotFoundError() {
        assertThatThrownBy(() -> client.messages().create(hello("no-such-model")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.errorType()).contains(ErrorType.NOT_FOUND_ERROR);
                    assertThat(e.apiMessage().orElse("")).contains("no-such-model");
                });
    }

    @Test
    void aWrongKeyIsAuthenticationError() {
        AnthropicClient wrong = client("not-the-key");
        try {
            assertThatThrownBy(() -> wrong.messages().create(hello("claude")))
                    .isInstanceOfSatisfying(UnauthorizedException.class,
                            e -> assertThat(e.errorType()).contains(ErrorType.AUTHENTICATION_ERROR));
        } finally {
            wrong.close();
        }
        assertThat(anthropic.recordedRequests()).isEmpty();
    }

    @Test
    void aClientThatLeavesMidStreamLeavesTheGatewayServing() {
        for (String model : new String[] {"claude", "gpt"}) {
            MessageCreateParams slow = hello(model).toBuilder()
                    .putAdditionalHeader("x-mock-chunks", "200")
                    .putAdditionalHeader("x-mock-chunk-interval-ms", "20")
                    .build();
            try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(slow)) {
                Iterator<RawMessageStreamEvent> it = stream.stream().iterator();
                assertThat(it.next().isMessageStart()).isTrue();
                assertThat(it.hasNext()).isTrue();
            }
            assertThat(text(client.messages().create(hello(model)))).isNotEmpty();
        }
    }
}
