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
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.llmgateway.bench.mock.MockContent;
import io.llmgateway.bench.mock.MockHeaders;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.mock.RecordedRequest;
import io.llmgateway.bench.mock.providers.GeminiMock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI SDK through the real gateway to a mock of Google's Gemini API on its AI
 * Studio and Vertex AI URLs that refuses what Google refuses ({@link GeminiMock}): every answer
 * below is also proof that the translated request was one Google accepts.
 */
class GeminiSdkIT {

    private static final String KEY = "AIza-e2e";
    private static final String TOKEN = "ya29.e2e";
    private static final String PROJECT = "p-e2e";
    private static final String MODEL = "gemini-2.5-flash";
    private static final int PIECES = 4;
    /** The mock's thought tokens, which OpenAI counts as completion (reasoning) tokens. */
    private static final int THOUGHTS = 3;

    private static MockUpstream google;
    private static GatewayProcess gateway;
    private static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        google = GeminiMock.builder().apiKey(KEY).accessToken(TOKEN).project(PROJECT)
                .options(MockOptions.builder().chunks(PIECES).embeddingDimensions(8).build()).start();
        gateway = GatewayProcess.start(GatewayConfigs.withProviders("""
                - id: gemini
                  type: gemini
                  base_url: "%1$s/v1beta"
                  keys:
                    - id: g1
                      secret: "%2$s"
                - id: gemini-misconfigured
                  type: gemini
                  base_url: "%1$s/v1beta"
                  keys:
                    - id: wrong
                      secret: "AIza-revoked"
                - id: vertex
                  type: vertex
                  base_url: "%1$s"
                  project: "%3$s"
                  location: "us-central1"
                  keys:
                    - id: v1
                      secret: "%4$s"
                """.formatted(google.baseUrl(), KEY, PROJECT, TOKEN), """
                gemini: gemini:%1$s
                gemini-embed: gemini:gemini-embedding-001
                gemini-bad-key: gemini-misconfigured:%1$s
                vertex: vertex:%1$s
                vertex-embed: vertex:text-embedding-005
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
        if (google != null) {
            google.close();
        }
    }

    @BeforeEach
    void clear() {
        google.clearRecordedRequests();
    }

    private static RecordedRequest last() {
        List<RecordedRequest> seen = google.recordedRequests();
        return seen.get(seen.size() - 1);
    }

    @Test
    void chatBecomesGenerateContentWithWhatGoogleRequires() {
        ChatCompletion reply = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini")
                .addSystemMessage("You are terse.")
                .addUserMessage("Hello!")
                .build());

        assertThat(reply.model()).isEqualTo(MODEL);
        assertThat(reply.choices()).singleElement().satisfies(c -> {
            assertThat(c.message().content()).contains(MockContent.full(MODEL, PIECES));
            assertThat(c.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        });
        assertThat(reply.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isEqualTo(10);
            assertThat(u.completionTokens()).isEqualTo(PIECES + THOUGHTS);
            assertThat(u.totalTokens()).isEqualTo(10 + PIECES + THOUGHTS);
            assertThat(u.completionTokensDetails()).hasValueSatisfying(d ->
                    assertThat(d.reasoningTokens()).contains((long) THOUGHTS));
        });

        RecordedRequest seen = last();
        assertThat(seen.uri()).isEqualTo("/v1beta/models/" + MODEL + ":generateContent");
        assertThat(seen.header("x-goog-api-key")).isEqualTo(KEY);
        assertThat(seen.header("authorization")).isNull();
        assertThat(seen.headers().toString()).doesNotContain("client-key-never-forwarded");
        JsonNode body = json(seen.body());
        assertThat(body.has("model")).isFalse();
        assertThat(body.at("/systemInstruction/parts/0/text").asText()).isEqualTo("You are terse.");
        assertThat(body.at("/contents/0/role").asText()).isEqualTo("user");
        assertThat(body.at("/contents/0/parts/0/text").asText()).isEqualTo("Hello!");
    }

    @Test
    void openAiParametersBecomeTheGenerationConfig() {
        ChatCompletion reply = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini")
                .addUserMessage("Hello!")
                .maxCompletionTokens(300)
                .temperature(0.5)
                .topP(0.9)
                .stop("END")
                .seed(7)
                .presencePenalty(0.1)
                .user("user-42")
                .n(1)
                .parallelToolCalls(true)
                .build());

        assertThat(reply.choices().get(0).message().content()).contains(MockContent.full(MODEL, PIECES));
        JsonNode config = json(last().body()).path("generationConfig");
        assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(300);
        assertThat(config.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(config.path("stopSequences").toString()).isEqualTo("[\"END\"]");
        assertThat(config.path("seed").asInt()).isEqualTo(7);
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageChunk() {
        List<ChatCompletionChunk> chunks = SdkCalls.stream(client, ChatCompletionCreateParams.builder()
                .model("gemini").addUserMessage("Count").build());

        assertThat(SdkCalls.text(chunks)).isEqualTo(MockContent.full(MODEL, PIECES));
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.usage()).isEmpty();
            assertThat(c.choices()).hasSize(1);
        });
        assertThat(last().uri()).isEqualTo("/v1beta/models/" + MODEL + ":streamGenerateContent?alt=sse");
    }

    @Test
    void streamWithIncludeUsageEndsWithTheUsageChunk() {
        List<ChatCompletionChunk> chunks = SdkCalls.stream(client, ChatCompletionCreateParams.builder()
                .model("gemini").addUserMessage("Count")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build());

        assertThat(SdkCalls.text(chunks)).isEqualTo(MockContent.full(MODEL, PIECES));
        ChatCompletionChunk lastChunk = chunks.get(chunks.size() - 1);
        assertThat(lastChunk.choices()).isEmpty();
        assertThat(lastChunk.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isEqualTo(10);
            assertThat(u.completionTokens()).isEqualTo(PIECES + THOUGHTS);
        });
        assertThat(chunks.stream().flatMap(c -> c.choices().stream())
                .filter(ch -> ch.finishReason().isPresent())).hasSize(1);
    }

    @Test
    void aFunctionCallRoundTripKeepsTheThoughtSignature() {
        String question = "Weather in Paris?";
        ChatCompletion first = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini").addUserMessage(question).addTool(SdkCalls.weatherTool()).build());

        ChatCompletionMessageFunctionToolCall call = SdkCalls.onlyFunctionCall(first);
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(json(call.function().arguments())).isEqualTo(json("{\"city\":\"mock\",\"days\":1}"));
        JsonNode parameters = json(last().body()).at("/tools/0/functionDeclarations/0/parameters");
        assertThat(parameters.has("additionalProperties")).as("Gemini's schema subset has no additionalProperties")
                .isFalse();

        ChatCompletion second = client.chat().completions().create(
                SdkCalls.toolResultTurn("gemini", question, first, "18C and cloudy"));

        assertThat(second.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(second.choices().get(0).message().content()).contains(MockContent.full(MODEL, PIECES));
        JsonNode contents = json(last().body()).path("contents");
        assertThat(contents.at("/1/role").asText()).isEqualTo("model");
        assertThat(contents.at("/1/parts/0/thoughtSignature").asText()).isNotEmpty();
        assertThat(contents.at("/2/parts/0/functionResponse/name").asText()).isEqualTo("get_weather");
    }

    @Test
    void aStreamedFunctionCallIsOneCompleteToolCall() {
        List<ChatCompletionChunk> chunks = SdkCalls.stream(client, ChatCompletionCreateParams.builder()
                .model("gemini").addUserMessage("Weather in Paris?").addTool(SdkCalls.weatherTool()).build());

        ChatCompletionMessageFunctionToolCall call = SdkCalls.onlyFunctionCall(SdkCalls.accumulate(chunks));
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(json(call.function().arguments())).isEqualTo(json("{\"city\":\"mock\",\"days\":1}"));
    }

    @Test
    void jsonModeAsksGeminiForJson() {
        ChatCompletion reply = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini").addUserMessage("Give me JSON")
                .responseFormat(ResponseFormatJsonObject.builder().build())
                .build());

        assertThat(json(reply.choices().get(0).message().content().orElseThrow()).isObject()).isTrue();
        assertThat(json(last().body()).at("/generationConfig/responseMimeType").asText()).isEqualTo("application/json");
    }

    @Test
    void parallelFunctionResultsBecomeOneContentWithTwoResponses() {
        String signed = "call_paris__thought__" + GeminiMock.thoughtSignature("get_weather");
        ChatCompletion reply = client.chat().completions().create(
                SdkCalls.parallelCallsAnswered("gemini", signed, "call_rome"));

        assertThat(reply.choices().get(0).message().content()).contains(MockContent.full(MODEL, PIECES));
        JsonNode contents = json(last().body()).path("contents");
        assertThat(contents).hasSize(3);
        assertThat(contents.at("/1/parts")).hasSize(2);
        assertThat(contents.at("/2/parts").findValuesAsText("name")).containsExactly("get_weather", "get_weather");
    }

    @Test
    void aNamedToolChoiceAllowsOnlyThatFunction() {
        ChatCompletion reply = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini").addUserMessage("Weather?").addTool(SdkCalls.weatherTool())
                .toolChoice(ChatCompletionNamedToolChoice.builder()
                        .function(ChatCompletionNamedToolChoice.Function.builder().name("get_weather").build())
                        .build())
                .build());

        assertThat(SdkCalls.onlyFunctionCall(reply).function().name()).isEqualTo("get_weather");
        assertThat(json(last().body()).at("/toolConfig/functionCallingConfig").toString())
                .isEqualTo("{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"get_weather\"]}");
    }

    @Test
    void aStreamedJsonAnswerIsJson() {
        ChatCompletion reply = SdkCalls.accumulate(SdkCalls.stream(client, ChatCompletionCreateParams.builder()
                .model("gemini").addUserMessage("Give me JSON")
                .responseFormat(ResponseFormatJsonObject.builder().build())
                .build()));

        assertThat(json(reply.choices().get(0).message().content().orElseThrow()).isObject()).isTrue();
    }

    @Test
    void anImageBecomesInlineData() {
        ChatCompletion reply = client.chat().completions().create(SdkCalls.imageQuestion("gemini"));

        assertThat(reply.choices().get(0).message().content()).contains(MockContent.full(MODEL, PIECES));
        assertThat(json(last().body()).at("/contents/0/parts/1/inlineData").toString())
                .isEqualTo("{\"mimeType\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}");
    }

    @Test
    void legacyCompletionsGoThroughGenerateContent() {
        Completion completion = client.completions().create(CompletionCreateParams.builder()
                .model("gemini").prompt("Say this is a test").build());

        assertThat(completion.choices()).singleElement().satisfies(c ->
                assertThat(c.text()).isEqualTo(MockContent.full(MODEL, PIECES)));
        assertThat(json(last().body()).at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(16);
    }

    @Test
    void embeddingsBecomeBatchEmbedContents() {
        CreateEmbeddingResponse r = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("gemini-embed")
                .inputOfArrayOfStrings(List.of("The quick brown fox", "jumped over the lazy dog"))
                .dimensions(4)
                .build());

        assertThat(r.data()).hasSize(2);
        assertThat(r.data()).allSatisfy(e -> assertThat(e.embedding()).hasSize(4));
        RecordedRequest seen = last();
        assertThat(seen.uri()).isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
        JsonNode requests = json(seen.body()).path("requests");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).path("model").asText()).isEqualTo("models/gemini-embedding-001");
        assertThat(requests.get(1).at("/content/parts/0/text").asText()).isEqualTo("jumped over the lazy dog");
    }

    @Test
    void vertexUsesItsUrlAndBearerToken() {
        ChatCompletion reply = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("vertex").addUserMessage("Hello!").build());
        assertThat(reply.choices().get(0).message().content()).contains(MockContent.full(MODEL, PIECES));

        RecordedRequest seen = last();
        assertThat(seen.uri()).isEqualTo("/v1/projects/" + PROJECT + "/locations/us-central1/publishers/google/models/"
                + MODEL + ":generateContent");
        assertThat(seen.header("authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(seen.header("x-goog-api-key")).isNull();
    }

    @Test
    void vertexStreamsTakeTheUsageOfTheLastChunk() {
        List<ChatCompletionChunk> chunks = SdkCalls.stream(client, ChatCompletionCreateParams.builder()
                .model("vertex").addUserMessage("Count")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build());

        assertThat(SdkCalls.text(chunks)).isEqualTo(MockContent.full(MODEL, PIECES));
        assertThat(chunks.get(chunks.size() - 1).usage()).hasValueSatisfying(u ->
                assertThat(u.completionTokens()).isEqualTo(PIECES + THOUGHTS));
    }

    @Test
    void vertexEmbeddingsBecomePredict() {
        CreateEmbeddingResponse r = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("vertex-embed").inputOfArrayOfStrings(List.of("one two", "three")).build());

        assertThat(r.data()).hasSize(2);
        assertThat(r.data().get(0).embedding()).hasSize(8);
        assertThat(r.usage().promptTokens()).isEqualTo(3);
        assertThat(last().uri()).endsWith("/publishers/google/models/text-embedding-005:predict");
    }

    @Test
    void googleErrorsReachTheSdkAsTheRightExceptions() {
        assertThatThrownBy(() -> client.chat().completions().create(params(MockHeaders.STATUS, "400")))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.statusCode()).isEqualTo(400));

        assertThatThrownBy(() -> client.chat().completions().create(params(MockHeaders.STATUS, "429")))
                .as("RESOURCE_EXHAUSTED with RetryInfo 1s")
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after")).containsExactly("1");
                });

        assertThatThrownBy(() -> client.chat().completions().create(params(MockHeaders.STATUS, "503")))
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.code()).contains("overloaded");
                });

        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini-bad-key").addUserMessage("x").build()))
                .as("Google's 400 API_KEY_INVALID is the gateway's misconfiguration, not the client's")
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.code()).contains("upstream_authentication_failed");
                    assertThat(e.getMessage()).doesNotContain("AIza-revoked");
                });
    }

    private static ChatCompletionCreateParams params(String header, String value) {
        return ChatCompletionCreateParams.builder().model("gemini").addUserMessage("x")
                .putAdditionalHeader(header, value).build();
    }

    @Test
    void anErrorChunkMidStreamIsOneSdkErrorAndNoDone() throws Exception {
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model("gemini").addUserMessage("x")
                            .putAdditionalHeader(MockHeaders.FAULT, "error-mid-stream").build())) {
                stream.stream().forEach(c -> { });
            }
        }).hasMessageContaining("overloaded");

        SdkCalls.assertFailedStream(SdkCalls.rawFailedStream(gateway, "gemini",
                Map.of(MockHeaders.FAULT, "error-mid-stream")), MockContent.piece(MODEL, 1));
    }

    @Test
    void aClientDisconnectMidStreamClosesTheGeminiStream() throws Exception {
        SdkCalls.disconnectMidStream(gateway, "gemini", google);
    }
}
