package io.llmgateway.adapters.messages;

import io.llmgateway.adapters.internal.OverChatTranslator;
import io.llmgateway.adapters.internal.ChatStreamReader;
import io.llmgateway.adapters.internal.StreamScratch;
import io.llmgateway.adapters.internal.UsageCounts;
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
 * <p>One instance per stream, confined to its event loop. Hot path: the chunk is read by the
 * shared {@link ChatStreamReader}, which keeps the answer's id, model, usage and finish reason; a
 * delta's text and a tool call's arguments are copied as the provider escaped them, and one
 * output buffer per chunk carries every event it makes; the only other allocations are a tool
 * call's id and name, once per call. Fragments of one tool call are assumed to follow its start
 * before the next call starts, as every chat provider streams them.
 */
final class MessagesStream implements ChatStreamReader.Listener, OverChatTranslator.ApiStream {

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

    private final ChatStreamReader reader = new ChatStreamReader(this, 256, 256);
    private boolean started;
    private boolean pinged;
    private int nextIndex;
    private int open = NONE;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The usage the stream reported (its usage chunk); unknown until then. */
    @Override
    public UsageCounts usage() {
        return reader.usage();
    }

    /** The stream ended with {@code [DONE]}: message_delta and message_stop were written. */
    @Override
    public boolean done() {
        return reader.done();
    }

    /** An error event was relayed: nothing more is. */
    @Override
    public boolean failed() {
        return reader.failed();
    }

    /**
     * Translates one chat event ({@code data: ...\n\n}); returns the Messages events it makes, in a
     * buffer owned by the caller, or null when it makes none. {@code event} is borrowed.
     */
    @Override
    public ByteBuf translate(ByteBuf event, ByteBufAllocator alloc) throws IOException {
        return reader.translate(event, alloc);
    }

    @Override
    public void choices(ByteBuf out) throws IOException {
        if (!started) {
            start(out, StreamScratch.get()); // at the first chunk, so that the client sees its message begin at once
        }
    }

    @Override
    public boolean choice(int position, ByteBuf out) {
        return position == 0; // the gateway asks for one choice: n > 1 has no Messages equivalent
    }

    @Override
    public void text(int kind, ChatStreamReader r, ByteBuf out) throws IOException {
        if (kind == ChatStreamReader.REFUSAL) {
            return;
        }
        int block = kind == ChatStreamReader.CONTENT ? TEXT : THINKING;
        if (open != block) {
            openBlock(block, out, StreamScratch.get(), null, null);
        }
        delta(block == TEXT ? TEXT_DELTA : THINKING_DELTA, out);
        r.writeText(out);
        out.writeBytes(DELTA_END);
    }

    @Override
    public void toolCall(ChatStreamReader r, ByteBuf out) throws IOException {
        if (r.toolId() != null || r.toolName() != null || open != TOOL) {
            openBlock(TOOL, out, StreamScratch.get(), r.toolId(), r.toolName());
        }
        if (r.hasArguments()) {
            delta(JSON_DELTA, out);
            r.writeArguments(out);
            out.writeBytes(DELTA_END);
        }
    }

    @Override
    public void finishReason(ByteBuf out) {
        closeBlock(out);
    }

    private void start(ByteBuf out, StreamScratch s) throws IOException {
        started = true;
        out.writeBytes(MESSAGE_START_ID);
        s.writeString(out, MessageIds.of(reader.id()));
        out.writeBytes(MESSAGE_START_MODEL);
        s.writeString(out, reader.model() == null ? "" : reader.model());
        out.writeBytes(MESSAGE_START_END);
    }

    private void openBlock(int kind, ByteBuf out, StreamScratch s, String toolId, String toolName)
            throws IOException {
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
    @Override
    public void end(ByteBuf out) throws IOException {
        if (!started) {
            start(out, StreamScratch.get());
        }
        UsageCounts usage = reader.usage();
        closeBlock(out);
        out.writeBytes(MESSAGE_DELTA);
        out.writeCharSequence(StopReasons.of(reader.finishReason()), StandardCharsets.US_ASCII);
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
