package io.llmgateway.bench.e2e;

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
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import io.llmgateway.bench.mock.MockHeaders;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.mock.RecordedRequest;
import io.llmgateway.bench.testing.Await;
import io.llmgateway.bench.testing.RawHttp;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A provider mock, the real gateway configured for it, and an OpenAI SDK client of that gateway,
 * for the tests of one class; plus the checks every translated provider must pass the same way.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ProviderGateway gw = new ProviderGateway(() -> AnthropicMock.builder().start(),
 *         mock -> GatewayConfigs.withProviders(...mock.baseUrl()..., aliases));
 * }</pre>
 *
 * <p>Recorded requests are cleared before each test. Closing the gateway fails the class if the
 * gateway reported a leaked buffer.
 */
final class ProviderGateway implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    /** The arguments the provider mocks call {@code get_weather} with. */
    static final String SAMPLE_ARGUMENTS = "{\"city\":\"mock\",\"days\":1}";

    private final Supplier<MockUpstream> mock;
    private final Function<MockUpstream, String> config;
    private MockUpstream upstream;
    private GatewayProcess gateway;
    private OpenAIClient client;

    ProviderGateway(Supplier<MockUpstream> mock, Function<MockUpstream, String> config) {
        this.mock = mock;
        this.config = config;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        upstream = mock.get();
        gateway = GatewayProcess.start(config.apply(upstream));
        client = SdkCalls.client(gateway);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        upstream.clearRecordedRequests();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (client != null) {
                client.close();
            }
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            if (upstream != null) {
                upstream.close();
            }
        }
    }

    OpenAIClient client() {
        return client;
    }

    MockUpstream upstream() {
        return upstream;
    }

    GatewayProcess gateway() {
        return gateway;
    }

    /** The latest request the mock received. */
    RecordedRequest last() {
        List<RecordedRequest> seen = upstream.recordedRequests();
        assertThat(seen).as("requests the upstream received").isNotEmpty();
        return seen.get(seen.size() - 1);
    }

    JsonNode lastBody() {
        return SdkCalls.json(last().body());
    }

    List<ChatCompletionChunk> stream(String model, boolean includeUsage) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(model).addUserMessage("Count");
        if (includeUsage) {
            params.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        }
        return SdkCalls.stream(client, params.build());
    }

    /** A stream without {@code include_usage}: {@code text}, one choice in every chunk, no usage anywhere. */
    void assertStreamHasNoUsageChunk(String model, String text) {
        List<ChatCompletionChunk> chunks = stream(model, false);

        assertThat(SdkCalls.text(chunks)).isEqualTo(text);
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.usage()).isEmpty();
            assertThat(c.choices()).hasSize(1);
        });
        assertThat(chunks.stream().flatMap(c -> c.choices().stream()).filter(ch -> ch.finishReason().isPresent()))
                .singleElement().satisfies(ch ->
                        assertThat(ch.finishReason()).contains(ChatCompletionChunk.Choice.FinishReason.STOP));
    }

    /** A stream with {@code include_usage}: {@code text}, then the {@code choices: []} usage chunk last; its usage. */
    CompletionUsage assertStreamEndsWithUsage(String model, String text) {
        List<ChatCompletionChunk> chunks = stream(model, true);

        assertThat(SdkCalls.text(chunks)).isEqualTo(text);
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(c -> {
            assertThat(c.usage()).isEmpty();
            assertThat(c.choices()).hasSize(1);
        });
        assertThat(last.usage()).isPresent();
        return last.usage().get();
    }

    /**
     * The provider's 400, 429 and overload ({@code x-mock-status} {@code 400}, {@code 429},
     * {@code overloadedStatus}) reach the SDK as 400, 429 with {@code retry-after: 1} and 503
     * with {@code code: overloaded} (when {@code overloadedCode}, else any code); a key the provider
     * refuses ({@code badKeyModel}) is a 502 that does not quote {@code badSecret}.
     */
    /**
     * Provider errors reach the SDK as the right exceptions. {@code model} should be an alias of its
     * own (a provider entry with its own key id): the failures make the balancer rest that key.
     */
    void assertErrorsReachTheSdk(String model, int overloadedStatus, boolean overloadedCode, String badKeyModel,
                                 String badSecret) {
        assertThatThrownBy(() -> client.chat().completions().create(withHeader(model, MockHeaders.STATUS, "400")))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.statusCode()).isEqualTo(400));

        assertThatThrownBy(() -> client.chat().completions().create(
                withHeader(model, MockHeaders.STATUS, Integer.toString(overloadedStatus))))
                .as("the provider's %s is a 503 for OpenAI clients", overloadedStatus)
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    if (overloadedCode) {
                        assertThat(e.code()).contains("overloaded");
                    }
                });

        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(badKeyModel).addUserMessage("x").build()))
                .as("a key the provider refuses is the gateway's misconfiguration, not the client's")
                .isInstanceOfSatisfying(InternalServerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.code()).contains("upstream_authentication_failed");
                    assertThat(e.getMessage()).doesNotContain(badSecret);
                });

        // Last: the provider's retry-after makes the gateway rest this key for a second.
        assertThatThrownBy(() -> client.chat().completions().create(withHeader(model, MockHeaders.STATUS, "429")))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("retry-after")).containsExactly("1");
                });
    }

    /**
     * The provider's in-stream error ({@code error-mid-stream}) is an error the SDK raises (with
     * {@code sdkMessage}), and on the wire exactly one error event after {@code someContent},
     * without {@code [DONE]}.
     */
    void assertErrorEventMidStream(String model, String sdkMessage, String someContent) throws Exception {
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                    withHeader(model, MockHeaders.FAULT, "error-mid-stream"))) {
                stream.stream().forEach(c -> { });
            }
        }).hasMessageContaining(sdkMessage);

        SdkCalls.assertFailedStream(SdkCalls.rawFailedStream(gateway, model,
                Map.of(MockHeaders.FAULT, "error-mid-stream")), someContent);
    }

    /**
     * Starts a long paced stream, reads its first event, closes the client connection, and waits
     * until the mock saw its stream cancelled: the gateway closed the upstream too.
     */
    void assertDisconnectCancelsUpstream(String model) throws Exception {
        long cancelledBefore = upstream.counters().cancelledStreams();
        long completedBefore = upstream.counters().completedStreams();
        String body = "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        try (RawHttp http = new RawHttp(gateway.port())) {
            http.post("/v1/chat/completions", Map.of(MockHeaders.CHUNKS, "1000", MockHeaders.CHUNK_INTERVAL_MS, "20"),
                    body);
            assertThat(http.readHead().status()).isEqualTo(200);
            assertThat(http.readChunk()).contains("data: ");
        }
        Await.until("the upstream stream to be cancelled",
                () -> upstream.counters().cancelledStreams() == cancelledBefore + 1);
        assertThat(upstream.counters().completedStreams()).isEqualTo(completedBefore);
    }

    /** {@code params} answered with {@code text} and {@code finish_reason: stop}; the answer. */
    ChatCompletion assertAnswers(ChatCompletionCreateParams params, String text) {
        ChatCompletion reply = client.chat().completions().create(params);
        assertThat(reply.choices()).singleElement().satisfies(c -> {
            assertThat(c.message().content()).contains(text);
            assertThat(c.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        });
        return reply;
    }

    /**
     * A question with {@link SdkCalls#weatherTool()} comes back as one {@code get_weather} call
     * with JSON-string arguments and {@code finish_reason: tool_calls}; sending the tool's result
     * back is answered with {@code text}. The upstream recorded both requests, in order. The call.
     */
    ChatCompletionMessageFunctionToolCall assertToolRoundTrip(String model, String text) {
        String question = "Weather in Paris?";
        ChatCompletion first = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(model).addUserMessage(question).addTool(SdkCalls.weatherTool()).build());
        ChatCompletionMessageFunctionToolCall call = SdkCalls.onlyFunctionCall(first);
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(SdkCalls.json(call.function().arguments())).isEqualTo(SdkCalls.json(SAMPLE_ARGUMENTS));

        assertAnswers(SdkCalls.toolResultTurn(model, question, first, "18C and cloudy"), text);
        assertThat(upstream.recordedRequests()).hasSize(2);
        return call;
    }

    /** A streamed question with tools, accumulated by the SDK, is one complete {@code get_weather} call. */
    ChatCompletion assertStreamedToolCall(String model) {
        ChatCompletion reply = SdkCalls.accumulate(SdkCalls.stream(client, ChatCompletionCreateParams.builder()
                .model(model).addUserMessage("Weather in Paris?").addTool(SdkCalls.weatherTool()).build()));
        ChatCompletionMessageFunctionToolCall call = SdkCalls.onlyFunctionCall(reply);
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(SdkCalls.json(call.function().arguments())).isEqualTo(SdkCalls.json(SAMPLE_ARGUMENTS));
        return reply;
    }

    /** {@code response_format: json_object} (streamed or not) is answered by a JSON object in {@code content}. */
    void assertJsonMode(String model, boolean stream) {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model(model).addUserMessage("Give me JSON")
                .responseFormat(ResponseFormatJsonObject.builder().build())
                .build();
        ChatCompletion reply = stream ? SdkCalls.accumulate(SdkCalls.stream(client, params))
                : client.chat().completions().create(params);
        ChatCompletion.Choice choice = reply.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(choice.message().toolCalls().orElse(List.of())).isEmpty();
        assertThat(SdkCalls.json(choice.message().content().orElseThrow()).isObject()).isTrue();
    }

    /** {@code /v1/completions} answered with {@code text}, through the provider's chat API. */
    void assertLegacyCompletion(String model, String text) {
        Completion completion = client.completions().create(CompletionCreateParams.builder()
                .model(model).prompt("Say this is a test").build());
        assertThat(completion.choices()).singleElement().satisfies(c -> assertThat(c.text()).isEqualTo(text));
    }

    private static ChatCompletionCreateParams withHeader(String model, String header, String value) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("x")
                .putAdditionalHeader(header, value).build();
    }
}
