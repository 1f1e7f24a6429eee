package io.llmgateway.adapters.bedrock;

import static io.llmgateway.adapters.testing.TestRequests.ALLOC;
import static io.llmgateway.adapters.testing.TestRequests.assertJsonEquals;
import static io.llmgateway.adapters.testing.TestRequests.buf;
import static io.llmgateway.adapters.testing.TestRequests.drain;
import static io.llmgateway.adapters.testing.TestRequests.scan;
import static io.llmgateway.adapters.testing.TestRequests.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.adapters.testing.Streams;
import io.llmgateway.codec.eventstream.EventStreamSplitter;
import io.llmgateway.codec.eventstream.EventStreamWriter;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.OutboundRequest;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.RequestRejectedException;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.UpstreamCall;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JSON mode on {@code api: converse}: {@code response_format} becomes the forced
 * {@code json_tool_call} tool, and that tool's input comes back as the message content, in a body
 * and in the binary event stream cut at every byte.
 */
class ConverseJsonModeTest {

    private static final String MODEL = "anthropic.claude-sonnet-4-5-20250929-v1:0";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T11:30:00Z"), ZoneOffset.UTC);
    private static final ProviderSettings CONVERSE = new ProviderSettings("bedrock", "bedrock", true,
            "bedrock-runtime.us-east-1.amazonaws.com", 443, "", Map.of(), Map.of(), null, Map.of(), false, null,
            null, "us-east-1", null, BedrockAdapter.API_CONVERSE);
    private static final String HI = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
            + "\"required\":[\"city\"],\"additionalProperties\":false}";
    private static final String JSON_SCHEMA = "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{"
            + "\"name\":\"place\",\"description\":\"Where it is.\",\"strict\":true,\"schema\":" + SCHEMA + "}}";
    private static final String JSON_OBJECT = "\"response_format\":{\"type\":\"json_object\"}";
    private static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]";

    private final BedrockAdapter adapter = new BedrockAdapter(CLOCK);

    @Test
    void jsonSchemaBecomesTheForcedJsonTool() throws Exception {
        JsonNode b = body(JSON_SCHEMA);

        assertJsonEquals(b.get("toolConfig").toString(), "{\"tools\":[{\"toolSpec\":{\"name\":\"json_tool_call\","
                + "\"description\":\"Where it is.\",\"inputSchema\":{\"json\":" + SCHEMA + "}}}],"
                + "\"toolChoice\":{\"tool\":{\"name\":\"json_tool_call\"}}}");
        assertThat(b.has("response_format")).isFalse();
    }

    @Test
    void jsonObjectForcesAToolWithAnyObjectAsItsSchema() throws Exception {
        JsonNode b = body(JSON_OBJECT);

        assertThat(b.at("/toolConfig/tools/0/toolSpec/inputSchema/json").toString())
                .isEqualTo("{\"type\":\"object\",\"properties\":{},\"additionalProperties\":true}");
        assertThat(b.at("/toolConfig/tools/0/toolSpec/description").asText()).isEqualTo("Respond with a JSON object.");
        assertThat(b.at("/toolConfig/toolChoice").toString()).isEqualTo("{\"tool\":{\"name\":\"json_tool_call\"}}");
    }

    @Test
    void besideTheClientsToolsTheChoiceIsDecidedAsForAnthropic() throws Exception {
        JsonNode auto = body(JSON_OBJECT + "," + TOOLS);
        assertThat(auto.at("/toolConfig/tools/0/toolSpec/name").asText()).isEqualTo("f");
        assertThat(auto.at("/toolConfig/tools/1/toolSpec/name").asText()).isEqualTo("json_tool_call");
        assertThat(auto.at("/toolConfig/toolChoice").toString()).as("a tool call or the JSON answer, never free text")
                .isEqualTo("{\"any\":{}}");
        assertThat(body(JSON_OBJECT + "," + TOOLS + ",\"tool_choice\":\"required\"").at("/toolConfig/toolChoice")
                .toString()).isEqualTo("{\"any\":{}}");
        assertThat(body(JSON_OBJECT + "," + TOOLS + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":"
                + "\"f\"}}").at("/toolConfig/toolChoice").toString()).isEqualTo("{\"tool\":{\"name\":\"f\"}}");
        assertThat(body(JSON_OBJECT + ",\"reasoning_effort\":\"low\"").at("/toolConfig/toolChoice").toString())
                .as("extended thinking forbids forcing a tool").isEqualTo("{\"auto\":{}}");
    }

    @Test
    void toolChoiceNoneBesideJsonModeIsA400NamingTheField() {
        assertRejected(JSON_OBJECT + ",\"tool_choice\":\"none\"", "tool_choice", "none cannot be combined with a JSON "
                + "response_format on bedrock converse");
        assertRejected(JSON_SCHEMA + "," + TOOLS + ",\"tool_choice\":\"none\"", "tool_choice", "none");
        assertRejected("\"response_format\":{\"type\":\"xml\"}", "response_format.type",
                "xml (expected: text, json_object or json_schema on bedrock converse)");
        assertRejected("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":[]}", "response_format.json_schema",
                "expected an object");
    }

    @Test
    void textFormatSendsNoTools() throws Exception {
        assertThat(body("\"response_format\":{\"type\":\"text\"}").has("toolConfig")).isFalse();
    }

    @Test
    void theJsonToolsInputIsTheContentOfTheAnswer() throws Exception {
        JsonNode out = translateBody(JSON_OBJECT, "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":["
                + "{\"toolUse\":{\"toolUseId\":\"tooluse_1\",\"name\":\"json_tool_call\",\"input\":{\"city\":\"Paris\","
                + "\"n\":[1,2]}}}]}},\"stopReason\":\"tool_use\",\"usage\":{\"inputTokens\":3,\"outputTokens\":4,"
                + "\"totalTokens\":7}}");

        JsonNode choice = out.at("/choices/0");
        assertThat(choice.at("/message/content").asText()).isEqualTo("{\"city\":\"Paris\",\"n\":[1,2]}");
        assertThat(choice.at("/message/tool_calls").isMissingNode()).isTrue();
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void besideTheClientsToolsARealCallStaysACall() throws Exception {
        JsonNode out = translateBody(JSON_OBJECT + "," + TOOLS, "{\"output\":{\"message\":{\"role\":\"assistant\","
                + "\"content\":[{\"toolUse\":{\"toolUseId\":\"tooluse_2\",\"name\":\"f\",\"input\":{}}}]}},"
                + "\"stopReason\":\"tool_use\"}");

        assertThat(out.at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("f");
        assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void withoutJsonModeAToolOfThatNameIsAToolCall() throws Exception {
        JsonNode out = translateBody(TOOLS, "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":["
                + "{\"toolUse\":{\"toolUseId\":\"tooluse_3\",\"name\":\"json_tool_call\",\"input\":{\"a\":1}}}]}},"
                + "\"stopReason\":\"tool_use\"}");

        assertThat(out.at("/choices/0/message/tool_calls/0/function/arguments").asText()).isEqualTo("{\"a\":1}");
        assertThat(out.at("/choices/0/message/content").isNull()).isTrue();
    }

    /** A ConverseStream answering through the JSON tool (index 1), after a thinking block (index 0). */
    private static byte[] jsonStream() {
        return stream(
            new String[] {"messageStart", "{\"role\":\"assistant\"}"},
            new String[] {"contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":{\"text\":"
                    + "\"Paris.\"}}}"},
            new String[] {"contentBlockStop", "{\"contentBlockIndex\":0}"},
            new String[] {"contentBlockStart", "{\"contentBlockIndex\":1,\"start\":{\"toolUse\":{\"toolUseId\":"
                    + "\"tooluse_j\",\"name\":\"json_tool_call\"}}}"},
            new String[] {"contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":"
                    + "\"{\\\"city\\\": \\\"Par\"}}}"},
            new String[] {"contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"is\\\"}\"}}}"},
            new String[] {"contentBlockStop", "{\"contentBlockIndex\":1}"},
            new String[] {"messageStop", "{\"stopReason\":\"tool_use\"}"},
            new String[] {"metadata", "{\"usage\":{\"inputTokens\":5,\"outputTokens\":9,\"totalTokens\":14}}"});
    }

    @Test
    void aStreamedJsonAnswerIsContentChunksWhereverTheStreamIsCut() throws Exception {
        byte[] stream = jsonStream();
        String whole = translateStream(JSON_SCHEMA, List.of(stream));

        assertThat(whole).contains("\"delta\":{\"reasoning_content\":\"Paris.\"}")
                .contains("\"delta\":{\"content\":\"{\\\"city\\\": \\\"Par\"}")
                .contains("\"delta\":{\"content\":\"is\\\"}\"}")
                .contains("\"finish_reason\":\"stop\"").doesNotContain("tool_calls").doesNotContain("json_tool_call")
                .endsWith("data: [DONE]\n\n");
        for (int cut = 1; cut < stream.length; cut++) {
            assertThat(translateStream(JSON_SCHEMA, List.of(Arrays.copyOfRange(stream, 0, cut),
                    Arrays.copyOfRange(stream, cut, stream.length)))).as("cut at %d", cut).isEqualTo(whole);
        }
    }

    @Test
    void aStreamedJsonToolWithoutInputIsAnEmptyObject() throws Exception {
        String out = translateStream(JSON_OBJECT, List.of(stream(
                new String[] {"messageStart", "{\"role\":\"assistant\"}"},
                new String[] {"contentBlockStart", "{\"contentBlockIndex\":0,\"start\":{\"toolUse\":{\"toolUseId\":"
                        + "\"tooluse_e\",\"name\":\"json_tool_call\"}}}"},
                new String[] {"contentBlockStop", "{\"contentBlockIndex\":0}"},
                new String[] {"messageStop", "{\"stopReason\":\"tool_use\"}"},
                new String[] {"metadata", "{\"usage\":{\"inputTokens\":5,\"outputTokens\":1,\"totalTokens\":6}}"})));

        assertThat(out).contains("\"delta\":{\"content\":\"{}\"}").contains("\"finish_reason\":\"stop\"")
                .doesNotContain("tool_calls");
    }

    @Test
    void besideTheClientsToolsAStreamedCallStaysACall() throws Exception {
        String out = translateStream(JSON_OBJECT + "," + TOOLS, List.of(stream(
                new String[] {"messageStart", "{\"role\":\"assistant\"}"},
                new String[] {"contentBlockStart", "{\"contentBlockIndex\":0,\"start\":{\"toolUse\":{\"toolUseId\":"
                        + "\"tooluse_f\",\"name\":\"f\"}}}"},
                new String[] {"contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\"{}\"}}}"},
                new String[] {"contentBlockStop", "{\"contentBlockIndex\":0}"},
                new String[] {"messageStop", "{\"stopReason\":\"tool_use\"}"})));

        assertThat(out).contains("{\"tool_calls\":[{\"index\":0,\"id\":\"tooluse_f\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"f\",\"arguments\":\"\"}}]}").contains("\"finish_reason\":\"tool_calls\"");
    }

    private UpstreamCall prepare(String fields) throws RequestRejectedException {
        ByteBuf in = buf("{\"model\":\"m\"," + fields + "," + HI + "}");
        try {
            return adapter.prepare(new OutboundRequest(Endpoint.CHAT_COMPLETIONS, CONVERSE, MODEL, "br-api-key", in,
                    scan(in), ALLOC, null));
        } finally {
            in.release();
        }
    }

    private JsonNode body(String fields) throws Exception {
        return tree(drain(prepare(fields).body()));
    }

    private JsonNode translateBody(String fields, String answer) throws Exception {
        UpstreamCall call = prepare(fields);
        call.release();
        ByteBuf in = buf(answer);
        try {
            return tree(drain(call.translator().translateBody(in, ALLOC)));
        } finally {
            in.release();
        }
    }

    private String translateStream(String fields, List<byte[]> pieces) throws Exception {
        UpstreamCall call = prepare("\"stream\":true," + fields);
        call.release();
        ResponseTranslator t = call.translator();
        EventStreamSplitter splitter = new EventStreamSplitter(64 * 1024);
        List<ByteBuf> messages = new ArrayList<>();
        for (byte[] p : pieces) {
            splitter.split(Unpooled.copiedBuffer(p), messages);
        }
        splitter.release();
        Streams.Result r = Streams.translateBuffers(t, messages);
        assertThat(r.end()).isEqualTo(StreamEnd.COMPLETE);
        return r.text().replaceAll("chatcmpl-bedrock-[0-9a-f]+", "chatcmpl-bedrock-ID");
    }

    private static byte[] stream(String[]... events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String[] e : events) {
            out.writeBytes(EventStreamWriter.bytes(Map.of(":event-type", e[0], ":content-type", "application/json",
                    ":message-type", "event"), e[1]));
        }
        return out.toByteArray();
    }

    private void assertRejected(String fields, String param, String message) {
        assertThatThrownBy(() -> prepare(fields)).isInstanceOfSatisfying(RequestRejectedException.class, e -> {
            assertThat(e.param()).isEqualTo(param);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
