package io.llmgateway.adapters.anthropic;

import static io.llmgateway.adapters.testing.TestRequests.ALLOC;
import static io.llmgateway.adapters.testing.TestRequests.assertJsonEquals;
import static io.llmgateway.adapters.testing.TestRequests.buf;
import static io.llmgateway.adapters.testing.TestRequests.drain;
import static io.llmgateway.adapters.testing.TestRequests.request;
import static io.llmgateway.adapters.testing.TestRequests.resource;
import static io.llmgateway.adapters.testing.TestRequests.settings;
import static io.llmgateway.adapters.testing.TestRequests.string;
import static io.llmgateway.adapters.testing.TestRequests.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.adapters.testing.ChunkedSse;
import io.llmgateway.adapters.testing.Streams;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.RequestRejectedException;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.UpstreamCall;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.codec.spi.Usage;
import io.netty.buffer.ByteBuf;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AnthropicAdapterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_761_000_000L), ZoneOffset.UTC);
    private final AnthropicAdapter adapter = new AnthropicAdapter(CLOCK);
    private final ProviderSettings claude = settings("claude", "anthropic", "api.anthropic.com", "/v1");

    private UpstreamCall prepare(String body) throws RequestRejectedException {
        return prepare(claude, body);
    }

    private UpstreamCall prepare(ProviderSettings p, String body) throws RequestRejectedException {
        ByteBuf b = buf(body);
        try {
            return adapter.prepare(request(Endpoint.CHAT_COMPLETIONS, p, "claude-sonnet-4-5", "sk-ant", b));
        } finally {
            assertThat(b.refCnt()).isEqualTo(1);
            b.release();
        }
    }

    /** Prepares {@code body} and returns the translated request JSON. */
    private String translate(String body) throws RequestRejectedException {
        UpstreamCall call = prepare(body);
        return drain(call.body());
    }

    @Test
    void canonicalRequestMatchesTheReference() throws Exception {
        UpstreamCall call = prepare(resource("openai/chat_request.json"));
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.pathAndQuery()).isEqualTo("/v1/messages");
        assertThat(call.headers()).containsExactly(Map.entry("x-api-key", "sk-ant"),
                Map.entry("anthropic-version", "2023-06-01"));
        assertJsonEquals(drain(call.body()), resource("anthropic/request.json"));
    }

    @Test
    void bearerAuthVersionAndExtraHeaders() throws Exception {
        ProviderSettings p = new ProviderSettings("c", "anthropic", true, "gw.corp", 443, "", Map.of("anthropic-beta", "x"),
                Map.of(), "2024-01-01", Map.of(), false, null, null, null, "bearer");
        UpstreamCall call = prepare(p, "{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        call.release();
        assertThat(call.pathAndQuery()).isEqualTo("/v1/messages");
        assertThat(call.headers()).containsExactly(Map.entry("authorization", "Bearer sk-ant"),
                Map.entry("anthropic-version", "2024-01-01"), Map.entry("anthropic-beta", "x"));
    }

    @Test
    void defaultsMaxTokensAndLiftsDeveloperMessages() throws Exception {
        String out = translate("{\"model\":\"c\",\"messages\":[{\"role\":\"developer\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"Be brief.\"}]},{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"system\",\"content\":\"Late.\"}],"
                + "\"stop\":\"  \",\"n\":1,\"seed\":3,\"presence_penalty\":0.5,\"logit_bias\":{\"1\":2},\"user\":\"a@b.c\","
                + "\"store\":true,\"metadata\":{\"k\":\"v\"},\"parallel_tool_calls\":true,\"stream_options\":{\"include_usage\":true}}");
        assertJsonEquals(out, "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":4096,\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}],\"system\":[{\"type\":\"text\",\"text\":\"Be brief.\"},"
                + "{\"type\":\"text\",\"text\":\"Late.\"}]}");
    }

    @Test
    void toolsChoicesImagesAndToolResults() throws Exception {
        String out = translate("{\"model\":\"c\",\"max_tokens\":100,\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}},"
                + "{\"type\":\"file\",\"file\":{\"file_data\":\"data:application/pdf;base64,JVBE\"}}]},"
                + "{\"role\":\"assistant\",\"content\":\"Let me look.\",\"tool_calls\":["
                + "{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"a\",\"arguments\":\"\"}},"
                + "{\"id\":\"c2\",\"type\":\"function\",\"function\":{\"name\":\"b\",\"arguments\":\"{\\\"x\\\":1}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"r1\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c2\",\"content\":[{\"type\":\"text\",\"text\":\"r2\"}]},"
                + "{\"role\":\"user\",\"content\":\"thanks\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"a\"}}],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"a\"}},\"parallel_tool_calls\":false}");
        assertJsonEquals(out, "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://x/y.png\"}},"
                + "{\"type\":\"document\",\"source\":{\"type\":\"base64\",\"media_type\":\"application/pdf\",\"data\":\"JVBE\"}}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Let me look.\"},"
                + "{\"type\":\"tool_use\",\"id\":\"c1\",\"name\":\"a\",\"input\":{}},"
                + "{\"type\":\"tool_use\",\"id\":\"c2\",\"name\":\"b\",\"input\":{\"x\":1}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"c1\",\"content\":\"r1\"},"
                + "{\"type\":\"tool_result\",\"tool_use_id\":\"c2\",\"content\":[{\"type\":\"text\",\"text\":\"r2\"}]}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"thanks\"}]}],"
                + "\"tools\":[{\"name\":\"a\",\"input_schema\":{\"type\":\"object\",\"properties\":{}}}],"
                + "\"tool_choice\":{\"type\":\"tool\",\"name\":\"a\",\"disable_parallel_tool_use\":true}}");
    }

    @Test
    void finalAssistantPrefillLosesTrailingWhitespace() throws Exception {
        JsonNode t = tree(translate("{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"The answer is \"}]}"));
        assertThat(t.at("/messages/1/content/0/text").asText()).isEqualTo("The answer is");
    }

    @Test
    void jsonSchemaBecomesAForcedTool() throws Exception {
        String out = translate("{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"r\",\"strict\":true,"
                + "\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}}}");
        JsonNode t = tree(out);
        assertThat(t.at("/tools/0/name").asText()).isEqualTo("json_tool_call");
        assertThat(t.at("/tools/0/input_schema/properties/a/type").asText()).isEqualTo("string");
        assertThat(t.at("/tool_choice").toString()).isEqualTo("{\"type\":\"tool\",\"name\":\"json_tool_call\"}");
    }

    @Test
    void reasoningEffortEnablesThinkingAndDropsSampling() throws Exception {
        JsonNode t = tree(translate("{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"reasoning_effort\":\"medium\",\"temperature\":0.3,\"max_completion_tokens\":8000}"));
        assertThat(t.at("/thinking").toString()).isEqualTo("{\"type\":\"enabled\",\"budget_tokens\":2048}");
        assertThat(t.at("/max_tokens").asLong()).isEqualTo(8000);
        assertThat(t.has("temperature")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"n\":2|n",
        "\"logprobs\":true|logprobs",
        "\"temperature\":1.5|temperature",
        "\"max_tokens\":0|max_tokens",
        "\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"x\"}}]|tools[0].type",
        "\"tool_choice\":\"sometimes\"|tool_choice",
        "\"response_format\":{\"type\":\"xml\"}|response_format.type",
        "\"functions\":[]|functions",
        "\"reasoning_effort\":\"max\"|reasoning_effort",
        "\"modalities\":[\"text\",\"audio\"]|modalities",
    })
    void rejectsWhatAnthropicCannotDo(String field, String param) {
        assertThatThrownBy(() -> translate("{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]," + field + "}"))
                .isInstanceOfSatisfying(RequestRejectedException.class, e -> assertThat(e.param()).isEqualTo(param));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"x\",\"format\":\"wav\"}}]}]",
        "[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"ftp://x\"}}]}]",
        "[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"[1]\"}}]}]",
        "[{\"role\":\"function\",\"name\":\"f\",\"content\":\"x\"}]",
        "[{\"role\":\"tool\",\"content\":\"x\"}]",
        "[]",
    })
    void rejectsMessagesAnthropicCannotTake(String messages) {
        assertThatThrownBy(() -> translate("{\"model\":\"c\",\"messages\":" + messages + "}"))
                .isInstanceOfSatisfying(RequestRejectedException.class, e -> assertThat(e.param()).startsWith("messages"));
    }

    @Test
    void onlyChatIsSupported() {
        assertThat(adapter.supports(Endpoint.CHAT_COMPLETIONS)).isTrue();
        assertThat(adapter.supports(Endpoint.EMBEDDINGS)).isFalse();
        assertThat(adapter.validate(new ProviderSettings("c", "anthropic", true, "h", 443, "", Map.of(), Map.of(),
                "v1", Map.of(), false, null, null, null, null)))
                .containsExactly("api_version: v1 (expected: an anthropic-version date like 2023-06-01)");
    }

    // ---- responses ----

    private ResponseTranslator translator(boolean includeUsage) throws RequestRejectedException {
        UpstreamCall call = prepare("{\"model\":\"c\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"
                + (includeUsage ? ",\"stream_options\":{\"include_usage\":true}}" : "}"));
        call.release();
        return call.translator();
    }

    @Test
    void responseMatchesTheReference() throws Exception {
        ResponseTranslator t = translator(false);
        ByteBuf in = buf(resource("anthropic/response.json"));
        try {
            assertJsonEquals(drain(t.translateBody(in, ALLOC)), resource("anthropic/response_translated.json"));
        } finally {
            in.release();
        }
        assertThat(t.usage()).isEqualTo(Usage.of(1401, 65, 1466, 1024));
    }

    @Test
    void cacheReadsAndWritesCountInThePromptAndReachTheClient() throws Exception {
        ResponseTranslator t = translator(false);
        ByteBuf in = buf("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":21,"
                + "\"cache_creation_input_tokens\":188,\"cache_read_input_tokens\":1024,\"output_tokens\":5}}");
        try {
            JsonNode out = tree(drain(t.translateBody(in, ALLOC)));
            assertThat(out.at("/usage/prompt_tokens").asLong()).isEqualTo(1233);
            assertThat(out.at("/usage/total_tokens").asLong()).isEqualTo(1238);
            assertThat(out.at("/usage/prompt_tokens_details/cached_tokens").asLong()).isEqualTo(1024);
            assertThat(out.at("/usage/prompt_tokens_details/cache_write_tokens").asLong()).isEqualTo(188);
        } finally {
            in.release();
        }
        assertThat(t.usage()).isEqualTo(new Usage(1233, 5, 1238, 1024, 188));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void streamCacheCountsComeFromMessageStartAndStayThroughTheCumulativeDelta(boolean deltaRepeatsInput)
            throws Exception {
        String inputCounts = "\"input_tokens\":21,\"cache_creation_input_tokens\":188,\"cache_read_input_tokens\":1024";
        List<String> events = List.of(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":"
                        + "\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,"
                        + "\"usage\":{" + inputCounts + ",\"output_tokens\":1}}}\n\n",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"ok\"}}\n\n",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null},\"usage\":{" + (deltaRepeatsInput ? inputCounts + "," : "")
                        + "\"output_tokens\":5}}\n\n",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        ResponseTranslator t = translator(true);
        Streams.Result r = Streams.translate(t, events);
        assertThat(r.complete()).isTrue();
        assertThat(r.text()).contains("\"usage\":{\"prompt_tokens\":1233,\"completion_tokens\":5,\"total_tokens\":1238,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":1024,\"cache_write_tokens\":188}}");
        assertThat(t.usage()).isEqualTo(new Usage(1233, 5, 1238, 1024, 188));
    }

    @Test
    void jsonModeResponseBecomesContent() throws Exception {
        UpstreamCall call = prepare("{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"response_format\":{\"type\":\"json_object\"}}");
        call.release();
        ByteBuf in = buf("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":["
                + "{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"json_tool_call\",\"input\":{\"a\":[1,2]}}],"
                + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":3,\"output_tokens\":4}}");
        try {
            JsonNode out = tree(drain(call.translator().translateBody(in, ALLOC)));
            assertThat(out.at("/choices/0/message/content").asText()).isEqualTo("{\"a\":[1,2]}");
            assertThat(out.at("/choices/0/message/tool_calls").isMissingNode()).isTrue();
            assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        } finally {
            in.release();
        }
    }

    @Test
    void streamMatchesTheReferenceByteForByte() throws Exception {
        ResponseTranslator t = translator(true);
        Streams.Result r = Streams.translate(t, Streams.events(resource("anthropic/stream.txt")));
        assertThat(r.text()).isEqualTo(resource("anthropic/stream_translated.txt"));
        assertThat(r.complete()).isTrue();
        assertThat(t.usage()).isEqualTo(Usage.of(377, 65, 442, 0));
    }

    @Test
    void everyEventShapeMatchesItsRecordingByteForByte() throws Exception {
        // Recorded before the event reader moved from jackson to JsonCursor: thinking, redacted
        // thinking, pings, an unknown event, escapes and non-ASCII text, tools with and without
        // arguments, cumulative usage with cache counts.
        ResponseTranslator t = translator(true);
        Streams.Result r = Streams.translate(t, Streams.events(resource("anthropic/stream_shapes.txt")));
        assertThat(r.text()).isEqualTo(resource("anthropic/stream_shapes_translated.txt"));
        assertThat(r.complete()).isTrue();
        assertThat(t.usage()).isEqualTo(new Usage(55, 87, 142, 40, 3));
    }

    @Test
    void legacyCompletionStreamCopiesTheTextAsTheProviderEscapedIt() throws Exception {
        ResponseTranslator t = new AnthropicResponseTranslator("claude", CLOCK, false, false, "m", true);
        Streams.Result r = Streams.translate(t, Streams.events(resource("anthropic/stream_shapes.txt")));
        assertThat(r.complete()).isTrue();
        assertThat(r.text()).contains("\"object\":\"text_completion\"")
                .contains("\"choices\":[{\"text\":\"llo wörld \\uD83D\\uDE00, 日本語</b>\",\"index\":0,")
                .contains("\"choices\":[{\"text\":\"\\n\\nDone.\",\"index\":0,")
                .doesNotContain("reasoning_content");
    }

    @Test
    void nonCanonicalEscapesAreCopiedAsTheProviderWroteThem() throws Exception {
        String stream = "data: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\",\"model\":\"m\"}}\n\n"
                + "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"caf\\u00e9 \\/ \\ud83d\\ude00\"}}\n\n";
        Streams.Result r = Streams.translate(translator(false), Streams.events(stream));
        assertThat(r.text()).contains("{\"content\":\"caf\\u00e9 \\/ \\ud83d\\ude00\"}");
    }

    @Test
    void fieldsAreReadInAnyOrder() throws Exception {
        String stream = "data: {\"message\":{\"model\":\"m\",\"id\":\"m1\"},\"type\":\"message_start\"}\n\n"
                + "data: {\"content_block\":{\"text\":\"\",\"type\":\"text\"},\"index\":0,\"type\":\"content_block_start\"}\n\n"
                + "data: {\"delta\":{\"text\":\"Hi\",\"type\":\"text_delta\"},\"index\":0,\"type\":\"content_block_delta\"}\n\n"
                + "data: {\"usage\":{\"output_tokens\":2},\"delta\":{\"stop_reason\":\"max_tokens\"},\"type\":\"message_delta\"}\n\n"
                + "data: {\"type\":\"message_stop\"}\n\n";
        ResponseTranslator t = translator(false);
        Streams.Result r = Streams.translate(t, Streams.events(stream));
        assertThat(r.complete()).isTrue();
        assertThat(r.text()).contains("\"id\":\"chatcmpl-m1\"").contains("{\"content\":\"Hi\"}")
                .contains("\"finish_reason\":\"length\"");
        assertThat(t.usage().completionTokens()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"text\"", "{\"type\":\"ping\"} {}", "{\"type\":\"ping\",\"x\":\"a\u0001\"}",
        "{\"type\":\"ping\",\"x\":nul}"})
    void eventThatIsNotOneJsonObjectIsATranslationError(String data) throws Exception {
        ResponseTranslator t = translator(false);
        ByteBuf in = buf("data: " + data + "\n\n");
        try {
            assertThatThrownBy(() -> t.translateEvent(in, ALLOC, new java.util.ArrayList<>()))
                    .isInstanceOf(io.llmgateway.codec.spi.TranslationException.class);
        } finally {
            in.release();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 13, 64, 500})
    void streamSplitAtAwkwardPointsGivesTheSameBytes(int chunkSize) throws Exception {
        String crlf = resource("anthropic/stream.txt").replace("\n", "\r\n");
        Streams.Result r = Streams.translateBuffers(translator(true), ChunkedSse.events(crlf, chunkSize));
        assertThat(r.text()).isEqualTo(resource("anthropic/stream_translated.txt"));
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsage() throws Exception {
        Streams.Result r = Streams.translate(translator(false), Streams.events(resource("anthropic/stream.txt")));
        String expected = resource("anthropic/stream_translated.txt").replace(",\"usage\":null", "")
                .replaceAll("data: \\{[^\\n]*\"choices\":\\[\\],[^\\n]*\\n\\n", "");
        assertThat(r.text()).isEqualTo(expected);
    }

    @Test
    void thinkingStreamsAsReasoningContent() throws Exception {
        String stream = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_t\",\"model\":\"m\","
                + "\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n" + resource("anthropic/stream_thinking.txt")
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                + "\"usage\":{\"output_tokens\":30}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"    }\n\n";
        Streams.Result r = Streams.translate(translator(false), Streams.events(stream));
        assertThat(r.complete()).isTrue();
        assertThat(r.text()).contains("\"delta\":{\"reasoning_content\":\"Let me solve this step by step:\\n\\n1. First break down 27 * 453\"}")
                .doesNotContain("signature").endsWith("data: [DONE]\n\n").doesNotContain("event:");
    }

    @Test
    void errorEventBecomesAnInStreamErrorAndTheStreamIsIncomplete() throws Exception {
        String stream = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_e\",\"model\":\"m\"}}\n\n"
                + resource("anthropic/stream_error.txt");
        Streams.Result r = Streams.translate(translator(true), Streams.events(stream));
        assertThat(r.complete()).isFalse();
        assertThat(r.text()).endsWith("data: {\"error\":{\"message\":\"claude: Overloaded\",\"type\":\"server_error\","
                + "\"param\":null,\"code\":\"overloaded\"}}\n\n");
    }

    @Test
    void cutStreamIsIncomplete() throws Exception {
        var events = Streams.events(resource("anthropic/stream.txt"));
        Streams.Result r = Streams.translate(translator(true), events.subList(0, 5));
        assertThat(r.complete()).isFalse();
        assertThat(r.text()).doesNotContain("[DONE]");
    }

    @Test
    void toolCallWithoutArgumentsGetsAnEmptyObject() throws Exception {
        String stream = "data: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\",\"model\":\"m\"}}\n\n"
                + "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"now\",\"input\":{}}}\n\n"
                + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}\n\n"
                + "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":3}}\n\n"
                + "data: {\"type\":\"message_stop\"}\n\n";
        Streams.Result r = Streams.translate(translator(false), Streams.events(stream));
        assertThat(r.text()).contains("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}")
                .contains("\"finish_reason\":\"tool_calls\"");
    }

    @Test
    void malformedEventIsATranslationError() throws Exception {
        ResponseTranslator t = translator(false);
        ByteBuf in = buf("data: {\"type\":\"message_start\",\n\n");
        try {
            assertThatThrownBy(() -> t.translateEvent(in, ALLOC, new java.util.ArrayList<>()))
                    .isInstanceOf(io.llmgateway.codec.spi.TranslationException.class);
        } finally {
            in.release();
        }
        // The thread's parser was reset: the next stream still works.
        streamMatchesTheReferenceByteForByte();
    }

    // ---- errors ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "400|anthropic/error_context.json|400|invalid_request_error|context_length_exceeded",
        "401|anthropic/error_401.json|502|server_error|upstream_authentication_failed",
        "404|anthropic/error_404.json|404|invalid_request_error|model_not_found",
        "429|anthropic/error_429.json|429|rate_limit_error|rate_limit_exceeded",
        "529|anthropic/error_529.json|503|server_error|overloaded",
    })
    void errorsMapPerStatus(int status, String fixture, int expectedStatus, String type, String code) throws Exception {
        ResponseTranslator t = translator(false);
        ByteBuf in = buf(resource(fixture));
        UpstreamError e = t.translateError(status, Map.of("retry-after", "7")::get, in, ALLOC);
        in.release();
        assertThat(e.status()).isEqualTo(expectedStatus);
        assertThat(e.retryAfterMs()).isEqualTo(7000);
        JsonNode body = tree(drain(e.body()));
        assertThat(body.at("/error/type").asText()).isEqualTo(type);
        assertThat(body.at("/error/code").asText()).isEqualTo(code);
        assertThat(body.at("/error/message").asText()).startsWith("claude: ");
        assertThat(e.classification().code()).isEqualTo(code);
        assertThat(e.classification().contextLengthExceeded()).isEqualTo(status == 400);
    }

    @Test
    void otherErrorStatuses() throws Exception {
        ResponseTranslator t = translator(false);
        for (int[] c : new int[][] {{403, 403}, {413, 413}, {500, 502}, {504, 504}}) {
            ByteBuf in = buf(c[0] == 413 ? "<html>413 Request Entity Too Large</html>"
                    : "{\"type\":\"error\",\"error\":{\"type\":\"" + (c[0] == 403 ? "permission_error" : c[0] == 500 ? "api_error" : "timeout_error")
                    + "\",\"message\":\"m\"}}");
            UpstreamError e = t.translateError(c[0], n -> null, in, ALLOC);
            in.release();
            assertThat(e.status()).as("upstream %d", c[0]).isEqualTo(c[1]);
            assertThat(e.retryAfterMs()).isEqualTo(-1);
            assertThat(string(e.body())).contains("\"error\"");
            e.body().release();
        }
    }
}
