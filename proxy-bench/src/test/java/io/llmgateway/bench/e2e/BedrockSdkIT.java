package io.llmgateway.bench.e2e;

import static io.llmgateway.bench.e2e.SdkCalls.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.StopReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.http.StreamResponse;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.chat.completions.StructuredChatCompletion;
import com.openai.models.chat.completions.StructuredChatCompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.StructuredResponse;
import com.openai.models.responses.StructuredResponseCreateParams;
import io.llmgateway.bench.mock.MockContent;
import io.llmgateway.bench.mock.MockHeaders;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.RecordedRequest;
import io.llmgateway.bench.mock.providers.BedrockMock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official OpenAI SDK through the real gateway to a mock of Bedrock's Converse API that checks
 * every request's SigV4 signature with the AWS secret ({@link BedrockMock}): every answer below is
 * also proof that the gateway signed what it sent, and sent a Converse request Bedrock accepts.
 * Streams come back in AWS's binary event-stream framing and leave as OpenAI chunks.
 */
class BedrockSdkIT {

    private static final String ACCESS_KEY_ID = "AKIDBEDROCKE2E";
    private static final String SECRET = "e2e-secret-access-key/Kx7+bPxRfiCY";
    private static final String SESSION_TOKEN = "e2e-session-token-IQoJb3JpZ2luX2VjE";
    private static final String WRONG_SECRET = "e2e-revoked-secret-access-key-9";
    private static final String MODEL = "anthropic.claude-sonnet-4-5-20250929-v1:0";
    /** A Bedrock model that cannot be forced to call a tool, hence to answer in JSON mode. */
    private static final String LLAMA = "meta.llama3-1-70b-instruct-v1:0";
    private static final int PIECES = 4;
    private static final String TEXT = MockContent.full(MODEL, PIECES);

    @RegisterExtension
    static final ProviderGateway gw = new ProviderGateway(
            () -> BedrockMock.builder().credentials(ACCESS_KEY_ID, SECRET, SESSION_TOKEN)
                    .options(MockOptions.builder().chunks(PIECES).build()).start(),
            mock -> GatewayConfigs.withProviders("""
                    - id: bedrock
                      type: bedrock
                      api: converse
                      base_url: "%1$s"
                      region: us-east-1
                      keys:
                        - id: aws-1
                          access_key_id: "%2$s"
                          secret: "%3$s"
                          session_token: "%4$s"
                    - id: bedrock-faults
                      type: bedrock
                      api: converse
                      base_url: "%1$s"
                      region: us-east-1
                      keys:
                        - id: aws-faults
                          access_key_id: "%2$s"
                          secret: "%3$s"
                          session_token: "%4$s"
                    - id: bedrock-wrong-secret
                      type: bedrock
                      api: converse
                      base_url: "%1$s"
                      region: us-east-1
                      keys:
                        - id: aws-wrong
                          access_key_id: "%2$s"
                          secret: "%5$s"
                          session_token: "%4$s"
                    - id: bedrock-api-key
                      type: bedrock
                      api: converse
                      base_url: "%1$s"
                      region: us-east-1
                      keys:
                        - id: br-key
                          secret: "%6$s"
                    """.formatted(mock.baseUrl(), ACCESS_KEY_ID, SECRET, SESSION_TOKEN, WRONG_SECRET,
                    BedrockMock.DEFAULT_API_KEY), """
                    claude: bedrock:%1$s
                    claude-faults: bedrock-faults:%1$s
                    claude-wrong-secret: bedrock-wrong-secret:%1$s
                    claude-api-key: bedrock-api-key:%1$s
                    llama: bedrock:%2$s
                    """.formatted(MODEL, LLAMA)));

    @Test
    void chatBecomesASignedConverseRequest() {
        ChatCompletion reply = gw.assertAnswers(ChatCompletionCreateParams.builder()
                .model("claude").addSystemMessage("You are terse.").addUserMessage("Hello!").maxCompletionTokens(300)
                .temperature(0.5).build(), TEXT);

        assertThat(reply.id()).startsWith("chatcmpl-");
        assertThat(reply.model()).isEqualTo(MODEL);
        assertThat(reply.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isEqualTo(10);
            assertThat(u.completionTokens()).isEqualTo(PIECES);
            assertThat(u.totalTokens()).isEqualTo(10 + PIECES);
        });
        RecordedRequest seen = gw.last();
        assertThat(seen.uri()).isEqualTo("/model/anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse");
        assertThat(seen.header("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID + "/")
                .contains("/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date;"
                        + "x-amz-security-token, Signature=");
        assertThat(seen.header("x-amz-security-token")).isEqualTo(SESSION_TOKEN);
        assertThat(seen.headers().toString()).doesNotContain(SECRET);
        JsonNode body = json(seen.body());
        assertThat(body.has("model")).as("the model is in the URL").isFalse();
        assertThat(body.path("system").toString()).isEqualTo("[{\"text\":\"You are terse.\"}]");
        assertThat(body.path("inferenceConfig").toString()).isEqualTo("{\"maxTokens\":300,\"temperature\":0.5}");
    }

    @Test
    void awssRequestIdComesBackAsTheUpstreamRequestId() {
        HttpResponseFor<ChatCompletion> raw = gw.client().chat().completions().withRawResponse().create(
                ChatCompletionCreateParams.builder().model("claude").addUserMessage("Hello!").build());

        assertThat(raw.parse().choices()).hasSize(1);
        assertThat(raw.headers().values("x-upstream-request-id")).singleElement().asString().hasSize(36);
    }

    @Test
    void aStreamComesFromTheEventStreamAsChunksWithoutUsageUnlessAsked() {
        gw.assertStreamHasNoUsageChunk("claude", TEXT);

        assertThat(gw.last().uri()).endsWith("/converse-stream");
        assertThat(gw.lastBody().has("stream")).isFalse();
    }

    @Test
    void aStreamWithIncludeUsageEndsWithBedrocksUsage() {
        CompletionUsage usage = gw.assertStreamEndsWithUsage("claude", TEXT);

        assertThat(usage.promptTokens()).isEqualTo(10);
        assertThat(usage.completionTokens()).isEqualTo(PIECES);
    }

    @Test
    void aToolCallComesBackAsToolCallsAndTheToolResultGetsAnAnswer() {
        ChatCompletionMessageFunctionToolCall call = gw.assertToolRoundTrip("claude", TEXT);

        JsonNode first = json(gw.upstream().recordedRequests().get(0).body());
        assertThat(first.at("/toolConfig/tools/0/toolSpec/name").asText()).isEqualTo("get_weather");
        assertThat(first.at("/toolConfig/tools/0/toolSpec/inputSchema/json/required").toString()).isEqualTo("[\"city\"]");
        assertThat(call.id()).startsWith("tooluse_mock");
        JsonNode messages = gw.lastBody().path("messages");
        assertThat(messages.get(1).path("content").findValuesAsText("toolUseId")).containsExactly(call.id());
        assertThat(messages.get(2).at("/content/0/toolResult/toolUseId").asText()).isEqualTo(call.id());
    }

    @Test
    void aStreamedToolCallAccumulatesToTheSameCall() {
        ChatCompletion reply = gw.assertStreamedToolCall("claude");

        assertThat(reply.choices().get(0).message().content()).as("the text before the call").contains(TEXT);
    }

    @Test
    void jsonModeAnswersWithAJsonObject() {
        gw.assertJsonMode("claude", false);

        JsonNode body = gw.lastBody();
        assertThat(body.has("response_format")).isFalse();
        assertThat(body.at("/toolConfig/tools/0/toolSpec/name").asText()).isEqualTo("json_tool_call");
        assertThat(body.at("/toolConfig/toolChoice").toString()).isEqualTo("{\"tool\":{\"name\":\"json_tool_call\"}}");
    }

    @Test
    void aStreamedJsonAnswerIsContentNotAToolCall() {
        gw.assertJsonMode("claude", true);

        assertThat(gw.last().uri()).endsWith("/converse-stream");
    }

    @Test
    void aJsonSchemaAnswerParsesAsTheClientsClass() {
        StructuredChatCompletionCreateParams<Place> params = ChatCompletionCreateParams.builder().model("claude")
                .addUserMessage("Where is the Louvre?").responseFormat(Place.class).build();

        StructuredChatCompletion.Choice<Place> choice = gw.client().chat().completions().create(params).choices().get(0);

        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(choice.message().toolCalls().orElse(List.of())).isEmpty();
        assertThat(choice.message().content()).hasValueSatisfying(Place::assertSampled);
        assertThat(gw.lastBody().at("/toolConfig/tools/0/toolSpec/inputSchema/json/required").toString())
                .as("the SDK's schema of Place is the tool's").isEqualTo("[\"city\",\"population\"]");
    }

    @Test
    void aStreamedJsonSchemaAnswerParsesAsTheClientsClass() throws Exception {
        StructuredChatCompletionCreateParams<Place> params = ChatCompletionCreateParams.builder().model("claude")
                .addUserMessage("Where is the Louvre?").responseFormat(Place.class).build();

        ChatCompletion reply = SdkCalls.accumulate(SdkCalls.stream(gw.client(), params.rawParams()));

        ChatCompletion.Choice choice = reply.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(choice.message().toolCalls().orElse(List.of())).isEmpty();
        Place.parse(choice.message().content().orElseThrow()).assertSampled();
    }

    @Test
    void responsesTextFormatJsonSchemaIsAnsweredByTheForcedTool() {
        StructuredResponseCreateParams<Place> params = ResponseCreateParams.builder().model("claude")
                .input("Where is the Louvre?").text(Place.class).build();

        StructuredResponse<Place> r = gw.client().responses().create(params);

        List<Place> places = r.output().stream().flatMap(item -> item.message().stream())
                .flatMap(m -> m.content().stream()).flatMap(c -> c.outputText().stream()).toList();
        assertThat(places).singleElement().satisfies(Place::assertSampled);
        assertThat(r.output()).noneSatisfy(item -> assertThat(item.isFunctionCall()).isTrue());
        assertThat(gw.lastBody().at("/toolConfig/toolChoice/tool/name").asText()).isEqualTo("json_tool_call");
    }

    @Test
    void aStreamedResponsesJsonAnswerIsOutputText() throws Exception {
        StructuredResponseCreateParams<Place> params = ResponseCreateParams.builder().model("claude")
                .input("Where is the Louvre?").text(Place.class).build();

        StringBuilder text = new StringBuilder();
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> s = gw.client().responses().createStreaming(params.rawParams())) {
            s.stream().forEach(e -> events.add(e.validate()));
        }
        events.stream().filter(ResponseStreamEvent::isOutputTextDelta)
                .forEach(e -> text.append(e.asOutputTextDelta().delta()));

        Place.parse(text.toString()).assertSampled();
        assertThat(events.get(events.size() - 1).isCompleted()).isTrue();
        assertThat(events).noneSatisfy(e -> assertThat(e.isFunctionCallArgumentsDelta()).isTrue());
    }

    @Test
    void jsonModeWithToolChoiceNoneIsA400NamingTheField() {
        assertThatThrownBy(() -> gw.client().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude").addUserMessage("x").addTool(SdkCalls.weatherTool())
                .toolChoice(ChatCompletionToolChoiceOption.Auto.NONE)
                .responseFormat(ResponseFormatJsonObject.builder().build()).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.param()).contains("tool_choice");
                    assertThat(e.getMessage()).contains("none cannot be combined with a JSON response_format");
                });
    }

    @Test
    void aModelThatCannotBeForcedToCallAToolRefusesJsonModeWithBedrocksOwn400() {
        assertThatThrownBy(() -> gw.client().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("llama").addUserMessage("x").responseFormat(ResponseFormatJsonObject.builder().build()).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage())
                        .contains("ValidationException").contains("toolConfig.toolChoice.tool"));
        assertThat(gw.last().uri()).contains(LLAMA.substring(0, 10));
    }

    @Test
    void theAnthropicSdksMessagesReachBedrockSignedAndComeBackAsAMessage() {
        AnthropicClient anthropic = AnthropicOkHttpClient.builder()
                .baseUrl(gw.gateway().baseUrl().replaceFirst("/v1$", "")).apiKey("client-key-never-forwarded")
                .maxRetries(0).timeout(Duration.ofSeconds(20)).build();
        Message m;
        try {
            m = anthropic.messages().create(MessageCreateParams.builder().model("claude").maxTokens(100)
                    .addUserMessage("Hello!").build());
        } finally {
            anthropic.close();
        }

        assertThat(m.content()).singleElement().satisfies(b -> assertThat(b.asText().text()).isEqualTo(TEXT));
        assertThat(m.stopReason()).contains(StopReason.END_TURN);
        assertThat(gw.last().uri()).endsWith("/converse");
        assertThat(gw.last().header("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID + "/");
    }

    /** The class a client parses its structured answer into; the mock fills a schema with "mock" and 1. */
    static final class Place {
        public String city;
        public long population;

        static Place parse(String json) throws Exception {
            return new ObjectMapper().readValue(json, Place.class);
        }

        void assertSampled() {
            assertThat(city).isEqualTo("mock");
            assertThat(population).isEqualTo(1);
        }
    }

    @Test
    void anImageBecomesAConverseImageBlock() {
        gw.assertAnswers(SdkCalls.imageQuestion("claude"), TEXT);

        assertThat(gw.lastBody().at("/messages/0/content/1").toString())
                .isEqualTo("{\"image\":{\"format\":\"png\",\"source\":{\"bytes\":\"iVBORw0KGgo=\"}}}");
    }

    @Test
    void aBedrockApiKeyIsSentAsABearerToken() {
        gw.assertAnswers(ChatCompletionCreateParams.builder().model("claude-api-key").addUserMessage("Hi").build(), TEXT);

        assertThat(gw.last().header("authorization")).isEqualTo("Bearer " + BedrockMock.DEFAULT_API_KEY);
        assertThat(gw.last().header("x-amz-date")).isNull();
    }

    @Test
    void bedrockErrorsReachTheSdkAsTheRightExceptions() {
        assertThatThrownBy(() -> gw.client().chat().completions().create(withStatus("400")))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("ValidationException");
                });
        assertThatThrownBy(() -> gw.client().chat().completions().create(withStatus("503")))
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.code()).contains("overloaded");
                });
        assertThatThrownBy(() -> gw.client().chat().completions().create(withStatus("429")))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.code()).contains("rate_limit_exceeded");
                });
    }

    @Test
    void aWrongSecretIsRefusedByTheSignatureCheckAndTheClientGetsAClearErrorWithoutIt() {
        assertThatThrownBy(() -> gw.client().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-wrong-secret").addUserMessage("x").build()))
                .as("a key AWS refuses is the gateway's misconfiguration, not the client's")
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.code()).contains("upstream_authentication_failed");
                    assertThat(e.getMessage()).contains("InvalidSignatureException")
                            .doesNotContain(WRONG_SECRET).doesNotContain(SECRET);
                });
        assertThat(gw.last().header("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID);
    }

    @Test
    void anExceptionMidStreamIsOneSdkErrorAndNoDone() throws Exception {
        gw.assertErrorEventMidStream("claude", "Too many tokens", MockContent.piece(MODEL, 1));
    }

    @Test
    void aClientDisconnectMidStreamClosesTheBedrockStream() throws Exception {
        gw.assertDisconnectCancelsUpstream("claude");
    }

    private static ChatCompletionCreateParams withStatus(String status) {
        return ChatCompletionCreateParams.builder().model("claude-faults").addUserMessage("x")
                .putAdditionalHeader(MockHeaders.STATUS, status).build();
    }
}
