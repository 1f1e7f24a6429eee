package io.llmgateway.adapters.gemini;

import static io.llmgateway.adapters.testing.TestRequests.ALLOC;
import static io.llmgateway.adapters.testing.TestRequests.assertJsonEquals;
import static io.llmgateway.adapters.testing.TestRequests.buf;
import static io.llmgateway.adapters.testing.TestRequests.drain;
import static io.llmgateway.adapters.testing.TestRequests.request;
import static io.llmgateway.adapters.testing.TestRequests.resource;
import static io.llmgateway.adapters.testing.TestRequests.settings;
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

class GeminiAdapterTest {

    private static final String CALL_ID = "call_7f3c2a9e51d84b6fa0c1e2d3";

    private static GeminiAdapter adapter(long epochSeconds) {
        return new GeminiAdapter(Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC), () -> CALL_ID);
    }

    private final GeminiAdapter adapter = adapter(1_761_000_000L);
    private final ProviderSettings studio = settings("gemini", "gemini", "generativelanguage.googleapis.com", "");

    private static ProviderSettings vertex(String basePath, String project, String location, String authMode) {
        return settings("vertex", "us-central1-aiplatform.googleapis.com", basePath, Map.of(), Map.of(), null, Map.of(),
                false, project, location, null, authMode);
    }

    private static UpstreamCall prepare(GeminiAdapter a, ProviderSettings p, Endpoint e, String model, String body)
            throws RequestRejectedException {
        ByteBuf b = buf(body);
        try {
            return a.prepare(request(e, p, model, "secret", b));
        } finally {
            b.release();
        }
    }

    private UpstreamCall chat(String body) throws RequestRejectedException {
        return prepare(adapter, studio, Endpoint.CHAT_COMPLETIONS, "gemini-2.5-flash", body);
    }

    @Test
    void canonicalRequestMatchesTheReference() throws Exception {
        UpstreamCall call = chat(resource("openai/chat_request.json"));
        assertThat(call.pathAndQuery()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(call.headers()).containsExactly(Map.entry("x-goog-api-key", "secret"));
        assertJsonEquals(drain(call.body()), resource("gemini/request.json"));
    }

    @Test
    void urlsForStudioAndVertex() throws Exception {
        String body = "{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        UpstreamCall c = prepare(adapter, settings("gemini", "gemini", "generativelanguage.googleapis.com", "/v1"),
                Endpoint.CHAT_COMPLETIONS, "models/gemini-2.5-flash", body);
        c.release();
        assertThat(c.pathAndQuery()).isEqualTo("/v1/models/gemini-2.5-flash:generateContent");

        c = prepare(adapter, vertex("", "my-proj", "us-central1", null), Endpoint.CHAT_COMPLETIONS, "gemini-2.5-flash", body);
        c.release();
        assertThat(c.pathAndQuery()).isEqualTo(
                "/v1/projects/my-proj/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent");
        assertThat(c.headers()).containsExactly(Map.entry("authorization", "Bearer secret"));

        c = prepare(adapter, vertex("", null, null, "api_key"), Endpoint.CHAT_COMPLETIONS, "gemini-2.5-flash",
                "{\"model\":\"g\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        c.release();
        assertThat(c.pathAndQuery()).isEqualTo("/v1/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(c.headers()).containsExactly(Map.entry("x-goog-api-key", "secret"));

        c = prepare(adapter, vertex("/v1beta1/projects/p/locations/global", null, null, null), Endpoint.EMBEDDINGS,
                "text-embedding-005", "{\"model\":\"e\",\"input\":\"x\"}");
        c.release();
        assertThat(c.pathAndQuery()).isEqualTo("/v1beta1/projects/p/locations/global/publishers/google/models/text-embedding-005:predict");

        assertThat(GeminiAdapter.vertexBaseUrl("europe-west4")).isEqualTo("https://europe-west4-aiplatform.googleapis.com");
        assertThat(GeminiAdapter.vertexBaseUrl("global")).isEqualTo("https://aiplatform.googleapis.com");
        assertThat(GeminiAdapter.vertexBaseUrl("eu")).isEqualTo("https://aiplatform.eu.rep.googleapis.com");
    }

    @Test
    void validateNamesTheKey() {
        assertThat(adapter.validate(vertex("", null, null, null)))
                .containsExactly("project: required for type vertex (or auth_mode: api_key for express mode)");
        assertThat(adapter.validate(vertex("", "p", null, null)))
                .containsExactly("location: required for type vertex with a project (e.g. us-central1 or global)");
        assertThat(adapter.validate(vertex("", "p", "Mars 1", null)))
                .containsExactly("location: Mars 1 (expected: a region like us-central1, or global, us, eu)");
        assertThat(adapter.validate(vertex("", "p", "us-central1", null))).isEmpty();
        assertThat(adapter.validate(studio)).isEmpty();
    }

    @Test
    void jsonModeToolChoiceAndReasoning() throws Exception {
        JsonNode t = tree(drain(chat("{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"}],"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{\"type\":\"object\"}}},"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\","
                + "\"additionalProperties\":false,\"properties\":{\"additionalProperties\":{\"type\":\"string\"}}}}},"
                + "{\"type\":\"function\",\"function\":{\"name\":\"g\",\"parameters\":{\"type\":\"object\",\"properties\":{}}}}],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}},\"n\":2,\"seed\":7,"
                + "\"reasoning_effort\":\"low\",\"user\":\"u\",\"logit_bias\":{\"1\":1}}").body()));
        assertThat(t.at("/contents").size()).isEqualTo(2);
        assertThat(t.at("/contents/1/parts").size()).isEqualTo(2);
        assertThat(t.at("/generationConfig/responseMimeType").asText()).isEqualTo("application/json");
        assertThat(t.at("/generationConfig/responseJsonSchema").toString()).isEqualTo("{\"type\":\"object\"}");
        assertThat(t.at("/generationConfig/candidateCount").asInt()).isEqualTo(2);
        assertThat(t.at("/generationConfig/seed").asInt()).isEqualTo(7);
        assertThat(t.at("/generationConfig/thinkingConfig/thinkingBudget").asInt()).isEqualTo(1024);
        assertThat(t.at("/toolConfig").toString())
                .isEqualTo("{\"functionCallingConfig\":{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"f\"]}}");
        assertThat(t.at("/tools/0/functionDeclarations/0/parameters").toString())
                .isEqualTo("{\"type\":\"object\",\"properties\":{\"additionalProperties\":{\"type\":\"string\"}}}");
        assertThat(t.at("/tools/0/functionDeclarations/1/parameters").isMissingNode()).isTrue();
        assertThat(t.has("user")).isFalse();
    }

    @Test
    void thoughtSignatureRoundTripsThroughTheToolCallId() throws Exception {
        JsonNode t = tree(drain(chat("{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_1__thought__c2lnbg==\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1__thought__c2lnbg==\",\"content\":\"ok\"}]}").body()));
        assertThat(t.at("/contents/1/parts/0/thoughtSignature").asText()).isEqualTo("c2lnbg==");
        assertThat(t.at("/contents/2/parts/0/functionResponse/name").asText()).isEqualTo("f");
    }

    @Test
    void aCallGeminiDidNotMakeGetsTheDocumentedDummySignatureOnTheFirstCallOfTheStep() throws Exception {
        // Parallel calls made by another provider (ids without a signature), then a Gemini call.
        JsonNode t = tree(drain(chat("{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"tool_calls\":["
                + "{\"id\":\"call_8f3a\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}},"
                + "{\"id\":\"toolu_01N\",\"type\":\"function\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_8f3a\",\"content\":\"1\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"toolu_01N\",\"content\":\"2\"},"
                + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"call_2__thought__c2lnbg==\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_2__thought__c2lnbg==\",\"content\":\"3\"}]}").body()));

        assertThat(t.at("/contents/1/parts/0/thoughtSignature").asText()).isEqualTo("skip_thought_signature_validator");
        assertThat(t.at("/contents/1/parts/1").has("thoughtSignature")).as("only the first call of a step").isFalse();
        assertThat(t.at("/contents/3/parts/0/thoughtSignature").asText()).as("Gemini's own is kept").isEqualTo("c2lnbg==");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"logprobs\":true|logprobs",
        "\"n\":2,\"stream\":true|n",
        "\"tool_choice\":\"maybe\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]|tool_choice",
        "\"response_format\":{\"type\":\"yaml\"}|response_format.type",
        "\"messages\":[{\"role\":\"tool\",\"tool_call_id\":\"x\",\"content\":\"r\"}]|messages[0].tool_call_id",
        "\"audio\":{\"voice\":\"x\"}|audio",
    })
    void rejectsWhatGeminiCannotDo(String field, String param) {
        String body = field.startsWith("\"messages\"") ? "{\"model\":\"g\"," + field + "}"
                : "{\"model\":\"g\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]," + field + "}";
        assertThatThrownBy(() -> chat(body))
                .isInstanceOfSatisfying(RequestRejectedException.class, e -> assertThat(e.param()).isEqualTo(param));
    }

    // ---- responses ----

    private ResponseTranslator translator(GeminiAdapter a, boolean includeUsage) throws RequestRejectedException {
        UpstreamCall call = prepare(a, studio, Endpoint.CHAT_COMPLETIONS, "gemini-2.5-flash",
                "{\"model\":\"g\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"
                        + (includeUsage ? ",\"stream_options\":{\"include_usage\":true}}" : "}"));
        call.release();
        return call.translator();
    }

    private static String body(ResponseTranslator t, String fixture) throws Exception {
        ByteBuf in = buf(resource(fixture));
        try {
            return drain(t.translateBody(in, ALLOC));
        } finally {
            in.release();
        }
    }

    @Test
    void responsesMatchTheReference() throws Exception {
        ResponseTranslator t = translator(adapter, false);
        assertJsonEquals(body(t, "gemini/response.json"), resource("gemini/response_translated.json"));
        assertThat(t.usage()).isEqualTo(Usage.of(1117, 52, 1169, 1024));

        ResponseTranslator f = translator(adapter(1_755_305_065L), false);
        assertJsonEquals(body(f, "gemini/response_function.json"), resource("gemini/response_function_translated.json"));
    }

    @Test
    void blockedPromptIsAContentFilterChoice() throws Exception {
        JsonNode out = tree(body(translator(adapter, false), "gemini/response_blocked.json"));
        assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");
        assertThat(out.at("/choices/0/message/content").isNull()).isTrue();
        assertThat(out.at("/usage/prompt_tokens").asInt()).isEqualTo(12);
    }

    @Test
    void streamMatchesTheReferenceByteForByte() throws Exception {
        ResponseTranslator t = translator(adapter, true);
        Streams.Result r = Streams.translate(t, Streams.events(resource("gemini/stream.txt")));
        assertThat(r.text()).isEqualTo(resource("gemini/stream_translated.txt"));
        assertThat(r.complete()).isTrue();
        assertThat(t.usage()).isEqualTo(Usage.of(20, 513, 533, 0));
    }

    @Test
    void streamCachedContentTokensAreInThePromptAndReachTheClient() throws Exception {
        String chunk = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"%s\"}],\"role\":\"model\"},%s"
                + "\"index\":0}],\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r1\",\"usageMetadata\":{"
                + "\"promptTokenCount\":1117,\"candidatesTokenCount\":%d,\"totalTokenCount\":%d,"
                + "\"cachedContentTokenCount\":1024}}\n\n";
        ResponseTranslator t = translator(adapter, true);
        Streams.Result r = Streams.translate(t, List.of(String.format(chunk, "Hello", "", 1, 1118),
                String.format(chunk, " there", "\"finishReason\":\"STOP\",", 2, 1119)));
        assertThat(r.complete()).isTrue();
        assertThat(r.text()).contains("\"usage\":{\"prompt_tokens\":1117,\"completion_tokens\":2,\"total_tokens\":1119,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":1024}}");
        assertThat(t.usage()).isEqualTo(Usage.of(1117, 2, 1119, 1024));
        assertThat(t.usage().uncachedPromptTokens()).isEqualTo(93);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 17, 100, 4096})
    void streamSplitAtAwkwardPointsGivesTheSameBytes(int chunkSize) throws Exception {
        String crlf = resource("gemini/stream.txt").replace("\n", "\r\n");
        Streams.Result r = Streams.translateBuffers(translator(adapter, true), ChunkedSse.events(crlf, chunkSize));
        assertThat(r.text()).isEqualTo(resource("gemini/stream_translated.txt"));
    }

    @Test
    void vertexStreamTakesTheLastCountsAndMapsMaxTokens() throws Exception {
        ResponseTranslator t = translator(adapter, true);
        Streams.Result r = Streams.translate(t, Streams.events(resource("gemini/stream_vertex.txt")));
        assertThat(r.complete()).isTrue();
        assertThat(r.text()).contains("\"finish_reason\":\"length\"")
                .contains("\"choices\":[],\"usage\":{\"prompt_tokens\":6,\"completion_tokens\":197,\"total_tokens\":203,"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":41}}}")
                .startsWith("data: {\"id\":\"chatcmpl-py77aMaRCNWD2PgPnuuEyAE\"");
    }

    @Test
    void functionCallStreamsAsOneCompleteToolCall() throws Exception {
        String stream = "data: " + resource("gemini/response_function.json").replaceAll("\\s*\\n\\s*", "") + "\r\n\r\n";
        Streams.Result r = Streams.translate(translator(adapter, false), Streams.events(stream));
        assertThat(r.text()).contains("{\"tool_calls\":[{\"index\":0,\"id\":\"" + CALL_ID + "\",\"type\":\"function\","
                + "\"function\":{\"name\":\"customDivide\",\"arguments\":\"{\\\"denominator\\\":2,\\\"numerator\\\":10}\"}}]}")
                .contains("\"finish_reason\":\"tool_calls\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void streamWithoutFinishIsCutShortAndErrorPayloadBecomesAnErrorEvent() throws Exception {
        var events = Streams.events(resource("gemini/stream.txt"));
        Streams.Result cut = Streams.translate(translator(adapter, true), events.subList(0, 2));
        assertThat(cut.complete()).isFalse();
        assertThat(cut.text()).doesNotContain("[DONE]");

        Streams.Result err = Streams.translate(translator(adapter, true),
                java.util.List.of(events.get(0), "data: " + resource("gemini/error_503.json").trim() + "\n\n"));
        assertThat(err.complete()).isFalse();
        assertThat(err.text()).endsWith("data: {\"error\":{\"message\":\"gemini: The model is overloaded. Please try again "
                + "later.\",\"type\":\"server_error\",\"param\":null,\"code\":\"overloaded\"}}\n\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "400|gemini/error_api_key.json|502|upstream_authentication_failed|-1",
        "429|gemini/error_429.json|429|rate_limit_exceeded|26000",
        "400|gemini/error_context.json|400|context_length_exceeded|-1",
        "503|gemini/error_503.json|503|overloaded|-1",
        "429|gemini/error_vertex_429.json|429|rate_limit_exceeded|-1",
    })
    void errorsMapPerStatus(int status, String fixture, int expected, String code, long retryMs) throws Exception {
        ResponseTranslator t = translator(adapter, false);
        ByteBuf in = buf(resource(fixture));
        UpstreamError e = t.translateError(status, n -> null, in, ALLOC);
        in.release();
        assertThat(e.status()).isEqualTo(expected);
        assertThat(e.retryAfterMs()).isEqualTo(retryMs);
        assertThat(tree(drain(e.body())).at("/error/code").asText()).isEqualTo(code);
        assertThat(e.classification().code()).isEqualTo(code);
        assertThat(e.classification().contextLengthExceeded()).isEqualTo(fixture.endsWith("error_context.json"));
    }

    @Test
    void perDayQuotaIsNotARetryableRateLimit() throws Exception {
        ResponseTranslator t = translator(adapter, false);
        ByteBuf in = buf(resource("gemini/error_429.json").replace("PerModelPerMinute", "PerModelPerDay"));
        UpstreamError e = t.translateError(429, n -> null, in, ALLOC);
        in.release();
        assertThat(tree(drain(e.body())).at("/error/type").asText()).isEqualTo("insufficient_quota");
    }

    // ---- embeddings ----

    @Test
    void embeddingsThroughBatchEmbedContents() throws Exception {
        UpstreamCall call = prepare(adapter, studio, Endpoint.EMBEDDINGS, "gemini-embedding-001",
                resource("openai/embeddings_request.json"));
        assertThat(call.pathAndQuery()).isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
        assertJsonEquals(drain(call.body()), resource("gemini/embed_request.json"));
        JsonNode out = tree(body(call.translator(), "gemini/embed_response.json"));
        assertThat(out.get("data")).isEqualTo(tree(resource("openai/embeddings_response.json")).get("data"));
        assertThat(out.at("/object").asText()).isEqualTo("list");
        assertThat(out.at("/usage/prompt_tokens").asInt()).isZero();
    }

    @Test
    void embeddingsThroughVertexPredictWithBase64() throws Exception {
        UpstreamCall call = prepare(adapter, vertex("", "p", "us-central1", null), Endpoint.EMBEDDINGS,
                "text-embedding-005", "{\"model\":\"e\",\"input\":[\"The quick brown fox\",\"jumped over the lazy dog\"],"
                        + "\"dimensions\":4,\"encoding_format\":\"base64\"}");
        assertJsonEquals(drain(call.body()), "{\"instances\":[{\"content\":\"The quick brown fox\"},"
                + "{\"content\":\"jumped over the lazy dog\"}],\"parameters\":{\"outputDimensionality\":4}}");
        JsonNode out = tree(body(call.translator(), "gemini/vertex_embed_response.json"));
        assertThat(out.at("/usage/prompt_tokens").asInt()).isEqualTo(10);
        byte[] packed = java.util.Base64.getDecoder().decode(out.at("/data/0/embedding").asText());
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(packed).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getFloat()).isEqualTo(0.013551234f);
        assertThat(call.translator().usage()).isEqualTo(Usage.of(10, 0, 10, 0));
    }

    @Test
    void tokenInputsAreRejected() {
        assertThatThrownBy(() -> prepare(adapter, studio, Endpoint.EMBEDDINGS, "e", "{\"model\":\"e\",\"input\":[[1,2]]}"))
                .isInstanceOfSatisfying(RequestRejectedException.class, e -> assertThat(e.param()).isEqualTo("input"));
    }
}
