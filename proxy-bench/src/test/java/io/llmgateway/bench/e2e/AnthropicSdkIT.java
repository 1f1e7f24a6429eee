package io.llmgateway.bench.e2e;

import static io.llmgateway.bench.e2e.SdkCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.completions.CompletionUsage;
import io.llmgateway.bench.mock.MockContent;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.RecordedRequest;
import io.llmgateway.bench.mock.providers.AnthropicMock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official OpenAI SDK through the real gateway to a mock of Anthropic's Messages API that
 * refuses what Anthropic refuses ({@link AnthropicMock}, roles alternating as strictly as the API
 * ever required): every answer below is also proof that the translated request was one Anthropic
 * accepts.
 */
class AnthropicSdkIT {

    private static final String KEY = "sk-ant-e2e";
    private static final String MODEL = "claude-sonnet-4-5";
    private static final int PIECES = 4;
    private static final String TEXT = MockContent.full(MODEL, PIECES);

    @RegisterExtension
    static final ProviderGateway gw = new ProviderGateway(
            () -> AnthropicMock.builder().apiKey(KEY).options(MockOptions.builder().chunks(PIECES).build()).start(),
            mock -> GatewayConfigs.withProviders("""
                    - id: claude
                      type: anthropic
                      base_url: "%1$s/v1"
                      keys:
                        - id: c1
                          secret: "%2$s"
                    - id: claude-faults
                      type: anthropic
                      base_url: "%1$s/v1"
                      keys:
                        - id: c1-faults
                          secret: "%2$s"
                    - id: claude-misconfigured
                      type: anthropic
                      base_url: "%1$s/v1"
                      keys:
                        - id: wrong
                          secret: "sk-ant-revoked"
                    """.formatted(mock.baseUrl(), KEY), """
                    claude: claude:%1$s
                    claude-bad-key: claude-misconfigured:%1$s
                    claude-faults: claude-faults:%1$s
                    """.formatted(MODEL)));

    @Test
    void chatBecomesAMessagesRequestWithWhatAnthropicRequires() {
        ChatCompletion reply = gw.assertAnswers(ChatCompletionCreateParams.builder()
                .model("claude").addSystemMessage("You are terse.").addUserMessage("Hello!").build(), TEXT);

        assertThat(reply.id()).startsWith("chatcmpl-");
        assertThat(reply.model()).isEqualTo(MODEL);
        assertThat(reply.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isEqualTo(10);
            assertThat(u.completionTokens()).isEqualTo(PIECES);
            assertThat(u.totalTokens()).isEqualTo(10 + PIECES);
        });
        RecordedRequest seen = gw.last();
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
        gw.assertAnswers(ChatCompletionCreateParams.builder()
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
                .build(), TEXT);

        JsonNode body = gw.lastBody();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(300);
        assertThat(body.path("stop_sequences").toString()).isEqualTo("[\"END\"]");
        assertThat(body.path("metadata").path("user_id").asText()).isEqualTo("user-42");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.has("seed")).isFalse();
        assertThat(body.path("system").toString()).contains("Answer in French.");
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageChunk() {
        gw.assertStreamHasNoUsageChunk("claude", TEXT);

        assertThat(gw.lastBody().path("stream").asBoolean()).isTrue();
        assertThat(gw.lastBody().has("stream_options")).isFalse();
    }

    @Test
    void streamWithIncludeUsageEndsWithTheUsageChunk() {
        CompletionUsage usage = gw.assertStreamEndsWithUsage("claude", TEXT);

        assertThat(usage.promptTokens()).isEqualTo(10);
        assertThat(usage.completionTokens()).isEqualTo(PIECES);
    }

    @Test
    void aToolCallComesBackAsToolCallsAndTheToolResultGetsAnAnswer() {
        ChatCompletionMessageFunctionToolCall call = gw.assertToolRoundTrip("claude", TEXT);

        JsonNode first = json(gw.upstream().recordedRequests().get(0).body());
        assertThat(first.at("/tools/0/name").asText()).isEqualTo("get_weather");
        assertThat(first.at("/tools/0/input_schema/required").toString()).isEqualTo("[\"city\"]");
        JsonNode messages = gw.lastBody().path("messages");
        assertThat(messages.get(1).path("content").findValuesAsText("id")).containsExactly(call.id());
        JsonNode result = messages.get(2).path("content").get(0);
        assertThat(result.path("type").asText()).isEqualTo("tool_result");
        assertThat(result.path("tool_use_id").asText()).isEqualTo(call.id());
    }

    @Test
    void aStreamedToolCallAccumulatesToTheSameCall() {
        ChatCompletion reply = gw.assertStreamedToolCall("claude");

        assertThat(reply.choices().get(0).message().content()).as("Claude's text before the call").contains(TEXT);
    }

    @Test
    void jsonModeAnswersWithAJsonObject() {
        gw.assertJsonMode("claude", false);

        assertThat(gw.lastBody().path("tool_choice").path("type").asText()).isEqualTo("tool");
        assertThat(gw.lastBody().has("response_format")).isFalse();
    }

    @Test
    void aStreamedJsonAnswerIsContentNotAToolCall() {
        gw.assertJsonMode("claude", true);
    }

    @Test
    void parallelToolResultsBecomeOneUserTurn() {
        gw.assertAnswers(SdkCalls.parallelCallsAnswered("claude", "toolu_paris", "toolu_rome"), TEXT);

        JsonNode messages = gw.lastBody().path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).path("content").findValuesAsText("id")).containsExactly("toolu_paris", "toolu_rome");
        assertThat(messages.get(2).path("content").findValuesAsText("tool_use_id"))
                .containsExactly("toolu_paris", "toolu_rome");
    }

    @Test
    void aNamedToolChoiceForcesThatTool() {
        ChatCompletion reply = gw.client().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude").addUserMessage("Weather?").addTool(SdkCalls.weatherTool())
                .toolChoice(ChatCompletionNamedToolChoice.builder()
                        .function(ChatCompletionNamedToolChoice.Function.builder().name("get_weather").build())
                        .build())
                .build());

        assertThat(SdkCalls.onlyFunctionCall(reply).function().name()).isEqualTo("get_weather");
        assertThat(gw.lastBody().path("tool_choice").toString()).isEqualTo("{\"type\":\"tool\",\"name\":\"get_weather\"}");
    }

    @Test
    void anImageBecomesABase64ImageBlock() {
        gw.assertAnswers(SdkCalls.imageQuestion("claude"), TEXT);

        JsonNode image = gw.lastBody().at("/messages/0/content/1");
        assertThat(image.path("type").asText()).isEqualTo("image");
        assertThat(image.path("source").toString())
                .isEqualTo("{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}");
    }

    @Test
    void reasoningEffortBecomesAThinkingBudgetAnthropicAccepts() {
        gw.assertAnswers(ChatCompletionCreateParams.builder()
                .model("claude").addUserMessage("Think").reasoningEffort(ReasoningEffort.LOW).temperature(0.3).build(),
                TEXT);

        JsonNode body = gw.lastBody();
        assertThat(body.at("/thinking/budget_tokens").asInt()).isEqualTo(1024);
        assertThat(body.path("max_tokens").asInt()).isGreaterThan(1024);
    }

    @Test
    void legacyCompletionsGoThroughTheMessagesApi() {
        gw.assertLegacyCompletion("claude", TEXT);

        assertThat(gw.lastBody().path("max_tokens").asInt()).as("OpenAI's default for /completions").isEqualTo(16);
    }

    @Test
    void anthropicErrorsReachTheSdkAsTheRightExceptions() {
        gw.assertErrorsReachTheSdk("claude-faults", 529, true, "claude-bad-key", "sk-ant-revoked");
    }

    @Test
    void anErrorEventMidStreamIsOneSdkErrorAndNoDone() throws Exception {
        gw.assertErrorEventMidStream("claude", "Overloaded", MockContent.piece(MODEL, 1));
    }

    /**
     * Regression (found by testing as a user): JSON answers of translated providers lacked
     * {@code x-upstream-request-id}, which streams had: the translated body is answered with it
     * ({@code UpstreamAttempt} and {@code ExchangeResponses}, proxy-core).
     */
    @Test
    void theProvidersRequestIdComesBackWithAJsonAnswer() {
        HttpResponseFor<ChatCompletion> raw = gw.client().chat().completions().withRawResponse().create(
                ChatCompletionCreateParams.builder().model("claude").addUserMessage("Hello!").build());

        assertThat(raw.parse().choices()).hasSize(1);
        assertThat(raw.headers().values("x-upstream-request-id")).singleElement().asString().startsWith("req_");
    }

    @Test
    void aClientDisconnectMidStreamClosesTheAnthropicStream() throws Exception {
        gw.assertDisconnectCancelsUpstream("claude");
    }
}
