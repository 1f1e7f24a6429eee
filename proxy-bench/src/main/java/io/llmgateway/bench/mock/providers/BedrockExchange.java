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
import java.util.concurrent.atomic.AtomicLong;

/**
 * The answers to one valid Converse request (providers.md 7.4, 7.5). The text is
 * {@link MockContent#full} of the model id; usage is 10 input tokens (plus {@code x-mock-cached-tokens}
 * cache reads) and one output token per piece. When the request has tools and its last turn is not
 * a tool result, the model calls a tool: the forced one, else the first, after a text block with
 * {@code auto}. Streams follow the reference: {@code messageStart}, text deltas (paced; no
 * {@code contentBlockStart} for text), {@code contentBlockStop}, a {@code toolUse} block (start,
 * input fragments, stop), {@code messageStop}, {@code metadata} with usage.
 */
final class BedrockExchange implements MockExchange {

    static final int INPUT_TOKENS = 10;
    private static final AtomicLong IDS = new AtomicLong();

    private final BedrockProtocol protocol;
    private final BedrockRequestCheck.Checked request;
    private final String model;
    private final boolean stream;
    private final String toolUseId = "tooluse_mock" + IDS.incrementAndGet();

    BedrockExchange(BedrockProtocol protocol, BedrockRequestCheck.Checked request, String model, boolean stream) {
        this.protocol = protocol;
        this.request = request;
        this.model = model;
        this.stream = stream;
    }

    @Override
    public boolean streaming() {
        return stream;
    }

    @Override
    public FullHttpResponse response(ExchangeSettings settings, ByteBufAllocator alloc) {
        int pieces = settings.chunks();
        ObjectNode r = ProviderJson.object();
        ObjectNode message = r.putObject("output").putObject("message").put("role", "assistant");
        ArrayNode content = message.putArray("content");
        if (hasText()) {
            content.addObject().put("text", MockContent.full(model, pieces));
        }
        if (request.tool() != null) {
            ObjectNode use = content.addObject().putObject("toolUse");
            use.put("toolUseId", toolUseId).put("name", toolName());
            use.set("input", toolInput(pieces));
        }
        r.put("stopReason", stopReason());
        r.set("usage", usage(pieces, settings.cachedTokens()));
        r.putObject("metrics").put("latencyMs", 12);
        FullHttpResponse response = ProviderHttp.json(200, ProviderHttp.JSON, ProviderJson.compact(r), alloc);
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
        List<String[]> start = new ArrayList<>(2);
        List<String[]> end = new ArrayList<>(8);
        start.add(BedrockStream.event("messageStart", ProviderJson.object().put("role", "assistant")));
        List<String> fragments = request.tool() == null ? List.of() : fragments(ProviderJson.compact(toolInput(chunks)));
        int toolBlock = 0;
        if (hasText()) {
            end.add(BedrockStream.event("contentBlockStop", ProviderJson.object().put("contentBlockIndex", 0)));
            toolBlock = 1;
        }
        if (request.tool() != null) {
            ObjectNode blockStart = ProviderJson.object().put("contentBlockIndex", toolBlock);
            blockStart.putObject("start").putObject("toolUse").put("toolUseId", toolUseId).put("name", toolName());
            end.add(BedrockStream.event("contentBlockStart", blockStart));
            for (String f : fragments) {
                ObjectNode delta = ProviderJson.object().put("contentBlockIndex", toolBlock);
                delta.putObject("delta").putObject("toolUse").put("input", f);
                end.add(BedrockStream.event("contentBlockDelta", delta));
            }
            end.add(BedrockStream.event("contentBlockStop", ProviderJson.object().put("contentBlockIndex", toolBlock)));
        }
        end.add(BedrockStream.event("messageStop", ProviderJson.object().put("stopReason", stopReason())));
        ObjectNode metadata = ProviderJson.object();
        metadata.set("usage", usage(chunks, settings.cachedTokens()));
        metadata.putObject("metrics").put("latencyMs", 12);
        end.add(BedrockStream.event("metadata", metadata));
        int pieces = hasText() ? chunks : 0;
        return new BedrockStream(protocol::headers, start, pieces, i -> {
            ObjectNode delta = ProviderJson.object().put("contentBlockIndex", 0);
            delta.putObject("delta").put("text", MockContent.piece(model, i));
            return BedrockStream.event("contentBlockDelta", delta);
        }, end);
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
        return ToolArguments.sample(request.tool().path("inputSchema").get("json"), MockContent.full(model, pieces));
    }

    private static ObjectNode usage(int outputTokens, int cachedTokens) {
        ObjectNode u = ProviderJson.object();
        u.put("inputTokens", INPUT_TOKENS).put("outputTokens", outputTokens)
                .put("totalTokens", INPUT_TOKENS + cachedTokens + outputTokens);
        if (cachedTokens > 0) {
            u.put("cacheReadInputTokens", cachedTokens).put("cacheWriteInputTokens", 0);
        }
        return u;
    }

    /** The tool input JSON cut in three, as Bedrock streams it. */
    private static List<String> fragments(String json) {
        List<String> out = new ArrayList<>(3);
        int step = Math.max(1, (json.length() + 2) / 3);
        for (int i = 0; i < json.length(); i += step) {
            out.add(json.substring(i, Math.min(json.length(), i + step)));
        }
        return out;
    }
}
