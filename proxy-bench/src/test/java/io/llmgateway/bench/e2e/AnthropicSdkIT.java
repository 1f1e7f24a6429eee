package io.llmgateway.bench.e2e;

import static io.llmgateway.bench.e2e.SdkCalls.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.models.ReasoningEffort;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import io.llmgateway.bench.mock.MockContent;
import io.llmgateway.bench.mock.MockHeaders;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.mock.RecordedRequest;
import io.llmgateway.bench.mock.providers.AnthropicMock;
import io.llmgateway.bench.testing.RawHttp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI SDK through the real gateway to a mock of Anthropic's Messages API that
 * refuses what Anthropic refuses ({@link AnthropicMock}): every answer below is also proof that
 * the translated request was one Anthropic accepts.
 */
class AnthropicSdkIT {

    private static final String KEY = "sk-ant-e2e";
    private static final String MODEL = "claude-sonnet-4-5";
    private static final int PIECES = 4;

    private static MockUpstream claude;
    private static GatewayProcess gateway;
    private static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        claude = AnthropicMock.builder().apiKey(KEY).options(MockOptions.builder().chunks(PIECES).build()).start();
        gateway = GatewayProcess.start(GatewayConfigs.withProviders("""
                - id: claude
                  type: anthropic
                  base_url: "%1$s/v1"
                  keys:
                    - id: c1
                      secret: "%2$s"
                - id: claude-misconfigured
                  type: anthropic
                  base_url: "%1$s/v1"
                  keys:
                    - id: wrong
                      secret: "sk-ant-revoked"
                """.formatted(claude.baseUrl(), KEY), """
                claude: claude:%1$s
                claude-bad-key: claude-misconfigured:%1$s
                """.formatted(MODEL)));
        client = SdkCalls.client(gateway);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (claude != null) {
            claude.close();
        }
    }

    @BeforeEach
    void clear() {
        claude.clearRecordedRequests();
    }

    private static JsonNode lastBody() {
        List<RecordedRequest> seen = claude.recordedRequests();
        return json(seen.get(seen.size() - 1).body());
    }

    @Test
    void chatBecomesAMessagesRequestWithWhatAnthropicRequires() {
        ChatCompletion reply = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude")
                .addSystemMessage("You are terse.")
                .addUserMessage("Hello!")
                .build());

        assertThat(reply.id()).startsWith("chatcmpl-");
        assertThat(reply.model()).isEqualTo(MODEL);
        assertThat(reply.choices()).singleElement().satisfies(c -> {
            assertThat(c.message().content()).contains(MockContent.full(MODEL, PIECES));
            assertThat(c.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        });
        assertThat(reply.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isEqualTo(10);
            assertThat(u.completionTokens()).isEqualTo(PIECES);
            assertThat(u.totalTokens()).isEqualTo(10 + PIECES);
        });

        RecordedRequest seen = claude.recordedRequests().get(0);
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.uri()).isEqualTo("/v1/messages");
        assertThat(seen.header("x-api-key")).isEqualTo(KEY);
        assertThat(seen.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(seen.header("authorization")).isNull();
        assertThat(seen.headers().toString()).doesNotContain("client-key-never-forwarded");
        JsonNode body = json(seen.body());
        assertThat(body.path("model").asText()).isEqualTo(MODEL);
        assertThat(body.path("max_tokens").asInt()).as("max_tokens is required by Anthropic").isPositive();
        assertThat(body.path("system").toString()).isEqualTo("[{\"type\":\"text\",\"text\":\"You are terse.\"}]");
        assertThat(body.path("messages").toString()).doesNotContain("\"system\"").contains("Hello!");
    }

    @Test
    void openAiParametersAreTranslatedNotForwarded() {
        ChatCompletion reply = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude")
                .addDeveloperMessage("Answer in French.")
                .addUserMessage("Hello!")
                .maxCompletionTokens(300)
                .temperature(0.5)
                .topP(0.9)
                .stop("END")
                .user("user-42")
                .seed(7)
                .presencePenalty(0.1)
                .frequencyPenalty(0.1)
                .n(1)
                .parallelToolCalls(true)
                .build());

        assertThat(reply.choices().get(0).message().content()).contains(MockContent.full(MODEL, PIECES));
        JsonNode body = lastBody();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(300);
        assertThat(body.path("stop_sequences").toString()).isEqualTo("[\"END\"]");
        assertThat(body.path("metadata").path("user_id").asText()).isEqualTo("user-42");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.has("seed")).isFalse();
        assertThat(body.path("system").toString()).contains("Answer in French.");
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageChunk() {
        List<ChatCompletionChunk> chunks = SdkCalls.stream(client, ChatCompletionCreateParams.builder()
                .model("claude").addUserMessage("Count").build());

        assertThat(SdkCalls.text(chunks)).isEqualTo(MockContent.full(MODEL, PIECES));
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.usage()).isEmpty();
            assertThat(c.choices()).hasSize(1);
        });
        assertThat(chunks.get(chunks.size() - 1).choices().get(0).finishReason())
                .contains(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(lastBody().path("stream").asBoolean()).isTrue();
        assertThat(lastBody().has("stream_options")).isFalse();
    }

    @Test
    void streamWithIncludeUsageEndsWithTheUsageChunk() {
        List<ChatCompletionChunk> chunks = SdkCalls.stream(client, ChatCompletionCreateParams.builder()
                .model("claude").addUserMessage("Count")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build());

        assertThat(SdkCalls.text(chunks)).isEqualTo(MockContent.full(MODEL, PIECES));
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isEqualTo(10);
            assertThat(u.completionTokens()).isEqualTo(PIECES);
        });
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> assertThat(c.usage()).isEmpty());
    }

    @Test
    void aToolCallComesBackAsToolCallsAndTheToolResultGetsAnAnswer() {
        String question = "Weather in Paris?";
        ChatCompletion first = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude").addUserMessage(question).addTool(SdkCalls.weatherTool()).build());

        ChatCompletionMessageFunctionToolCall call = SdkCalls.onlyFunctionCall(first);
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(json(call.function().arguments()).path("city").asText()).isEqualTo("mock");
        JsonNode tools = lastBody().path("tools");
        assertThat(tools.get(0).path("name").asText()).isEqualTo("get_weather");
        assertThat(tools.get(0).path("input_schema").path("required").toString()).isEqualTo("[\"city\"]");

        ChatCompletion second = client.chat().completions().create(
                SdkCalls.toolResultTurn("claude", question, first, "18C and cloudy"));

        assertThat(second.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(second.choices().get(0).message().content()).contains(MockContent.full(MODEL, PIECES));
        JsonNode messages = lastBody().path("messages");
        assertThat(messages.get(1).path("content").findValuesAsText("id")).containsExactly(call.id());
        JsonNode result = messages.get(2).path("content").get(0);
        assertThat(result.path("type").asText()).isEqualTo("tool_result");
        assertThat(result.path("tool_use_id").asText()).isEqualTo(call.id());
    }

    @Test
    void aStreamedToolCallAccumulatesToTheSameCall() {
        List<ChatCompletionChunk> chunks = SdkCalls.stream(client, ChatCompletionCreateParams.builder()
                .model("claude").addUserMessage("Weather in Paris?").addTool(SdkCalls.weatherTool()).build());

        ChatCompletion reply = SdkCalls.accumulate(chunks);
        ChatCompletionMessageFunctionToolCall call = SdkCalls.onlyFunctionCall(reply);
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(json(call.function().arguments())).isEqualTo(json("{\"city\":\"mock\",\"days\":1}"));
        assertThat(reply.choices().get(0).message().content()).contains(MockContent.full(MODEL, PIECES));
    }

    @Test
    void jsonModeAnswersWithAJsonObject() {
        ChatCompletion reply = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude").addUserMessage("Give me JSON")
                .responseFormat(ResponseFormatJsonObject.builder().build())
                .build());

        assertThat(reply.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(reply.choices().get(0).message().toolCalls().orElse(List.of())).isEmpty();
        JsonNode content = json(reply.choices().get(0).message().content().orElseThrow());
        assertThat(content.isObject()).isTrue();
        assertThat(lastBody().path("tool_choice").path("type").asText()).isEqualTo("tool");
        assertThat(lastBody().has("response_format")).isFalse();
    }

    @Test
    void parallelToolResultsBecomeOneUserTurn() {
        ChatCompletion reply = client.chat().completions().create(
                SdkCalls.parallelCallsAnswered("claude", "toolu_paris", "toolu_rome"));

        assertThat(reply.choices().get(0).message().content()).contains(MockContent.full(MODEL, PIECES));
        JsonNode messages = lastBody().path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).path("content").findValuesAsText("id")).containsExactly("toolu_paris", "toolu_rome");
        assertThat(messages.get(2).path("content").findValuesAsText("tool_use_id"))
                .containsExactly("toolu_paris", "toolu_rome");
    }

    @Test
    void aNamedToolChoiceForcesThatTool() {
        ChatCompletion reply = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude").addUserMessage("Weather?").addTool(SdkCalls.weatherTool())
                .toolChoice(ChatCompletionNamedToolChoice.builder()
                        .function(ChatCompletionNamedToolChoice.Function.builder().name("get_weather").build())
                        .build())
                .build());

        assertThat(SdkCalls.onlyFunctionCall(reply).function().name()).isEqualTo("get_weather");
        assertThat(lastBody().path("tool_choice").toString()).isEqualTo("{\"type\":\"tool\",\"name\":\"get_weather\"}");
    }

    @Test
    void aStreamedJsonAnswerIsContentNotAToolCall() {
        ChatCompletion reply = SdkCalls.accumulate(SdkCalls.stream(client, ChatCompletionCreateParams.builder()
                .model("claude").addUserMessage("Give me JSON")
                .responseFormat(ResponseFormatJsonObject.builder().build())
                .build()));

        assertThat(reply.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(reply.choices().get(0).message().toolCalls().orElse(List.of())).isEmpty();
        assertThat(json(reply.choices().get(0).message().content().orElseThrow()).isObject()).isTrue();
    }

    @Test
    void anImageBecomesABase64ImageBlock() {
        ChatCompletion reply = client.chat().completions().create(SdkCalls.imageQuestion("claude"));

        assertThat(reply.choices().get(0).message().content()).contains(MockContent.full(MODEL, PIECES));
        JsonNode image = lastBody().at("/messages/0/content/1");
        assertThat(image.path("type").asText()).isEqualTo("image");
        assertThat(image.path("source").toString())
                .isEqualTo("{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}");
    }

    @Test
    void reasoningEffortBecomesAThinkingBudgetAnthropicAccepts() {
        ChatCompletion reply = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude").addUserMessage("Think").reasoningEffort(ReasoningEffort.LOW).temperature(0.3).build());

        assertThat(reply.choices().get(0).message().content()).contains(MockContent.full(MODEL, PIECES));
        JsonNode body = lastBody();
        assertThat(body.at("/thinking/budget_tokens").asInt()).isEqualTo(1024);
        assertThat(body.path("max_tokens").asInt()).isGreaterThan(1024);
    }

    @Test
    void legacyCompletionsGoThroughTheMessagesApi() {
        Completion completion = client.completions().create(CompletionCreateParams.builder()
                .model("claude").prompt("Say this is a test").build());

        assertThat(completion.choices()).singleElement().satisfies(c ->
                assertThat(c.text()).isEqualTo(MockContent.full(MODEL, PIECES)));
        assertThat(lastBody().path("max_tokens").asInt()).as("OpenAI's default for /completions").isEqualTo(16);
    }

    @Test
    void anthropicErrorsReachTheSdkAsTheRightExceptions() {
        assertThatThrownBy(() -> client.chat().completions().create(params(MockHeaders.STATUS, "400")))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.statusCode()).isEqualTo(400));

        assertThatThrownBy(() -> client.chat().completions().create(params(MockHeaders.STATUS, "429")))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after")).containsExactly("1");
                });

        assertThatThrownBy(() -> client.chat().completions().create(params(MockHeaders.STATUS, "529")))
                .as("Anthropic's 529 overloaded is a 503 for OpenAI clients")
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.code()).contains("overloaded");
                });

        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-bad-key").addUserMessage("x").build()))
                .as("a key Anthropic refuses is the gateway's misconfiguration, not the client's")
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.code()).contains("upstream_authentication_failed");
                    assertThat(e.getMessage()).doesNotContain("sk-ant-revoked");
                });
    }

    private static ChatCompletionCreateParams params(String header, String value) {
        return ChatCompletionCreateParams.builder().model("claude").addUserMessage("x")
                .putAdditionalHeader(header, value).build();
    }

    @Test
    void anErrorEventMidStreamIsOneSdkErrorAndNoDone() throws Exception {
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model("claude").addUserMessage("x")
                            .putAdditionalHeader(MockHeaders.FAULT, "error-mid-stream").build())) {
                stream.stream().forEach(c -> { });
            }
        }).hasMessageContaining("Overloaded");

        RawHttp.Response raw = SdkCalls.rawFailedStream(gateway, "claude",
                Map.of(MockHeaders.FAULT, "error-mid-stream"));
        SdkCalls.assertFailedStream(raw, MockContent.piece(MODEL, 1));
        assertThat(raw.body()).doesNotContain("event:").contains("Overloaded");
    }

    @Test
    void aClientDisconnectMidStreamClosesTheAnthropicStream() throws Exception {
        SdkCalls.disconnectMidStream(gateway, "claude", claude);
    }
}
