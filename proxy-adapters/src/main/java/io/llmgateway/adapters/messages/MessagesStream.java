package io.llmgateway.adapters.messages;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.adapters.internal.CharBuf;
import io.llmgateway.adapters.internal.StreamScratch;
import io.llmgateway.adapters.internal.UsageCounts;
import io.llmgateway.codec.sse.SseEvents;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns a chat-completions event stream, chunk by chunk, into the Messages stream Anthropic's SDKs
 * parse:
 *
 * <pre>
 *   first chunk              -> message_start (id, model, empty content, zero usage: chat reports it last)
 *   delta.content            -> [content_block_stop] content_block_start text [ping] content_block_delta text_delta
 *   delta.reasoning_content  -> ... thinking block, thinking_delta
 *   delta.tool_calls[i]      -> with an id or name: [stop] content_block_start tool_use; arguments: input_json_delta
 *   finish_reason            -> content_block_stop of the open block; the stop_reason is kept
 *   usage chunk              -> kept (the request asked for it: stream_options.include_usage)
 *   [DONE]                   -> message_delta (stop_reason, usage) + message_stop
 *   {"error":...}            -> relayed as is (the edge writes it as an Anthropic error event); nothing after it
 * </pre>
 *
 * <p>One instance per stream, confined to its event loop. Hot path: each chunk is read with the
 * loop's reused streaming parser ({@link StreamScratch}), text is copied from the parser's own
 * characters into the output, and one output buffer per chunk carries every event it makes; the
 * only other allocations are a tool call's id and name, once per call. Fragments of one tool call
 * are assumed to follow its start before the next call starts, as every chat provider streams them.
 */
final class MessagesStream {

    private static final int NONE = 0;
    private static final int TEXT = 1;
    private static final int THINKING = 2;
    private static final int TOOL = 3;

    private static final byte[] MESSAGE_START_ID = ascii("event: message_start\ndata: {\"type\":\"message_start\","
            + "\"message\":{\"id\":");
    private static final byte[] MESSAGE_START_MODEL = ascii(",\"type\":\"message\",\"role\":\"assistant\",\"model\":");
    private static final byte[] MESSAGE_START_END = ascii(",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":0,\"output_tokens\":0}}}\n\n");
    private static final byte[] BLOCK_START = ascii("event: content_block_start\ndata: {\"type\":\"content_block_start\","
            + "\"index\":");
    private static final byte[] TEXT_BLOCK = ascii(",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
    private static final byte[] THINKING_BLOCK = ascii(",\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\","
            + "\"signature\":\"\"}}\n\n");
    private static final byte[] TOOL_BLOCK_ID = ascii(",\"content_block\":{\"type\":\"tool_use\",\"id\":");
    private static final byte[] TOOL_BLOCK_NAME = ascii(",\"name\":");
    private static final byte[] TOOL_BLOCK_END = ascii(",\"input\":{}}}\n\n");
    private static final byte[] PING = ascii("event: ping\ndata: {\"type\":\"ping\"}\n\n");
    private static final byte[] DELTA = ascii("event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
            + "\"index\":");
    private static final byte[] TEXT_DELTA = ascii(",\"delta\":{\"type\":\"text_delta\",\"text\":");
    private static final byte[] THINKING_DELTA = ascii(",\"delta\":{\"type\":\"thinking_delta\",\"thinking\":");
    private static final byte[] JSON_DELTA = ascii(",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":");
    private static final byte[] DELTA_END = ascii("}}\n\n");
    private static final byte[] BLOCK_STOP = ascii("event: content_block_stop\ndata: {\"type\":\"content_block_stop\","
            + "\"index\":");
    private static final byte[] OBJECT_END = ascii("}\n\n");
    private static final byte[] MESSAGE_DELTA = ascii("event: message_delta\ndata: {\"type\":\"message_delta\","
            + "\"delta\":{\"stop_reason\":\"");
    private static final byte[] MESSAGE_DELTA_USAGE = ascii("\",\"stop_sequence\":null},\"usage\":{\"input_tokens\":");
    private static final byte[] CACHE_READ = ascii(",\"cache_read_input_tokens\":");
    private static final byte[] OUTPUT_TOKENS = ascii(",\"output_tokens\":");
    private static final byte[] MESSAGE_DELTA_END = ascii("}}\n\n");
    private static final byte[] MESSAGE_STOP = ascii("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

    private final UsageCounts usage = new UsageCounts();
    private String id;
    private String model;
    private boolean started;
    private boolean pinged;
    private int nextIndex;
    private int open = NONE;
    private String finishReason;
    private boolean done;
    private boolean failed;
    // Per tool-call element, reused: what the element carried.
    private String toolId;
    private String toolName;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The usage the stream reported (its usage chunk); unknown until then. */
    UsageCounts usage() {
        return usage;
    }

    /** The stream ended with {@code [DONE]}: message_delta and message_stop were written. */
    boolean done() {
        return done;
    }

    /** An error event was relayed: nothing more is. */
    boolean failed() {
        return failed;
    }

    /**
     * Translates one chat event ({@code data: ...\n\n}); returns the Messages events it makes, in a
     * buffer owned by the caller, or null when it makes none. {@code event} is borrowed.
     */
    ByteBuf translate(ByteBuf event, ByteBufAllocator alloc) throws IOException {
        if (done || failed) {
            return null;
        }
        if (event.readableBytes() <= 64 && SseEvents.isDone(event)) {
            ByteBuf out = alloc.buffer(256);
            finish(out);
            return out;
        }
        if (SseEvents.isError(event)) {
            failed = true;
            return event.retainedDuplicate();
        }
        StreamScratch s = StreamScratch.get();
        JsonParser p = s.parseEvent(event);
        if (p == null) {
            return null; // a comment or heartbeat
        }
        ByteBuf out = alloc.buffer(128);
        boolean ok = false;
        try {
            chunk(p, s, out);
            s.finish(p);
            ok = true;
        } finally {
            if (!ok) {
                s.discardParser();
                s.discardGenerator();
                out.release();
            }
        }
        if (!out.isReadable()) {
            out.release();
            return null;
        }
        return out;
    }

    private void chunk(JsonParser p, StreamScratch s, ByteBuf out) throws IOException {
        if (!StreamScratch.enterObject(p, StreamScratch.next(p))) {
            return;
        }
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken v = p.currentToken();
            switch (name) {
                case "id" -> {
                    if (id == null && v == JsonToken.VALUE_STRING) {
                        id = p.getText();
                    }
                }
                case "model" -> {
                    if (model == null && v == JsonToken.VALUE_STRING) {
                        model = p.getText();
                    }
                }
                case "choices" -> choices(p, v, s, out);
                case "usage" -> usage(p, v);
                default -> StreamScratch.skip(p);
            }
        }
    }

    private void choices(JsonParser p, JsonToken v, StreamScratch s, ByteBuf out) throws IOException {
        if (v != JsonToken.START_ARRAY) {
            StreamScratch.skip(p);
            return;
        }
        if (!started) {
            start(out, s); // at the first chunk, so that the client sees its message begin at once
        }
        boolean first = true;
        while (StreamScratch.next(p) != JsonToken.END_ARRAY) {
            if (!first || p.currentToken() != JsonToken.START_OBJECT) {
                StreamScratch.skip(p); // the gateway asks for one choice: n > 1 has no Messages equivalent
                continue;
            }
            first = false;
            String name;
            while ((name = StreamScratch.nextField(p)) != null) {
                JsonToken t = p.currentToken();
                if (name.equals("delta") && t == JsonToken.START_OBJECT) {
                    delta(p, s, out);
                } else if (name.equals("finish_reason") && t == JsonToken.VALUE_STRING) {
                    finishReason = p.getText();
                    closeBlock(out);
                } else {
                    StreamScratch.skip(p);
                }
            }
        }
    }

    private void delta(JsonParser p, StreamScratch s, ByteBuf out) throws IOException {
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_STRING && p.getTextLength() > 0
                    && (name.equals("content") || name.equals("reasoning_content"))) {
                int kind = name.equals("content") ? TEXT : THINKING;
                if (open != kind) {
                    openBlock(kind, out, s);
                }
                delta(kind == TEXT ? TEXT_DELTA : THINKING_DELTA, out);
                s.writeString(out, p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                out.writeBytes(DELTA_END);
            } else if (name.equals("tool_calls") && t == JsonToken.START_ARRAY) {
                while (StreamScratch.next(p) != JsonToken.END_ARRAY) {
                    toolCall(p, s, out);
                }
            } else {
                StreamScratch.skip(p);
            }
        }
    }

    private void toolCall(JsonParser p, StreamScratch s, ByteBuf out) throws IOException {
        if (!StreamScratch.enterObject(p, p.currentToken())) {
            return;
        }
        toolId = null;
        toolName = null;
        CharBuf args = s.text.clear();
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken t = p.currentToken();
            if (name.equals("id") && t == JsonToken.VALUE_STRING) {
                toolId = p.getText();
            } else if (name.equals("function") && t == JsonToken.START_OBJECT) {
                String f;
                while ((f = StreamScratch.nextField(p)) != null) {
                    JsonToken ft = p.currentToken();
                    if (f.equals("name") && ft == JsonToken.VALUE_STRING) {
                        toolName = p.getText();
                    } else if (f.equals("arguments") && ft == JsonToken.VALUE_STRING) {
                        args.appendText(p);
                    } else {
                        StreamScratch.skip(p);
                    }
                }
            } else {
                StreamScratch.skip(p);
            }
        }
        if (toolId != null || toolName != null || open != TOOL) {
            openBlock(TOOL, out, s);
        }
        if (args.length() > 0) {
            delta(JSON_DELTA, out);
            s.writeString(out, args.array(), 0, args.length());
            out.writeBytes(DELTA_END);
        }
    }

    private void usage(JsonParser p, JsonToken v) throws IOException {
        if (!StreamScratch.enterObject(p, v)) {
            return;
        }
        usage.known();
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NUMBER_INT) {
                switch (name) {
                    case "prompt_tokens" -> usage.prompt = p.getLongValue();
                    case "completion_tokens" -> usage.completion = p.getLongValue();
                    case "total_tokens" -> usage.total = p.getLongValue();
                    default -> {
                    }
                }
            } else if (name.equals("prompt_tokens_details") && t == JsonToken.START_OBJECT) {
                String d;
                while ((d = StreamScratch.nextField(p)) != null) {
                    if (d.equals("cached_tokens") && p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                        usage.cached = p.getLongValue();
                    } else {
                        StreamScratch.skip(p);
                    }
                }
            } else {
                StreamScratch.skip(p);
            }
        }
    }

    private void start(ByteBuf out, StreamScratch s) throws IOException {
        started = true;
        out.writeBytes(MESSAGE_START_ID);
        s.writeString(out, MessageIds.of(id));
        out.writeBytes(MESSAGE_START_MODEL);
        s.writeString(out, model == null ? "" : model);
        out.writeBytes(MESSAGE_START_END);
    }

    private void openBlock(int kind, ByteBuf out, StreamScratch s) throws IOException {
        if (!started) {
            start(out, s);
        }
        closeBlock(out);
        open = kind;
        out.writeBytes(BLOCK_START);
        writeInt(out, nextIndex);
        if (kind == TEXT) {
            out.writeBytes(TEXT_BLOCK);
        } else if (kind == THINKING) {
            out.writeBytes(THINKING_BLOCK);
        } else {
            out.writeBytes(TOOL_BLOCK_ID);
            s.writeString(out, toolId == null ? "toolu_" + nextIndex : toolId);
            out.writeBytes(TOOL_BLOCK_NAME);
            s.writeString(out, toolName == null ? "" : toolName);
            out.writeBytes(TOOL_BLOCK_END);
        }
        if (!pinged) {
            pinged = true;
            out.writeBytes(PING);
        }
    }

    private void closeBlock(ByteBuf out) {
        if (open == NONE) {
            return;
        }
        out.writeBytes(BLOCK_STOP);
        writeInt(out, nextIndex);
        out.writeBytes(OBJECT_END);
        open = NONE;
        nextIndex++;
    }

    private void delta(byte[] kind, ByteBuf out) {
        out.writeBytes(DELTA);
        writeInt(out, nextIndex);
        out.writeBytes(kind);
    }

    /** The closing events: the open block's stop, message_delta with the stop reason and usage, message_stop. */
    private void finish(ByteBuf out) {
        done = true;
        if (!started) {
            try {
                start(out, StreamScratch.get());
            } catch (IOException e) {
                throw new IllegalStateException("writing message_start into a buffer failed", e);
            }
        }
        closeBlock(out);
        out.writeBytes(MESSAGE_DELTA);
        out.writeCharSequence(StopReasons.of(finishReason), StandardCharsets.US_ASCII);
        out.writeBytes(MESSAGE_DELTA_USAGE);
        long cached = Math.max(0, usage.cached);
        writeLong(out, Math.max(0, usage.prompt - cached));
        out.writeBytes(CACHE_READ);
        writeLong(out, cached);
        out.writeBytes(OUTPUT_TOKENS);
        writeLong(out, usage.completion);
        out.writeBytes(MESSAGE_DELTA_END);
        out.writeBytes(MESSAGE_STOP);
    }

    private static void writeInt(ByteBuf out, int n) {
        writeLong(out, n);
    }

    // Digits straight into the buffer: Long.toString would allocate a String per event.
    private static void writeLong(ByteBuf out, long n) {
        if (n < 0) {
            out.writeByte('-');
            n = -n;
        }
        if (n < 10) {
            out.writeByte((int) ('0' + n));
            return;
        }
        long div = 1;
        while (n / div >= 10) {
            div *= 10;
        }
        while (div > 0) {
            out.writeByte((int) ('0' + n / div % 10));
            div /= 10;
        }
    }
}
