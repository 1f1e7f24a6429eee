package io.llmgateway.adapters.anthropic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.adapters.internal.ChatChunks;
import io.llmgateway.adapters.internal.ErrorMapper;
import io.llmgateway.adapters.internal.ErrorMapper.Kind;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.LegacyCompletions;
import io.llmgateway.codec.http.RetryAfter;
import io.llmgateway.adapters.internal.StreamScratch;
import io.llmgateway.adapters.internal.UsageCounts;
import io.llmgateway.codec.spi.HeaderLookup;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.TranslationException;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.codec.spi.Usage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Anthropic Messages responses → OpenAI Chat Completions (reference 3.4–3.6): the message body,
 * the event stream event by event, and error bodies.
 *
 * <p>Stream state machine: {@code message_start} → role chunk; text deltas → content chunks;
 * {@code tool_use} block start → the tool call's first fragment (OpenAI index counts tool calls
 * only); {@code input_json_delta} → argument fragments; {@code message_delta} → the one finish
 * chunk; {@code message_stop} → usage chunk (if asked) and {@code [DONE]}; {@code ping} and unknown
 * events dropped; {@code error} → an in-stream OpenAI error event, and the stream is not complete.
 *
 * <p>One instance per attempt, confined to its event loop. Hot path ({@code content_block_delta}):
 * the event is parsed by the thread's {@link StreamScratch} parser, text is copied into its char
 * buffer, and one pooled buffer is written; no String is created.
 */
final class AnthropicResponseTranslator implements ResponseTranslator {

    private static final int EV_UNKNOWN = 0;
    private static final int EV_MESSAGE_START = 1;
    private static final int EV_BLOCK_START = 2;
    private static final int EV_BLOCK_DELTA = 3;
    private static final int EV_BLOCK_STOP = 4;
    private static final int EV_MESSAGE_DELTA = 5;
    private static final int EV_MESSAGE_STOP = 6;
    private static final int EV_PING = 7;
    private static final int EV_ERROR = 8;

    private static final int DELTA_OTHER = 0;
    private static final int DELTA_TEXT = 1;
    private static final int DELTA_JSON = 2;
    private static final int DELTA_THINKING = 3;

    private static final byte KIND_OTHER = 0;
    private static final byte KIND_TEXT = 1;
    private static final byte KIND_TOOL = 2;
    private static final byte KIND_JSON_TOOL = 3;
    private static final byte KIND_THINKING = 4;

    private final String provider;
    private final Clock clock;
    private final boolean includeUsage;
    private final boolean jsonMode;
    private final String fallbackModel;
    private final boolean textCompletion;

    // Stream state.
    private ChatChunks chunks;
    private byte[] blockKind = new byte[4];
    private int[] blockTool = new int[4];
    private boolean[] blockHasArgs = new boolean[4];
    private int toolCount;
    private boolean finishSent;
    private boolean complete;
    private boolean failed;
    private final UsageCounts usage = new UsageCounts();
    private long inputTokens;

    // Fields of the event being read (reset per event).
    private int evType;
    private int evIndex;
    private int deltaType;
    private String msgId;
    private String msgModel;
    private String blockType;
    private String blockId;
    private String blockName;
    private String stopReason;
    private String errorType;
    private String errorMessage;

    AnthropicResponseTranslator(String provider, Clock clock, boolean includeUsage, boolean jsonMode, String fallbackModel,
            boolean textCompletion) {
        this.textCompletion = textCompletion;
        this.provider = provider;
        this.clock = clock;
        this.includeUsage = includeUsage;
        this.jsonMode = jsonMode;
        this.fallbackModel = fallbackModel;
    }

    // ---- non-stream ----

    @Override
    public ByteBuf translateBody(ByteBuf upstreamBody, ByteBufAllocator alloc) throws TranslationException {
        Map<String, Object> msg;
        try {
            msg = JsonTree.asObject(JsonTree.parse(upstreamBody));
        } catch (IOException e) {
            throw new TranslationException(provider + ": response is not valid JSON");
        }
        if (msg == null || !(msg.get("id") instanceof String id)) {
            throw new TranslationException(provider + ": response is not an Anthropic message");
        }
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        String jsonContent = null;
        List<Object> toolCalls = new ArrayList<>();
        List<Object> blocks = JsonTree.asArray(msg.get("content"));
        if (blocks != null) {
            for (Object o : blocks) {
                Map<String, Object> b = JsonTree.asObject(o);
                if (b == null) {
                    continue;
                }
                Object type = b.get("type");
                if ("text".equals(type) && b.get("text") instanceof String t) {
                    text.append(t);
                } else if ("thinking".equals(type) && b.get("thinking") instanceof String t) {
                    reasoning.append(t);
                } else if ("tool_use".equals(type)) {
                    Object input = b.get("input") == null ? JsonTree.object() : b.get("input");
                    if (jsonMode && AnthropicTools.JSON_TOOL.equals(b.get("name"))) {
                        jsonContent = JsonTree.toJson(input);
                        continue;
                    }
                    Map<String, Object> fn = JsonTree.object();
                    fn.put("name", b.get("name"));
                    fn.put("arguments", JsonTree.toJson(input));
                    Map<String, Object> call = JsonTree.object();
                    call.put("id", b.get("id"));
                    call.put("type", "function");
                    call.put("function", fn);
                    toolCalls.add(call);
                }
            }
        }
        Map<String, Object> message = JsonTree.object();
        message.put("role", "assistant");
        Object content = jsonContent != null ? jsonContent : text.length() > 0 ? text.toString() : JsonTree.NULL;
        message.put("content", content);
        message.put("refusal", JsonTree.NULL);
        if (!toolCalls.isEmpty()) {
            message.put("tool_calls", toolCalls);
        }
        if (reasoning.length() > 0) {
            message.put("reasoning_content", reasoning.toString());
        }
        Map<String, Object> choice = JsonTree.object();
        choice.put("index", 0L);
        choice.put("message", message);
        choice.put("logprobs", JsonTree.NULL);
        choice.put("finish_reason", finishReason(JsonTree.asString(msg.get("stop_reason")), !toolCalls.isEmpty()));

        Map<String, Object> u = JsonTree.asObject(msg.get("usage"));
        if (u != null) {
            usage.known();
            long input = JsonTree.asLong(u.get("input_tokens"), 0);
            usage.cached = JsonTree.asLong(u.get("cache_read_input_tokens"), 0);
            usage.cacheWrite = JsonTree.asLong(u.get("cache_creation_input_tokens"), 0);
            usage.completion = JsonTree.asLong(u.get("output_tokens"), 0);
            usage.reasoning = JsonTree.asLong(JsonTree.path(u, "output_tokens_details", "thinking_tokens"), -1);
            // prompt_tokens includes cached input: input + cache read + cache write (reference 9.2).
            usage.prompt = input + usage.cached + usage.cacheWrite;
            usage.total = usage.prompt + usage.completion;
        }

        Map<String, Object> out = JsonTree.object();
        out.put("id", "chatcmpl-" + id);
        out.put("object", "chat.completion");
        out.put("created", clock.millis() / 1000);
        out.put("model", msg.get("model") instanceof String m ? m : fallbackModel);
        out.put("choices", List.of(choice));
        if (u != null) {
            out.put("usage", usage.toTree());
        }
        return JsonTree.toByteBuf(textCompletion ? LegacyCompletions.toTextCompletion(out) : out, alloc);
    }

    // ---- stream ----

    @Override
    public void translateEvent(ByteBuf event, ByteBufAllocator alloc, List<ByteBuf> out) throws TranslationException {
        if (complete || failed) {
            return;
        }
        StreamScratch s = StreamScratch.get();
        try {
            JsonParser p = s.parseEvent(event);
            if (p == null) {
                return; // comment or heartbeat
            }
            read(s, p);
        } catch (IOException | RuntimeException e) {
            s.discardParser();
            throw new TranslationException(provider + ": unreadable stream event", e);
        }
        try {
            act(s, alloc, out);
        } catch (IOException e) {
            s.discardGenerator();
            throw new TranslationException(provider + ": could not write a stream chunk", e);
        }
    }

    private void read(StreamScratch s, JsonParser p) throws IOException {
        evType = EV_UNKNOWN;
        evIndex = -1;
        deltaType = DELTA_OTHER;
        blockType = null;
        stopReason = null;
        s.text.clear();
        if (StreamScratch.next(p) != JsonToken.START_OBJECT) {
            throw new IOException("event data is not an object");
        }
        while (StreamScratch.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = StreamScratch.next(p);
            switch (name) {
                case "type" -> evType = eventType(p);
                case "index" -> evIndex = v == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
                case "delta" -> readDelta(p, s, v);
                case "content_block" -> readBlock(p, s, v);
                case "message" -> readMessage(p, v);
                case "usage" -> readUsage(p, v);
                case "error" -> readError(p, v);
                default -> StreamScratch.skip(p);
            }
        }
        s.finish(p);
    }

    private static int eventType(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            return EV_UNKNOWN;
        }
        char[] c = p.getTextCharacters();
        int off = p.getTextOffset();
        int len = p.getTextLength();
        if (eq(c, off, len, "content_block_delta")) {
            return EV_BLOCK_DELTA;
        }
        if (eq(c, off, len, "content_block_start")) {
            return EV_BLOCK_START;
        }
        if (eq(c, off, len, "content_block_stop")) {
            return EV_BLOCK_STOP;
        }
        if (eq(c, off, len, "message_start")) {
            return EV_MESSAGE_START;
        }
        if (eq(c, off, len, "message_delta")) {
            return EV_MESSAGE_DELTA;
        }
        if (eq(c, off, len, "message_stop")) {
            return EV_MESSAGE_STOP;
        }
        if (eq(c, off, len, "ping")) {
            return EV_PING;
        }
        if (eq(c, off, len, "error")) {
            return EV_ERROR;
        }
        return EV_UNKNOWN;
    }

    private static boolean eq(char[] c, int off, int len, String s) {
        if (len != s.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (c[off + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void readDelta(JsonParser p, StreamScratch s, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            StreamScratch.skip(p);
            return;
        }
        while (StreamScratch.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = StreamScratch.next(p);
            switch (name) {
                case "type" -> {
                    if (t == JsonToken.VALUE_STRING) {
                        char[] c = p.getTextCharacters();
                        int off = p.getTextOffset();
                        int len = p.getTextLength();
                        deltaType = eq(c, off, len, "text_delta") ? DELTA_TEXT
                                : eq(c, off, len, "input_json_delta") ? DELTA_JSON
                                : eq(c, off, len, "thinking_delta") ? DELTA_THINKING : DELTA_OTHER;
                    }
                }
                case "text", "partial_json", "thinking" -> {
                    if (t == JsonToken.VALUE_STRING) {
                        s.text.appendText(p);
                    }
                }
                case "stop_reason" -> stopReason = t == JsonToken.VALUE_STRING ? p.getText() : null;
                default -> StreamScratch.skip(p);
            }
        }
    }

    private void readBlock(JsonParser p, StreamScratch s, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            StreamScratch.skip(p);
            return;
        }
        blockId = null;
        blockName = null;
        while (StreamScratch.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = StreamScratch.next(p);
            if (t == JsonToken.VALUE_STRING) {
                switch (name) {
                    case "type" -> blockType = p.getText();
                    case "id" -> blockId = p.getText();
                    case "name" -> blockName = p.getText();
                    case "text", "thinking" -> s.text.appendText(p);
                    default -> {
                    }
                }
            } else {
                StreamScratch.skip(p);
            }
        }
    }

    private void readMessage(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            StreamScratch.skip(p);
            return;
        }
        while (StreamScratch.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = StreamScratch.next(p);
            if (name.equals("id") && t == JsonToken.VALUE_STRING) {
                msgId = p.getText();
            } else if (name.equals("model") && t == JsonToken.VALUE_STRING) {
                msgModel = p.getText();
            } else if (name.equals("usage")) {
                readUsage(p, t);
            } else {
                StreamScratch.skip(p);
            }
        }
    }

    // Usage counts are cumulative; a later event's non-null value replaces an earlier one.
    private void readUsage(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            StreamScratch.skip(p);
            return;
        }
        usage.known();
        while (StreamScratch.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = StreamScratch.next(p);
            if (t == JsonToken.VALUE_NUMBER_INT) {
                long n = p.getLongValue();
                switch (name) {
                    case "input_tokens" -> inputTokens = n;
                    case "output_tokens" -> usage.completion = n;
                    case "cache_read_input_tokens" -> usage.cached = n;
                    case "cache_creation_input_tokens" -> usage.cacheWrite = n;
                    default -> {
                    }
                }
            } else if (name.equals("output_tokens_details") && t == JsonToken.START_OBJECT) {
                while (StreamScratch.next(p) == JsonToken.FIELD_NAME) {
                    String n = p.currentName();
                    JsonToken dt = StreamScratch.next(p);
                    if (n.equals("thinking_tokens") && dt == JsonToken.VALUE_NUMBER_INT) {
                        usage.reasoning = p.getLongValue();
                    } else {
                        StreamScratch.skip(p);
                    }
                }
            } else {
                StreamScratch.skip(p);
            }
        }
        if (usage.cached < 0) {
            usage.cached = 0;
        }
        if (usage.cacheWrite < 0) {
            usage.cacheWrite = 0;
        }
        usage.prompt = inputTokens + usage.cached + usage.cacheWrite;
        usage.total = usage.prompt + usage.completion;
    }

    private void readError(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            StreamScratch.skip(p);
            return;
        }
        while (StreamScratch.next(p) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = StreamScratch.next(p);
            if (name.equals("type") && t == JsonToken.VALUE_STRING) {
                errorType = p.getText();
            } else if (name.equals("message") && t == JsonToken.VALUE_STRING) {
                errorMessage = p.getText();
            } else {
                StreamScratch.skip(p);
            }
        }
    }

    private void act(StreamScratch s, ByteBufAllocator alloc, List<ByteBuf> out) throws IOException, TranslationException {
        if (evType == EV_ERROR) {
            failed = true;
            Kind kind = kindOf(errorType, errorMessage, 500);
            out.add(ErrorMapper.sseEvent(alloc, kind, provider, errorMessage, null));
            return;
        }
        if (evType == EV_PING || evType == EV_UNKNOWN) {
            return;
        }
        if (evType == EV_MESSAGE_START) {
            if (chunks == null) {
                chunks = new ChatChunks("chatcmpl-" + (msgId != null ? msgId : "anthropic"), clock.millis() / 1000,
                        msgModel != null ? msgModel : fallbackModel, includeUsage, textCompletion);
                ChatChunks.add(out, chunks.role(alloc));
            }
            return;
        }
        if (chunks == null) {
            throw new TranslationException(provider + ": stream event before message_start");
        }
        switch (evType) {
            case EV_BLOCK_START -> blockStart(s, alloc, out);
            case EV_BLOCK_DELTA -> blockDelta(s, alloc, out);
            case EV_BLOCK_STOP -> blockStop(s, alloc, out);
            case EV_MESSAGE_DELTA -> {
                if (stopReason != null && !finishSent) {
                    finishSent = true;
                    out.add(chunks.finish(alloc, finishReason(stopReason, toolCount > 0)));
                }
            }
            case EV_MESSAGE_STOP -> {
                if (!finishSent) {
                    finishSent = true;
                    out.add(chunks.finish(alloc, toolCount > 0 ? "tool_calls" : "stop"));
                }
                if (includeUsage && usage.isKnown()) {
                    out.add(chunks.usage(alloc, usage));
                }
                out.add(ChatChunks.done(alloc));
                complete = true;
            }
            default -> {
            }
        }
    }

    private void ensureBlock(int index) {
        if (index >= blockKind.length) {
            int n = Math.max(index + 1, blockKind.length * 2);
            blockKind = Arrays.copyOf(blockKind, n);
            blockTool = Arrays.copyOf(blockTool, n);
            blockHasArgs = Arrays.copyOf(blockHasArgs, n);
        }
    }

    private void blockStart(StreamScratch s, ByteBufAllocator alloc, List<ByteBuf> out) throws IOException {
        if (evIndex < 0) {
            return;
        }
        ensureBlock(evIndex);
        byte kind;
        if ("text".equals(blockType)) {
            kind = KIND_TEXT;
            if (!s.text.isEmpty()) {
                ChatChunks.add(out, chunks.content(alloc, s, s.text));
            }
        } else if ("tool_use".equals(blockType) && blockId != null && blockName != null) {
            if (jsonMode && AnthropicTools.JSON_TOOL.equals(blockName)) {
                kind = KIND_JSON_TOOL;
            } else {
                kind = KIND_TOOL;
                blockTool[evIndex] = toolCount++;
                out.add(chunks.toolStart(alloc, s, blockTool[evIndex], blockId, blockName, ""));
            }
        } else if ("thinking".equals(blockType)) {
            kind = KIND_THINKING;
            if (!s.text.isEmpty()) {
                ChatChunks.add(out, chunks.reasoning(alloc, s, s.text));
            }
        } else {
            kind = KIND_OTHER; // redacted thinking, server tools and their results: not expressible
        }
        blockKind[evIndex] = kind;
        blockHasArgs[evIndex] = false;
    }

    private void blockDelta(StreamScratch s, ByteBufAllocator alloc, List<ByteBuf> out) throws IOException {
        if (evIndex < 0 || evIndex >= blockKind.length || s.text.isEmpty()) {
            return;
        }
        byte kind = blockKind[evIndex];
        if (deltaType == DELTA_TEXT && kind == KIND_TEXT) {
            ChatChunks.add(out, chunks.content(alloc, s, s.text));
        } else if (deltaType == DELTA_JSON && kind == KIND_TOOL) {
            blockHasArgs[evIndex] = true;
            out.add(chunks.toolArguments(alloc, s, blockTool[evIndex], s.text));
        } else if (deltaType == DELTA_JSON && kind == KIND_JSON_TOOL) {
            blockHasArgs[evIndex] = true;
            ChatChunks.add(out, chunks.content(alloc, s, s.text));
        } else if (deltaType == DELTA_THINKING && kind == KIND_THINKING) {
            ChatChunks.add(out, chunks.reasoning(alloc, s, s.text));
        }
    }

    private void blockStop(StreamScratch s, ByteBufAllocator alloc, List<ByteBuf> out) throws IOException {
        if (evIndex < 0 || evIndex >= blockKind.length || blockHasArgs[evIndex]) {
            return;
        }
        // A call without arguments still needs a JSON object: "{}" rather than "".
        if (blockKind[evIndex] == KIND_TOOL) {
            out.add(chunks.toolArguments(alloc, s, blockTool[evIndex], "{}"));
        } else if (blockKind[evIndex] == KIND_JSON_TOOL) {
            ChatChunks.add(out, chunks.content(alloc, s, "{}"));
        }
    }

    @Override
    public StreamEnd endOfStream(ByteBufAllocator alloc, List<ByteBuf> out) {
        return failed ? StreamEnd.FAILED : complete ? StreamEnd.COMPLETE : StreamEnd.TRUNCATED;
    }

    /** Anthropic {@code stop_reason} → OpenAI {@code finish_reason} (reference 9.1). */
    String finishReason(String stopReason, boolean toolCalls) {
        if (stopReason == null) {
            return toolCalls ? "tool_calls" : "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            // JSON mode answers through the forced tool: that is a normal stop for the client.
            case "tool_use" -> toolCalls ? "tool_calls" : "stop";
            case "refusal" -> "content_filter";
            default -> "stop"; // end_turn, stop_sequence, pause_turn
        };
    }

    // ---- errors ----

    @Override
    public UpstreamError translateError(int status, HeaderLookup headers, ByteBuf body, ByteBufAllocator alloc) {
        String type = null;
        String message = null;
        String detailCode = null;
        try {
            Object root = JsonTree.parse(body);
            type = JsonTree.asString(JsonTree.path(root, "error", "type"));
            message = JsonTree.asString(JsonTree.path(root, "error", "message"));
            detailCode = JsonTree.asString(JsonTree.path(root, "error", "details", "error_code"));
        } catch (IOException | RuntimeException e) {
            message = ErrorMapper.excerpt(body);
        }
        Kind kind = kindOf(type, message, status);
        if ("enforced_spend_limit_reached".equals(detailCode)) {
            kind = Kind.QUOTA;
        }
        return ErrorMapper.error(alloc, kind, provider, message, kind == Kind.CONTEXT_LENGTH ? "messages" : null, null,
                RetryAfter.millis(headers, clock.millis()));
    }

    /** Anthropic {@code error.type} (or the status when unknown) → the client-facing kind (3.6, 9.3). */
    static Kind kindOf(String type, String message, int status) {
        if (message != null && message.toLowerCase(Locale.ROOT).contains("prompt is too long")) {
            return Kind.CONTEXT_LENGTH;
        }
        if (type == null) {
            return ErrorMapper.byStatus(status);
        }
        return switch (type) {
            case "invalid_request_error" -> status == 413 ? Kind.TOO_LARGE : Kind.INVALID_REQUEST;
            case "authentication_error" -> Kind.UPSTREAM_AUTH;
            case "permission_error" -> Kind.PERMISSION;
            case "not_found_error" -> Kind.NOT_FOUND;
            case "request_too_large" -> Kind.TOO_LARGE;
            case "rate_limit_error" -> Kind.RATE_LIMIT;
            case "billing_error" -> Kind.QUOTA;
            case "overloaded_error" -> Kind.OVERLOADED;
            case "timeout_error" -> Kind.TIMEOUT;
            case "api_error" -> Kind.UPSTREAM_ERROR;
            default -> ErrorMapper.byStatus(status);
        };
    }

    @Override
    public Usage usage() {
        return usage.toUsage();
    }
}
