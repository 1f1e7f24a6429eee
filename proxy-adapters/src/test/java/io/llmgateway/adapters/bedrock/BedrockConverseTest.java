package io.llmgateway.adapters.bedrock;

import static io.llmgateway.adapters.testing.TestRequests.ALLOC;
import static io.llmgateway.adapters.testing.TestRequests.assertJsonEquals;
import static io.llmgateway.adapters.testing.TestRequests.buf;
import static io.llmgateway.adapters.testing.TestRequests.drain;
import static io.llmgateway.adapters.testing.TestRequests.resource;
import static io.llmgateway.adapters.testing.TestRequests.scan;
import static io.llmgateway.adapters.testing.TestRequests.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.adapters.testing.Streams;
import io.llmgateway.codec.eventstream.EventStreamSplitter;
import io.llmgateway.codec.eventstream.EventStreamWriter;
import io.llmgateway.codec.spi.AwsCredentials;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.ErrorClassification;
import io.llmgateway.codec.spi.OutboundRequest;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.RequestRejectedException;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.UpstreamCall;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.codec.spi.Usage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code api: converse}: the request, SigV4, the answer, the binary event stream and errors (reference 7.2–7.6). */
class BedrockConverseTest {

    private static final String MODEL = "anthropic.claude-sonnet-4-5-20250929-v1:0";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T11:30:00Z"), ZoneOffset.UTC);
    private static final AwsCredentials AWS = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "session-token-example");
    private static final ProviderSettings CONVERSE = new ProviderSettings("bedrock", "bedrock", true,
            "bedrock-runtime.us-east-1.amazonaws.com", 443, "/openai/v1", Map.of(), Map.of(), null, Map.of(), false, null,
            null, "us-east-1", null, BedrockAdapter.API_CONVERSE);

    private final BedrockAdapter adapter = new BedrockAdapter(CLOCK);

    private UpstreamCall prepare(String body, AwsCredentials aws) throws RequestRejectedException {
        ByteBuf in = buf(body);
        try {
            return adapter.prepare(new OutboundRequest(Endpoint.CHAT_COMPLETIONS, CONVERSE, MODEL,
                    aws == null ? "br-api-key" : aws.secretAccessKey(), in, scan(in), ALLOC, aws));
        } finally {
            in.release();
        }
    }

    @Test
    void theCanonicalRequestBecomesTheReferencesConverseRequestOnTheStreamPath() throws Exception {
        UpstreamCall call = prepare(resource("openai/chat_request.json"), null);

        assertThat(call.pathAndQuery()).isEqualTo("/model/anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream");
        assertThat(call.headers()).containsExactly(Map.entry("accept", "application/vnd.amazon.eventstream"),
                Map.entry("authorization", "Bearer br-api-key"));
        assertJsonEquals(drain(call.body()), resource("bedrock/converse_request.json"));
    }

    @Test
    void aKeyWithAnAwsCredentialSignsWithSigV4() throws Exception {
        UpstreamCall call = prepare("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", AWS);
        String body;
        try {
            body = call.body().toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(body).isEqualTo("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}");
            Map<String, String> h = new LinkedHashMap<>();
            call.headers().forEach(e -> h.put(e.getKey(), e.getValue()));
            assertThat(h).containsOnlyKeys("accept", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token",
                    "authorization");
            assertThat(h.get("x-amz-date")).isEqualTo("20261207T113000Z");
            assertThat(h.get("x-amz-security-token")).isEqualTo("session-token-example");
            assertThat(h.get("x-amz-content-sha256")).isEqualTo(SigV4Signer.sha256Hex(call.body()));
            List<Map.Entry<String, String>> signed = List.of(Map.entry("host", "bedrock-runtime.us-east-1.amazonaws.com"),
                    Map.entry("x-amz-content-sha256", h.get("x-amz-content-sha256")),
                    Map.entry("x-amz-date", "20261207T113000Z"), Map.entry("x-amz-security-token", "session-token-example"));
            assertThat(h.get("authorization")).isEqualTo(SigV4Signer.authorization(AWS, "us-east-1", "bedrock",
                    "20261207T113000Z", "POST", "/model/anthropic.claude-sonnet-4-5-20250929-v1%253A0/converse", "",
                    signed, h.get("x-amz-content-sha256")))
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261207/us-east-1/bedrock/aws4_request, "
                            + "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature=")
                    .doesNotContain(AWS.secretAccessKey());
        } finally {
            call.release();
        }
        assertThat(call.pathAndQuery()).isEqualTo("/model/anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse");
    }

    @Test
    void toolChoicesAndInferenceOptionsTranslate() throws Exception {
        String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]";
        assertThat(body("\"tool_choice\":\"required\"" + tools).at("/toolConfig/toolChoice").toString())
                .isEqualTo("{\"any\":{}}");
        assertThat(body("\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}}" + tools)
                .at("/toolConfig/toolChoice").toString()).isEqualTo("{\"tool\":{\"name\":\"f\"}}");
        assertThat(body("\"tool_choice\":\"none\"" + tools).has("toolConfig"))
                .as("none: Converse has no such choice, the tools are left out").isFalse();
        assertThat(body("\"tool_choice\":\"none\"" + tools).has("toolConfig")).isFalse();
        assertThat(body("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]")
                .at("/toolConfig/tools/0/toolSpec/inputSchema/json/type").asText()).isEqualTo("object");
        ObjectNode b = body("\"reasoning_effort\":\"low\",\"temperature\":0.5,\"top_k\":3,\"stop\":[\"\",\"X\"]");
        assertThat(b.at("/additionalModelRequestFields/thinking/budget_tokens").asInt()).isEqualTo(1024);
        assertThat(b.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(1024 + 4096);
        assertThat(b.at("/inferenceConfig").has("temperature")).as("thinking takes the default sampling").isFalse();
        assertThat(b.at("/inferenceConfig/stopSequences").toString()).isEqualTo("[\"X\"]");
    }

    @Test
    void consecutiveTurnsOfOneRoleAreMergedAndToolResultsAreUserTurns() throws Exception {
        ObjectNode b = body("\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"},"
                + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"t1\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"arguments\":\"\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"t1\",\"content\":\"\"},"
                + "{\"role\":\"user\",\"content\":\"c\"}]", false);
        assertJsonEquals(b.get("messages").toString(), "[{\"role\":\"user\",\"content\":[{\"text\":\"a\"},{\"text\":\"b\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":\"t1\",\"name\":\"f\",\"input\":{}}}]},"
                + "{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"t1\",\"content\":[{\"text\":\" \"}],"
                + "\"status\":\"success\"}},{\"text\":\"c\"}]}]");
    }

    @Test
    void whatConverseCannotDoIsA400NamingTheField() {
        assertRejected("\"n\":2", "n");
        assertRejected("\"response_format\":{\"type\":\"xml\"}", "response_format.type");
        assertRejected("\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":"
                + "{\"url\":\"https://x/y.png\"}}]}]", "messages[0].content[0].image_url.url");
        assertRejected("\"logprobs\":true", "logprobs");
    }

    @Test
    void theResponseBodyBecomesTheReferencesCompletion() throws Exception {
        UpstreamCall call = prepare("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", null);
        call.release();
        ByteBuf in = buf(resource("bedrock/converse_response.json"));
        ObjectNode out;
        try {
            out = (ObjectNode) tree(drain(call.translator().translateBody(in, ALLOC)));
        } finally {
            in.release();
        }
        ObjectNode expected = (ObjectNode) tree(resource("bedrock/converse_response_translated.json"));
        assertThat(out.get("id").asText()).startsWith("chatcmpl-bedrock-");
        expected.put("id", out.get("id").asText()).put("created", CLOCK.millis() / 1000);
        ((ObjectNode) expected.at("/usage/prompt_tokens_details")).put("cache_write_tokens", 0);
        assertJsonEquals(out.toString(), expected.toString());
        assertThat(call.translator().usage()).isEqualTo(new Usage(377, 65, 442, 0, 0));
    }

    /** The reference's ConverseStream, framed as Bedrock frames it. */
    static byte[] converseStream(String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[][] events = {
            {"messageStart", "{\"role\":\"assistant\"}"},
            {"contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"I'll check\"}}"},
            {"contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\" the weather.\"},\"p\":\"abcd\"}"},
            {"contentBlockStop", "{\"contentBlockIndex\":0}"},
            {"contentBlockStart", "{\"contentBlockIndex\":1,\"start\":{\"toolUse\":{\"toolUseId\":\"tooluse_kZJ\","
                    + "\"name\":\"get_weather\"}}}"},
            {"contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"{\\\"city\\\": \\\"Par\"}}}"},
            {"contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"is\\\"}\"}}}"},
            {"contentBlockStop", "{\"contentBlockIndex\":1}"},
            {"contentBlockStart", "{\"contentBlockIndex\":2,\"start\":{\"toolUse\":{\"toolUseId\":\"tooluse_2\","
                    + "\"name\":\"now\"}}}"},
            {"contentBlockStop", "{\"contentBlockIndex\":2}"},
            {"messageStop", "{\"stopReason\":\"tool_use\"}"},
            {"metadata", "{\"usage\":{\"inputTokens\":377,\"outputTokens\":65,\"totalTokens\":442,"
                    + "\"cacheReadInputTokens\":100},\"metrics\":{\"latencyMs\":1520}}"},
        };
        for (String[] e : events) {
            out.writeBytes(EventStreamWriter.bytes(Map.of(":event-type", e[0], ":content-type", "application/json",
                    ":message-type", "event"), e[1]));
        }
        for (String x : extra) {
            out.writeBytes(EventStreamWriter.bytes(Map.of(":exception-type", "throttlingException",
                    ":content-type", "application/json", ":message-type", "exception"), x));
        }
        return out.toByteArray();
    }

    @Test
    void theEventStreamSplitAtEveryByteTranslatesToTheSameChunks() throws Exception {
        byte[] stream = converseStream();
        String whole = translateStream(List.of(stream), true);
        assertThat(whole).contains("\"delta\":{\"role\":\"assistant\",\"content\":\"\"}")
                .contains("\"delta\":{\"content\":\"I'll check\"}").contains("\"delta\":{\"content\":\" the weather.\"}")
                .contains("{\"tool_calls\":[{\"index\":0,\"id\":\"tooluse_kZJ\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"get_weather\",\"arguments\":\"\"}}]}")
                .contains("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\": \\\"Par\"}}]}")
                .contains("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{}\"}}]}")
                .contains("\"finish_reason\":\"tool_calls\"")
                .contains("\"choices\":[],\"usage\":{\"prompt_tokens\":477,\"completion_tokens\":65,\"total_tokens\":542,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":100}}")
                .endsWith("data: [DONE]\n\n");
        for (int cut = 1; cut < stream.length; cut++) {
            assertThat(translateStream(List.of(java.util.Arrays.copyOfRange(stream, 0, cut),
                    java.util.Arrays.copyOfRange(stream, cut, stream.length)), true)).isEqualTo(whole);
        }
    }

    @Test
    void anExceptionMidStreamIsOneErrorEventAndNoDone() throws Exception {
        byte[] full = converseStream("{\"message\":\"Too many tokens, please wait before trying again.\"}");
        byte[] stream = withoutLastEvents(full);
        ResponseTranslator t = translator(false);
        Streams.Result r = Streams.translateBuffers(t, split(List.of(stream)));
        assertThat(r.end()).isEqualTo(StreamEnd.FAILED);
        assertThat(r.text()).endsWith("data: {\"error\":{\"message\":\"bedrock: ThrottlingException: Too many tokens, "
                + "please wait before trying again.\",\"type\":\"rate_limit_error\",\"param\":null,"
                + "\"code\":\"rate_limit_exceeded\"}}\n\n").doesNotContain("[DONE]");
    }

    @Test
    void aStreamCutBeforeMessageStopIsTruncated() throws Exception {
        byte[] stream = converseStream();
        ResponseTranslator t = translator(false);
        Streams.Result r = Streams.translateBuffers(t, split(List.of(java.util.Arrays.copyOf(stream, stream.length / 2))));
        assertThat(r.end()).isEqualTo(StreamEnd.TRUNCATED);
        assertThat(r.text()).doesNotContain("[DONE]");
    }

    @Test
    void awsErrorsMapToOpenAiStatusesAndCodes() throws Exception {
        assertError(400, "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/",
                "{\"message\":\"Malformed input request\"}", 400, null);
        assertError(400, null, "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":"
                + "\"The model returned the following errors: prompt is too long: 200049 tokens > 200000 maximum\"}", 400,
                "context_length_exceeded");
        assertError(429, "ThrottlingException", "{\"message\":\"Too many requests\"}", 429, "rate_limit_exceeded");
        assertError(400, "ServiceQuotaExceededException", "{\"message\":\"quota\"}", 429, "insufficient_quota");
        assertError(403, "AccessDeniedException", "{\"message\":\"no access\"}", 403, null);
        assertError(403, "InvalidSignatureException", "{\"message\":\"The request signature we calculated does not "
                + "match the signature you provided.\"}", 502, "upstream_authentication_failed");
        assertError(403, "UnrecognizedClientException", "{\"message\":\"The security token included in the request is "
                + "invalid.\"}", 502, "upstream_authentication_failed");
        assertError(404, "ResourceNotFoundException", "{\"message\":\"no model\"}", 404, "model_not_found");
        assertError(408, "ModelTimeoutException", "{\"message\":\"slow\"}", 504, "timeout");
        assertError(424, "ModelErrorException", "{\"message\":\"bad\"}", 502, null);
        assertError(429, "ModelNotReadyException", "{\"message\":\"loading\"}", 503, "overloaded");
        assertError(503, "ServiceUnavailableException", "{\"message\":\"down\"}", 503, "overloaded");
    }

    private void assertError(int status, String awsType, String body, int expectedStatus, String code) throws Exception {
        ResponseTranslator t = translator(false);
        ByteBuf in = buf(body);
        UpstreamError e;
        try {
            e = t.translateError(status, name -> name.equals("x-amzn-errortype") ? awsType : null, in, ALLOC);
        } finally {
            in.release();
        }
        String out = drain(e.body());
        assertThat(e.status()).as(out).isEqualTo(expectedStatus);
        assertThat(tree(out).at("/error/code").isNull() ? null : tree(out).at("/error/code").asText()).isEqualTo(code);
        assertThat(tree(out).at("/error/message").asText()).startsWith("bedrock: ");
        if ("context_length_exceeded".equals(code)) {
            assertThat(e.classification()).isEqualTo(new ErrorClassification(code, true));
        }
    }

    private ResponseTranslator translator(boolean includeUsage) throws RequestRejectedException {
        UpstreamCall call = prepare("{\"model\":\"m\",\"stream\":true" + (includeUsage
                ? ",\"stream_options\":{\"include_usage\":true}" : "") + ",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"hi\"}]}", null);
        call.release();
        return call.translator();
    }

    private String translateStream(List<byte[]> pieces, boolean includeUsage) throws Exception {
        ResponseTranslator t = translator(includeUsage);
        Streams.Result r = Streams.translateBuffers(t, split(pieces));
        assertThat(r.complete()).isTrue();
        assertThat(t.usage()).isEqualTo(new Usage(477, 65, 542, 100, 0));
        return r.text().replaceAll("chatcmpl-bedrock-[0-9a-f]+", "chatcmpl-bedrock-ID");
    }

    /** The messages of {@code pieces} as the core's relay cuts them. */
    private static List<ByteBuf> split(List<byte[]> pieces) {
        EventStreamSplitter splitter = new EventStreamSplitter(64 * 1024);
        List<ByteBuf> messages = new ArrayList<>();
        for (byte[] p : pieces) {
            splitter.split(Unpooled.copiedBuffer(p), messages);
        }
        splitter.release();
        return messages;
    }

    /** The stream without its messageStop and metadata, the exception after the rest. */
    private static byte[] withoutLastEvents(byte[] full) {
        byte[] plain = converseStream();
        int stop = indexOfMessage(plain, 10);
        byte[] exception = java.util.Arrays.copyOfRange(full, plain.length, full.length);
        byte[] out = java.util.Arrays.copyOf(plain, stop + exception.length);
        System.arraycopy(exception, 0, out, stop, exception.length);
        return out;
    }

    /** The offset of message {@code n} (0-based) in a stream. */
    private static int indexOfMessage(byte[] stream, int n) {
        int at = 0;
        for (int i = 0; i < n; i++) {
            at += ((stream[at] & 0xff) << 24) | ((stream[at + 1] & 0xff) << 16) | ((stream[at + 2] & 0xff) << 8)
                    | (stream[at + 3] & 0xff);
        }
        return at;
    }

    private ObjectNode body(String fields) throws Exception {
        return body(fields, true);
    }

    /** The Converse body of a request of {@code fields}, with a user message added when {@code addMessage}. */
    private ObjectNode body(String fields, boolean addMessage) throws Exception {
        if (addMessage) {
            fields += ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        }
        UpstreamCall call = prepare("{\"model\":\"m\"," + fields + "}", null);
        return (ObjectNode) tree(drain(call.body()));
    }

    private void assertRejected(String fields, String param) {
        assertThatThrownBy(() -> body(fields.startsWith("\"messages\"") ? fields : fields
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]", false)).isInstanceOfSatisfying(RequestRejectedException.class,
                e -> assertThat(e.param()).isEqualTo(param));
    }
}
