package io.llmgateway.bench.e2e;

import static io.llmgateway.bench.e2e.SdkCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.llmgateway.bench.mock.MockContent;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.RecordedRequest;
import io.llmgateway.bench.mock.providers.GeminiMock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official OpenAI SDK through the real gateway to a mock of Google's Gemini API on its AI
 * Studio and Vertex AI URLs that refuses what Google refuses ({@link GeminiMock}, thought
 * signatures required as Gemini 3 does): every answer below is also proof that the translated
 * request was one Google accepts.
 */
class GeminiSdkIT {

    private static final String KEY = "AIza-e2e";
    private static final String TOKEN = "ya29.e2e";
    private static final String PROJECT = "p-e2e";
    private static final String MODEL = "gemini-2.5-flash";
    private static final int PIECES = 4;
    private static final String TEXT = MockContent.full(MODEL, PIECES);
    /** The mock's thought tokens, which OpenAI counts as completion (reasoning) tokens. */
    private static final int THOUGHTS = 3;

    @RegisterExtension
    static final ProviderGateway gw = new ProviderGateway(
            () -> GeminiMock.builder().apiKey(KEY).accessToken(TOKEN).project(PROJECT)
                    .options(MockOptions.builder().chunks(PIECES).embeddingDimensions(8).build()).start(),
            mock -> GatewayConfigs.withProviders("""
                    - id: gemini
                      type: gemini
                      base_url: "%1$s/v1beta"
                      keys:
                        - id: g1
                          secret: "%2$s"
                    - id: gemini-faults
                      type: gemini
                      base_url: "%1$s/v1beta"
                      keys:
                        - id: g1-faults
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
                    """.formatted(mock.baseUrl(), KEY, PROJECT, TOKEN), """
                    gemini: gemini:%1$s
                    gemini-embed: gemini:gemini-embedding-001
                    gemini-bad-key: gemini-misconfigured:%1$s
                    gemini-faults: gemini-faults:%1$s
                    vertex: vertex:%1$s
                    vertex-embed: vertex:text-embedding-005
                    """.formatted(MODEL)));

    @Test
    void chatBecomesGenerateContentWithWhatGoogleRequires() {
        ChatCompletion reply = gw.assertAnswers(ChatCompletionCreateParams.builder()
                .model("gemini").addSystemMessage("You are terse.").addUserMessage("Hello!").build(), TEXT);

        assertThat(reply.model()).isEqualTo(MODEL);
        assertThat(reply.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isEqualTo(10);
            assertThat(u.completionTokens()).isEqualTo(PIECES + THOUGHTS);
            assertThat(u.totalTokens()).isEqualTo(10 + PIECES + THOUGHTS);
            assertThat(u.completionTokensDetails()).hasValueSatisfying(d ->
                    assertThat(d.reasoningTokens()).contains((long) THOUGHTS));
        });
        RecordedRequest seen = gw.last();
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
        gw.assertAnswers(ChatCompletionCreateParams.builder()
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
                .build(), TEXT);

        JsonNode config = gw.lastBody().path("generationConfig");
        assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(300);
        assertThat(config.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(config.path("stopSequences").toString()).isEqualTo("[\"END\"]");
        assertThat(config.path("seed").asInt()).isEqualTo(7);
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageChunk() {
        gw.assertStreamHasNoUsageChunk("gemini", TEXT);

        assertThat(gw.last().uri()).isEqualTo("/v1beta/models/" + MODEL + ":streamGenerateContent?alt=sse");
    }

    @Test
    void streamWithIncludeUsageEndsWithTheUsageChunk() {
        CompletionUsage usage = gw.assertStreamEndsWithUsage("gemini", TEXT);

        assertThat(usage.promptTokens()).isEqualTo(10);
        assertThat(usage.completionTokens()).isEqualTo(PIECES + THOUGHTS);
    }

    @Test
    void aFunctionCallRoundTripKeepsTheThoughtSignature() {
        gw.assertToolRoundTrip("gemini", TEXT);

        JsonNode parameters = json(gw.upstream().recordedRequests().get(0).body())
                .at("/tools/0/functionDeclarations/0/parameters");
        assertThat(parameters.has("additionalProperties")).as("Gemini's schema subset has no additionalProperties")
                .isFalse();
        JsonNode contents = gw.lastBody().path("contents");
        assertThat(contents.at("/1/role").asText()).isEqualTo("model");
        assertThat(contents.at("/1/parts/0/thoughtSignature").asText()).isEqualTo(GeminiMock.thoughtSignature("get_weather"));
        assertThat(contents.at("/2/parts/0/functionResponse/name").asText()).isEqualTo("get_weather");
    }

    @Test
    void aStreamedFunctionCallIsOneCompleteToolCall() {
        gw.assertStreamedToolCall("gemini");
    }

    @Test
    void jsonModeAsksGeminiForJson() {
        gw.assertJsonMode("gemini", false);

        assertThat(gw.lastBody().at("/generationConfig/responseMimeType").asText()).isEqualTo("application/json");
    }

    @Test
    void aStreamedJsonAnswerIsJson() {
        gw.assertJsonMode("gemini", true);
    }

    @Test
    void parallelFunctionResultsBecomeOneContentWithTwoResponses() {
        String signed = "call_paris__thought__" + GeminiMock.thoughtSignature("get_weather");
        gw.assertAnswers(SdkCalls.parallelCallsAnswered("gemini", signed, "call_rome"), TEXT);

        JsonNode contents = gw.lastBody().path("contents");
        assertThat(contents).hasSize(3);
        assertThat(contents.at("/1/parts")).hasSize(2);
        assertThat(contents.at("/2/parts").findValuesAsText("name")).containsExactly("get_weather", "get_weather");
    }

    /**
     * Regression (found by testing as a user): a conversation whose tool calls Gemini did not make
     * (ids minted by OpenAI or Anthropic: a fallback to Gemini mid-conversation, a client that
     * rewrote the ids) reached Gemini 3 without a {@code thoughtSignature} and was refused with a
     * 400. Google documents a dummy signature, {@code skip_thought_signature_validator}, for exactly
     * this case; {@code GeminiContents} (proxy-adapters) sends it when the id has no {@code __thought__}.
     */
    @Test
    void aToolCallMadeByAnotherProviderCanBeContinuedOnGemini() {
        gw.assertAnswers(SdkCalls.parallelCallsAnswered("gemini", "call_8f3a2b1c", "toolu_01NRLabs"), TEXT);
    }

    @Test
    void aNamedToolChoiceAllowsOnlyThatFunction() {
        ChatCompletion reply = gw.client().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gemini").addUserMessage("Weather?").addTool(SdkCalls.weatherTool())
                .toolChoice(ChatCompletionNamedToolChoice.builder()
                        .function(ChatCompletionNamedToolChoice.Function.builder().name("get_weather").build())
                        .build())
                .build());

        assertThat(SdkCalls.onlyFunctionCall(reply).function().name()).isEqualTo("get_weather");
        assertThat(gw.lastBody().at("/toolConfig/functionCallingConfig").toString())
                .isEqualTo("{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"get_weather\"]}");
    }

    @Test
    void anImageBecomesInlineData() {
        gw.assertAnswers(SdkCalls.imageQuestion("gemini"), TEXT);

        assertThat(gw.lastBody().at("/contents/0/parts/1/inlineData").toString())
                .isEqualTo("{\"mimeType\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}");
    }

    @Test
    void legacyCompletionsGoThroughGenerateContent() {
        gw.assertLegacyCompletion("gemini", TEXT);

        assertThat(gw.lastBody().at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(16);
    }

    @Test
    void embeddingsBecomeBatchEmbedContents() {
        CreateEmbeddingResponse r = gw.client().embeddings().create(EmbeddingCreateParams.builder()
                .model("gemini-embed")
                .inputOfArrayOfStrings(List.of("The quick brown fox", "jumped over the lazy dog"))
                .dimensions(4)
                .build());

        assertThat(r.data()).hasSize(2);
        assertThat(r.data()).allSatisfy(e -> assertThat(e.embedding()).hasSize(4));
        RecordedRequest seen = gw.last();
        assertThat(seen.uri()).isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
        JsonNode requests = json(seen.body()).path("requests");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).path("model").asText()).isEqualTo("models/gemini-embedding-001");
        assertThat(requests.get(1).at("/content/parts/0/text").asText()).isEqualTo("jumped over the lazy dog");
    }

    @Test
    void vertexUsesItsUrlAndBearerToken() {
        gw.assertAnswers(ChatCompletionCreateParams.builder().model("vertex").addUserMessage("Hello!").build(), TEXT);

        RecordedRequest seen = gw.last();
        assertThat(seen.uri()).isEqualTo("/v1/projects/" + PROJECT + "/locations/us-central1/publishers/google/models/"
                + MODEL + ":generateContent");
        assertThat(seen.header("authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(seen.header("x-goog-api-key")).isNull();
    }

    @Test
    void vertexStreamsTakeTheUsageOfTheLastChunk() {
        assertThat(gw.assertStreamEndsWithUsage("vertex", TEXT).completionTokens()).isEqualTo(PIECES + THOUGHTS);
    }

    @Test
    void vertexEmbeddingsBecomePredict() {
        CreateEmbeddingResponse r = gw.client().embeddings().create(EmbeddingCreateParams.builder()
                .model("vertex-embed").inputOfArrayOfStrings(List.of("one two", "three")).build());

        assertThat(r.data()).hasSize(2);
        assertThat(r.data().get(0).embedding()).hasSize(8);
        assertThat(r.usage().promptTokens()).isEqualTo(3);
        assertThat(gw.last().uri()).endsWith("/publishers/google/models/text-embedding-005:predict");
    }

    @Test
    void googleErrorsReachTheSdkAsTheRightExceptions() {
        // 429 is RESOURCE_EXHAUSTED with RetryInfo 1s; a wrong key is Google's 400 API_KEY_INVALID.
        gw.assertErrorsReachTheSdk("gemini-faults", 503, true, "gemini-bad-key", "AIza-revoked");
    }

    @Test
    void anErrorChunkMidStreamIsOneSdkErrorAndNoDone() throws Exception {
        gw.assertErrorEventMidStream("gemini", "overloaded", MockContent.piece(MODEL, 1));
    }

    @Test
    void aClientDisconnectMidStreamClosesTheGeminiStream() throws Exception {
        gw.assertDisconnectCancelsUpstream("gemini");
    }
}
