package io.llmgateway.bench.mock.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.bench.mock.ExchangeSettings;
import io.llmgateway.bench.mock.MockContent;
import io.llmgateway.bench.mock.MockExchange;
import io.llmgateway.bench.mock.MockStream;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The answers to one valid Messages request (providers.md 3.4, 3.5). The text is
 * {@link MockContent#full}; usage is 10 input tokens (plus {@code x-mock-cached-tokens} cache reads)
 * and one output token per piece. When the
 * request has tools and the last turn is not a tool result, the model calls a tool: the forced one
 * ({@code tool_choice: tool}), else the first; with {@code tool_choice: auto} a text block comes
 * first, as Claude does. Streams follow the SDK fixture: {@code message_start},
 * {@code content_block_start}, {@code ping}, deltas (text pieces paced; tool input as
 * {@code input_json_delta} fragments, the first empty), {@code content_block_stop},
 * {@code message_delta} with the stop reason and cumulative usage, {@code message_stop}.
 */
final class AnthropicExchange implements MockExchange {

    static final int INPUT_TOKENS = 10;
    private static final String SSE = "text/event-stream; charset=utf-8";

    private final AnthropicProtocol protocol;
    private final AnthropicRequestCheck.Checked request;
    private final String id;
    private final String toolUseId;

    AnthropicExchange(AnthropicProtocol protocol, AnthropicRequestCheck.Checked request, long sequence) {
        this.protocol = protocol;
        this.request = request;
        this.id = "msg_mock" + sequence;
        this.toolUseId = "toolu_mock" + sequence;
    }

    @Override
    public boolean streaming() {
        return request.stream();
    }

    @Override
    public FullHttpResponse response(ExchangeSettings settings, ByteBufAllocator alloc) {
        int pieces = settings.chunks();
        ObjectNode message = message(pieces, pieces, settings.cachedTokens());
        ArrayNode content = message.withArray("content");
        if (hasText()) {
            String text = MockContent.full(request.model(), pieces);
            if (!text.isEmpty()) {
                content.addObject().put("type", "text").put("text", text);
            }
        }
        if (request.tool() != null) {
            ObjectNode use = content.addObject();
            use.put("type", "tool_use").put("id", toolUseId).put("name", toolName());
            use.set("input", toolInput(pieces));
        }
        message.put("stop_reason", stopReason());
        FullHttpResponse response = ProviderHttp.json(200, ProviderHttp.JSON, ProviderJson.compact(message), alloc);
        protocol.headers(response.headers());
        return response;
    }

    @Override
    public FullHttpResponse error(int status, ByteBufAllocator alloc) {
        return protocol.injectedError(status, alloc);
    }

    @Override
    public MockStream stream(ExchangeSettings settings) {
        int chunks = settings.chunks();
        List<String> start = new ArrayList<>(3);
        List<String> end = new ArrayList<>(8);
        ObjectNode head = ProviderJson.object().put("type", "message_start");
        ObjectNode startMessage = message(chunks, 1, settings.cachedTokens());
        startMessage.putNull("stop_reason");
        head.set("message", startMessage);
        start.add(event(head));
        List<String> fragments = request.tool() == null ? List.of() : fragments(ProviderJson.compact(toolInput(chunks)));
        int pieces;
        java.util.function.IntFunction<String> piece;
        if (hasText()) {
            start.add(blockStart(0, ProviderJson.object().put("type", "text").put("text", "")));
            pieces = chunks;
            piece = i -> delta(0, ProviderJson.object().put("type", "text_delta")
                    .put("text", MockContent.piece(request.model(), i)));
            end.add(blockStop(0));
            if (request.tool() != null) {
                end.add(blockStart(1, toolUseStart()));
                fragments.forEach(f -> end.add(jsonDelta(1, f)));
                end.add(blockStop(1));
            }
        } else {
            start.add(blockStart(0, toolUseStart()));
            pieces = fragments.size();
            piece = i -> jsonDelta(0, fragments.get(i));
            end.add(blockStop(0));
        }
        start.add(event(ProviderJson.object().put("type", "ping")));
        ObjectNode messageDelta = ProviderJson.object().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason()).putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", chunks);
        end.add(event(messageDelta));
        end.add(event(ProviderJson.object().put("type", "message_stop")));
        ObjectNode error = ProviderJson.object().put("type", "error");
        error.putObject("error").put("type", "overloaded_error").put("message", "Overloaded");
        return new ScriptedStream(SSE, protocol::headers, start, pieces, piece, end, event(error),
                m -> "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                        + "\"message\":\"" + m + "\"}}\n\n");
    }

    private boolean hasText() {
        return request.tool() == null || request.preface();
    }

    private String stopReason() {
        return request.tool() != null ? "tool_use" : "end_turn";
    }

    private String toolName() {
        return request.tool().get("name").asText();
    }

    private JsonNode toolInput(int pieces) {
        return ToolArguments.sample(request.tool().get("input_schema"), MockContent.full(request.model(), pieces));
    }

    private ObjectNode toolUseStart() {
        ObjectNode use = ProviderJson.object().put("type", "tool_use").put("id", toolUseId).put("name", toolName());
        use.putObject("input");
        return use;
    }

    private ObjectNode message(int chunks, int outputTokens, int cachedTokens) {
        ObjectNode m = ProviderJson.object();
        m.put("id", id).put("type", "message").put("role", "assistant").put("model", request.model());
        m.putArray("content");
        m.putNull("stop_reason");
        m.putNull("stop_sequence");
        ObjectNode usage = m.putObject("usage");
        usage.put("input_tokens", INPUT_TOKENS).put("cache_creation_input_tokens", 0)
                .put("cache_read_input_tokens", cachedTokens).put("output_tokens", outputTokens).put("service_tier", "standard");
        return m;
    }

    /** The tool input JSON cut in three, after an empty first fragment, as Claude streams it. */
    private static List<String> fragments(String json) {
        List<String> out = new ArrayList<>(4);
        out.add("");
        int step = Math.max(1, (json.length() + 2) / 3);
        for (int i = 0; i < json.length(); i += step) {
            out.add(json.substring(i, Math.min(json.length(), i + step)));
        }
        return out;
    }

    private static String blockStart(int index, ObjectNode block) {
        ObjectNode e = ProviderJson.object().put("type", "content_block_start").put("index", index);
        e.set("content_block", block);
        return event(e);
    }

    private static String blockStop(int index) {
        return event(ProviderJson.object().put("type", "content_block_stop").put("index", index));
    }

    private static String jsonDelta(int index, String fragment) {
        return delta(index, ProviderJson.object().put("type", "input_json_delta").put("partial_json", fragment));
    }

    private static String delta(int index, ObjectNode delta) {
        ObjectNode e = ProviderJson.object().put("type", "content_block_delta").put("index", index);
        e.set("delta", delta);
        return event(e);
    }

    /** {@code event: <type>} and {@code data: <json>}: every Anthropic event has both, and they match. */
    static String event(ObjectNode data) {
        return "event: " + data.get("type").asText() + "\ndata: " + ProviderJson.compact(data) + "\n\n";
    }
}
