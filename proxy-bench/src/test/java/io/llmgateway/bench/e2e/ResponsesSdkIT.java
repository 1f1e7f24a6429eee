package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.RateLimitException;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import io.llmgateway.bench.mock.MockContent;
import io.llmgateway.bench.mock.MockHeaders;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.mock.providers.AnthropicMock;
import io.llmgateway.bench.mock.providers.GeminiMock;
import io.llmgateway.bench.testing.Await;
import io.llmgateway.bench.testing.RawHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official OpenAI Java SDK's Responses API ({@code client.responses()}) through the real gateway:
 * relayed to an OpenAI upstream that has the API (the mock's {@code /v1/responses}), translated over
 * chat for Anthropic and Gemini. Every answer the SDK parses here is also checked with
 * {@code validate()}: each field its models require is present.
 */
class ResponsesSdkIT {

    private static final int PIECES = 4;
    private static final String GPT_MODEL = "gpt-4o";
    private static final String CLAUDE_MODEL = "claude-sonnet-4-5";
    private static final String GEMINI_MODEL = "gemini-2.5-flash";

    @RegisterExtension
    static final ProviderGateway openAi = new ProviderGateway(
            () -> MockUpstream.start(MockOptions.builder().host("127.0.0.1").chunks(PIECES).build()),
            mock -> GatewayConfigs.withProviders("""
                    - id: oai
                      type: openai
                      base_url: "%1$s/v1"
                      keys:
                        - id: o1
                          secret: "sk-e2e"
                    - id: oai-faults
                      type: openai
                      base_url: "%1$s/v1"
                      keys:
                        - id: o1-faults
                          secret: "sk-e2e"
                    """.formatted(mock.baseUrl()), "gpt: oai:%1$s\ngpt-faults: oai-faults:%1$s".formatted(GPT_MODEL)));

    @RegisterExtension
    static final ProviderGateway anthropic = new ProviderGateway(
            () -> AnthropicMock.builder().apiKey("sk-ant-e2e").options(MockOptions.builder().chunks(PIECES).build())
                    .start(),
            mock -> GatewayConfigs.withProviders("""
                    - id: claude
                      type: anthropic
                      base_url: "%1$s/v1"
                      keys:
                        - id: c1
                          secret: "sk-ant-e2e"
                    - id: claude-faults
                      type: anthropic
                      base_url: "%1$s/v1"
                      keys:
                        - id: c1-faults
                          secret: "sk-ant-e2e"
                    """.formatted(mock.baseUrl()),
                    "claude: claude:%1$s\nclaude-faults: claude-faults:%1$s".formatted(CLAUDE_MODEL)));

    @RegisterExtension
    static final ProviderGateway gemini = new ProviderGateway(
            () -> GeminiMock.builder().apiKey("AIza-e2e").options(MockOptions.builder().chunks(PIECES).build()).start(),
            mock -> GatewayConfigs.withProviders("""
                    - id: gemini
                      type: gemini
                      base_url: "%1$s/v1beta"
                      keys:
                        - id: g1
                          secret: "AIza-e2e"
                    - id: gemini-faults
                      type: gemini
                      base_url: "%1$s/v1beta"
                      keys:
                        - id: g1-faults
                          secret: "AIza-e2e"
                    """.formatted(mock.baseUrl()),
                    "gemini: gemini:%1$s\ngemini-faults: gemini-faults:%1$s".formatted(GEMINI_MODEL)));

    /**
     * Each provider: its gateway, the alias to call and the model that answers. An injected 429 goes
     * to {@code <alias>-faults}, a provider of its own, so that the key it cools down moves no other
     * test (the policy ignores other failures).
     */
    enum Target {
        OPENAI("gpt", GPT_MODEL), ANTHROPIC("claude", CLAUDE_MODEL), GEMINI("gemini", GEMINI_MODEL);

        final String alias;
        final String model;

        Target(String alias, String model) {
            this.alias = alias;
            this.model = model;
        }

        ProviderGateway gw() {
            return switch (this) {
                case OPENAI -> openAi;
                case ANTHROPIC -> anthropic;
                case GEMINI -> gemini;
            };
        }

        String text() {
            return MockContent.full(model, PIECES);
        }
    }

    private static FunctionTool weatherTool() {
        return FunctionTool.builder()
                .name("get_weather")
                .description("Current weather of a city")
                .parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of(
                                "city", Map.of("type", "string"),
                                "days", Map.of("type", "integer"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .putAdditionalProperty("additionalProperties", JsonValue.from(false))
                        .build())
                .strict(false)
                .build();
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

    private static List<ResponseStreamEvent> stream(Target t, ResponseCreateParams params) {
        try (StreamResponse<ResponseStreamEvent> s = t.gw().client().responses().createStreaming(params)) {
            List<ResponseStreamEvent> events = new ArrayList<>();
            s.stream().forEach(e -> events.add(e.validate()));
            return events;
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void aResponseComesBackWithItsTextAndUsage(Target t) {
        Response r = t.gw().client().responses().create(ResponseCreateParams.builder()
                .model(t.alias).instructions("Be terse.").input("Hello!").maxOutputTokens(200).build()).validate();

        assertThat(r.status()).contains(ResponseStatus.COMPLETED);
        assertThat(text(r)).isEqualTo(t.text());
        assertThat(r.model()).asString().contains(t.model);
        assertThat(r.usage()).hasValueSatisfying(u -> {
            assertThat(u.inputTokens()).isPositive();
            assertThat(u.outputTokens()).isPositive();
            assertThat(u.totalTokens()).isEqualTo(u.inputTokens() + u.outputTokens());
        });
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void aStreamIsTheEventSequenceTheSdkParses(Target t) {
        List<ResponseStreamEvent> events = stream(t, ResponseCreateParams.builder().model(t.alias).input("Count").build());

        assertThat(events.get(0).isCreated()).isTrue();
        assertThat(events.get(events.size() - 1).isCompleted()).isTrue();
        StringBuilder deltas = new StringBuilder();
        events.stream().filter(ResponseStreamEvent::isOutputTextDelta)
                .forEach(e -> deltas.append(e.asOutputTextDelta().delta()));
        assertThat(deltas.toString()).isEqualTo(t.text());
        assertThat(events).anySatisfy(e -> assertThat(e.isOutputTextDone()).isTrue());
        assertThat(events).anySatisfy(e -> assertThat(e.isContentPartDone()).isTrue());
        assertThat(events).anySatisfy(e -> assertThat(e.isOutputItemDone()).isTrue());
        Response done = events.get(events.size() - 1).asCompleted().response();
        assertThat(text(done)).isEqualTo(t.text());
        assertThat(done.usage()).hasValueSatisfying(u -> assertThat(u.outputTokens()).isPositive());
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void aFunctionCallRoundTrip(Target t) {
        String question = "Weather in Paris?";
        Response first = t.gw().client().responses().create(ResponseCreateParams.builder()
                .model(t.alias).input(question).addTool(weatherTool()).build()).validate();
        ResponseFunctionToolCall call = first.output().stream().filter(ResponseOutputItem::isFunctionCall)
                .map(ResponseOutputItem::asFunctionCall).findFirst().orElseThrow();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(SdkCalls.json(call.arguments())).isEqualTo(SdkCalls.json(ProviderGateway.SAMPLE_ARGUMENTS));

        Response answer = t.gw().client().responses().create(ResponseCreateParams.builder()
                .model(t.alias).addTool(weatherTool())
                .inputOfResponse(List.of(
                        ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                                .role(EasyInputMessage.Role.USER).content(question).build()),
                        ResponseInputItem.ofFunctionCall(call),
                        ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                                .callId(call.callId()).output("18C and cloudy").build())))
                .build()).validate();
        assertThat(text(answer)).isEqualTo(t.text());
        if (t != Target.OPENAI) {
            assertThat(t.gw().last().body()).as("the tool's output went up as the provider's tool result")
                    .contains("18C and cloudy");
        }
        if (t == Target.ANTHROPIC) {
            assertThat(t.gw().last().body()).contains(call.callId());
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void aStreamedFunctionCallEndsWithItsWholeArguments(Target t) {
        List<ResponseStreamEvent> events = stream(t, ResponseCreateParams.builder()
                .model(t.alias).input("Weather in Paris?").addTool(weatherTool()).build());

        ResponseStreamEvent done = events.stream().filter(ResponseStreamEvent::isFunctionCallArgumentsDone)
                .findFirst().orElseThrow();
        assertThat(SdkCalls.json(done.asFunctionCallArgumentsDone().arguments()))
                .isEqualTo(SdkCalls.json(ProviderGateway.SAMPLE_ARGUMENTS));
        Response completed = events.get(events.size() - 1).asCompleted().response();
        assertThat(completed.output()).anySatisfy(i -> assertThat(i.isFunctionCall()).isTrue());
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void anUpstreamErrorIsTheSdksError(Target t) {
        assertThatThrownBy(() -> t.gw().client().responses().create(ResponseCreateParams.builder()
                .model(t.alias + "-faults").input("Hi").putAdditionalHeader(MockHeaders.STATUS, "429").build()))
                .isInstanceOf(RateLimitException.class);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void anErrorMidStreamIsRaisedByTheSdkAfterTheTextSoFar(Target t) {
        List<ResponseStreamEvent> seen = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (StreamResponse<ResponseStreamEvent> s = t.gw().client().responses().createStreaming(
                    ResponseCreateParams.builder().model(t.alias).input("Count")
                            .putAdditionalHeader(MockHeaders.FAULT, "error-mid-stream").build())) {
                s.stream().forEach(seen::add);
            }
        }).isInstanceOf(com.openai.errors.OpenAIException.class);
        assertThat(seen).as("what came before the error").anySatisfy(e -> assertThat(e.isOutputTextDelta()).isTrue());
        assertThat(seen).noneSatisfy(e -> assertThat(e.isCompleted()).isTrue());
    }

    @ParameterizedTest
    @EnumSource(value = Target.class, names = {"ANTHROPIC", "GEMINI"})
    void statefulFieldsAreRefusedNamingTheFieldWhenTranslated(Target t) {
        int before = t.gw().upstream().recordedRequests().size();
        assertThatThrownBy(() -> t.gw().client().responses().create(ResponseCreateParams.builder()
                .model(t.alias).input("Hi").previousResponseId("resp_123").build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("previous_response_id");
        assertThat(t.gw().upstream().recordedRequests()).hasSize(before);
    }

    @Test
    void theOpenAiUpstreamGetsTheClientsBodyOnItsResponsesPath() {
        openAi.client().responses().create(ResponseCreateParams.builder()
                .model("gpt").input("Hi").previousResponseId("resp_123").store(true).build());

        assertThat(openAi.last().uri()).isEqualTo("/v1/responses");
        assertThat(openAi.last().header("authorization")).isEqualTo("Bearer sk-e2e");
        JsonNode body = openAi.lastBody();
        assertThat(body.path("model").asText()).isEqualTo(GPT_MODEL);
        assertThat(body.path("previous_response_id").asText()).isEqualTo("resp_123");
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void aClientThatLeavesCancelsTheUpstreamStream(Target t) throws Exception {
        MockUpstream upstream = t.gw().upstream();
        long cancelledBefore = upstream.counters().cancelledStreams();
        String body = "{\"model\":\"" + t.alias + "\",\"stream\":true,\"input\":\"hi\"}";
        try (RawHttp http = new RawHttp(t.gw().gateway().port())) {
            http.post("/v1/responses", Map.of(MockHeaders.CHUNKS, "1000", MockHeaders.CHUNK_INTERVAL_MS, "20"), body);
            assertThat(http.readHead().status()).isEqualTo(200);
            assertThat(http.readChunk()).contains("event: response.");
        }
        Await.until("the upstream stream to be cancelled",
                () -> upstream.counters().cancelledStreams() == cancelledBefore + 1);
    }
}
