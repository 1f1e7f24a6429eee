package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import io.llmgateway.bench.testing.RawHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What the provider end-to-end tests do through the gateway with the official OpenAI SDK and a raw socket. */
final class SdkCalls {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ERROR_EVENT = Pattern.compile("data: \\{\"error\"");

    private SdkCalls() {
    }

    static OpenAIClient client(GatewayProcess gateway) {
        return client(gateway, "client-key-never-forwarded");
    }

    /** The SDK's client of {@code gateway} with {@code apiKey}: no retries, a 20 s timeout. */
    static OpenAIClient client(GatewayProcess gateway, String apiKey) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(gateway.baseUrl())
                .apiKey(apiKey)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code get_weather(city: string, days?: integer)}. */
    static ChatCompletionFunctionTool weatherTool() {
        return ChatCompletionFunctionTool.builder()
                .function(FunctionDefinition.builder()
                        .name("get_weather")
                        .description("Current weather of a city")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of(
                                        "city", Map.of("type", "string"),
                                        "days", Map.of("type", "integer"))))
                                .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                                .putAdditionalProperty("additionalProperties", JsonValue.from(false))
                                .build())
                        .build())
                .build();
    }

    /** Streams {@code params} to the end; the chunks in order. */
    static List<ChatCompletionChunk> stream(OpenAIClient client, ChatCompletionCreateParams params) {
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            return stream.stream().toList();
        }
    }

    /** The content of {@code chunks} joined. */
    static String text(List<ChatCompletionChunk> chunks) {
        return chunks.stream()
                .flatMap(c -> c.choices().stream())
                .map(ch -> ch.delta().content().orElse(""))
                .collect(Collectors.joining());
    }

    /** The completion the SDK's accumulator builds from {@code chunks}. */
    static ChatCompletion accumulate(List<ChatCompletionChunk> chunks) {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        chunks.forEach(accumulator::accumulate);
        return accumulator.chatCompletion();
    }

    /** The single function call of {@code reply}, checked to carry JSON-object arguments. */
    static ChatCompletionMessageFunctionToolCall onlyFunctionCall(ChatCompletion reply) {
        assertThat(reply.choices()).hasSize(1);
        ChatCompletion.Choice choice = reply.choices().get(0);
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(choice.message().toolCalls()).hasValueSatisfying(calls -> assertThat(calls).hasSize(1));
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().get().get(0).asFunction();
        assertThat(json(call.function().arguments()).isObject()).as("arguments %s", call.function().arguments())
                .isTrue();
        return call;
    }

    /**
     * The conversation after {@code reply}'s tool call: the original question, the assistant turn
     * as the SDK returned it, and the tool's answer.
     */
    static ChatCompletionCreateParams toolResultTurn(String model, String question, ChatCompletion reply,
                                                     String result) {
        ChatCompletionMessageFunctionToolCall call = reply.choices().get(0).message().toolCalls().get().get(0)
                .asFunction();
        return ChatCompletionCreateParams.builder()
                .model(model)
                .addUserMessage(question)
                .addMessage(reply.choices().get(0).message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content(result).build())
                .addTool(weatherTool())
                .build();
    }

    /**
     * A conversation in which the assistant called {@code get_weather} twice at once (ids
     * {@code id1}, {@code id2}) and both results came back; the model should now answer.
     */
    static ChatCompletionCreateParams parallelCallsAnswered(String model, String id1, String id2) {
        return ChatCompletionCreateParams.builder()
                .model(model)
                .addUserMessage("Weather in Paris and Rome?")
                .addMessage(ChatCompletionAssistantMessageParam.builder()
                        .addToolCall(call(id1, "{\"city\":\"Paris\"}"))
                        .addToolCall(call(id2, "{\"city\":\"Rome\"}"))
                        .build())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(id1).content("18C").build())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(id2).content("24C").build())
                .addTool(weatherTool())
                .build();
    }

    private static ChatCompletionMessageFunctionToolCall call(String id, String arguments) {
        return ChatCompletionMessageFunctionToolCall.builder().id(id)
                .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                        .name("get_weather").arguments(arguments).build())
                .build();
    }

    /** A question with a text part and a small PNG as a data URL. */
    static ChatCompletionCreateParams imageQuestion(String model) {
        return ChatCompletionCreateParams.builder()
                .model(model)
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder()
                                .text("What is in this picture?").build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                        .url("data:image/png;base64,iVBORw0KGgo=").build())
                                .build())))
                .build();
    }

    /**
     * A raw streamed chat request through the gateway that the gateway ends by closing the
     * connection (a failed stream); the status and everything after the head, chunk framing included.
     */
    static RawHttp.Response rawFailedStream(GatewayProcess gateway, String model, Map<String, String> headers)
            throws IOException {
        String body = "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        try (RawHttp http = new RawHttp(gateway.port())) {
            http.post("/v1/chat/completions", headers, body);
            RawHttp.Head head = http.readHead();
            return new RawHttp.Response(head, http.readToEof());
        }
    }

    /** A failed stream as a client sees it: some content, exactly one error event, no {@code [DONE]}, cut framing. */
    static void assertFailedStream(RawHttp.Response raw, String someContent) {
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.body()).contains(someContent).doesNotContain("data: [DONE]");
        assertThat(errorEvents(raw.body())).as("error events in %s", raw.body()).isEqualTo(1);
        assertThat(raw.body()).as("an unterminated chunked body").doesNotEndWith("\r\n0\r\n\r\n");
    }

    /** How many {@code data: {"error"...}} events {@code body} holds. */
    static int errorEvents(String body) {
        Matcher m = ERROR_EVENT.matcher(body);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
