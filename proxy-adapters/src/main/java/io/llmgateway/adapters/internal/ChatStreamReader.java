package io.llmgateway.adapters.internal;

import io.llmgateway.codec.sse.SseEvents;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The half that the Messages and the Responses streams made of a chat provider's chunks share:
 * reads each chat chunk with the loop's {@link JsonCursor} and keeps the bookkeeping both need —
 * the answer's id, model and creation time (as first seen), its usage, its finish reason, the
 * current tool-call fragment (index, id, name, arguments), whether the stream ended with
 * {@code [DONE]} or an error event — and tells its {@link Listener}, in document order, what each
 * chunk says, so that the listener writes its own API's events into the chunk's one output buffer:
 *
 * <pre>
 *   chat chunk --ChatStreamReader--> Listener.choices / choice / text / toolCall / finishReason --> out
 *   [DONE]     --ChatStreamReader--> Listener.end --> out
 *   {"error"}  --relayed as is; nothing after it
 * </pre>
 *
 * <p>Text is handed over as the byte range of the provider's escaped string, for the listener to
 * copy ({@link JsonText}, {@link EscapedText}); only a tool call's id and name, once per call, and
 * the answer's id and model, once per stream, become Strings. One instance per stream, confined to
 * its event loop.
 */
public final class ChatStreamReader {

    /** What a stream translator does with what a chat chunk says; writes into {@code out}. */
    public interface Listener {

        /** A {@code choices} array begins (the usage chunk's is empty). */
        void choices(ByteBuf out) throws IOException;

        /** Whether to read the {@code position}th object of {@code choices} (0 first). */
        boolean choice(int position, ByteBuf out) throws IOException;

        /** A non-empty text delta of {@code kind}, at {@code reader.text*()}. */
        void text(int kind, ChatStreamReader reader, ByteBuf out) throws IOException;

        /** One element of {@code delta.tool_calls}, at {@code reader.tool*()}. */
        void toolCall(ChatStreamReader reader, ByteBuf out) throws IOException;

        /** The choice's {@code finish_reason}, now at {@link #finishReason()}. */
        void finishReason(ByteBuf out) throws IOException;

        /** {@code [DONE]}: the stream's closing events. */
        void end(ByteBuf out) throws IOException;
    }

    /** {@code delta.content}. */
    public static final int CONTENT = 0;
    /** {@code delta.reasoning_content} (thinking text; LiteLLM/DeepSeek convention). */
    public static final int REASONING = 1;
    /** {@code delta.refusal}. */
    public static final int REFUSAL = 2;

    private static final byte[] ERROR_KEY = ascii("\"error\"");
    private static final byte[] ID = ascii("id");
    private static final byte[] MODEL = ascii("model");
    private static final byte[] CREATED = ascii("created");
    private static final byte[] CHOICES = ascii("choices");
    private static final byte[] USAGE = ascii("usage");
    private static final byte[] DELTA = ascii("delta");
    private static final byte[] FINISH_REASON = ascii("finish_reason");
    private static final byte[] CONTENT_KEY = ascii("content");
    private static final byte[] REASONING_KEY = ascii("reasoning_content");
    private static final byte[] REFUSAL_KEY = ascii("refusal");
    private static final byte[] TOOL_CALLS = ascii("tool_calls");
    private static final byte[] INDEX = ascii("index");
    private static final byte[] FUNCTION = ascii("function");
    private static final byte[] NAME = ascii("name");
    private static final byte[] ARGUMENTS = ascii("arguments");

    private final Listener listener;
    private final int endCapacity;
    private final int chunkCapacity;
    private final UsageCounts usage = new UsageCounts();
    private String id;
    private String model;
    private long created = -1;
    private String finishReason;
    private boolean done;
    private boolean failed;
    private JsonCursor cursor;
    private int textStart;
    private int textEnd;
    private int toolIndex;
    private String toolId;
    private String toolName;
    private int argumentsStart;
    private int argumentsEnd;

    /**
     * @param endCapacity   the initial size of the buffer of the closing events
     * @param chunkCapacity the initial size of a chunk's buffer
     */
    public ChatStreamReader(Listener listener, int endCapacity, int chunkCapacity) {
        this.listener = listener;
        this.endCapacity = endCapacity;
        this.chunkCapacity = chunkCapacity;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Reads one chat event ({@code data: ...\n\n}); returns the listener's events, in a buffer owned
     * by the caller, or null when it makes none. {@code event} is borrowed.
     */
    public ByteBuf translate(ByteBuf event, ByteBufAllocator alloc) throws IOException {
        if (done || failed) {
            return null;
        }
        if (event.readableBytes() <= 64 && SseEvents.isDone(event)) {
            done = true;
            return write(null, alloc.buffer(endCapacity));
        }
        JsonCursor c = StreamScratch.get().cursorEvent(event);
        if (c == null) {
            return null; // a comment or heartbeat
        }
        // SseEvents.isError's test, on the copy: it would read the event a checked byte at a time.
        if (c.opensWithField(ERROR_KEY)) {
            failed = true;
            return event.retainedDuplicate();
        }
        return write(c, alloc.buffer(chunkCapacity));
    }

    private ByteBuf write(JsonCursor c, ByteBuf out) throws IOException {
        boolean ok = false;
        try {
            if (c == null) {
                listener.end(out);
            } else {
                cursor = c;
                chunk(c, out);
                c.end();
            }
            ok = true;
        } finally {
            cursor = null;
            if (!ok) {
                StreamScratch.get().discardGenerator();
                out.release();
            }
        }
        if (!out.isReadable()) {
            out.release();
            return null;
        }
        return out;
    }

    private void chunk(JsonCursor c, ByteBuf out) throws IOException {
        if (!c.enterObject()) {
            return;
        }
        while (c.nextField()) {
            if (c.fieldIs(CHOICES)) {
                choices(c, out);
            } else if (c.fieldIs(ID)) {
                if (c.readString() && id == null) {
                    id = c.stringValue();
                }
            } else if (c.fieldIs(MODEL)) {
                if (c.readString() && model == null) {
                    model = c.stringValue();
                }
            } else if (c.fieldIs(CREATED)) {
                if (c.readLong() && created < 0) {
                    created = c.longValue();
                }
            } else if (c.fieldIs(USAGE)) {
                if (c.enterObject()) {
                    CursorUsageReader.read(c, usage);
                }
            } else {
                c.skipValue();
            }
        }
    }

    private void choices(JsonCursor c, ByteBuf out) throws IOException {
        if (!c.enterArray()) {
            return;
        }
        listener.choices(out);
        int position = 0;
        while (c.nextElement()) {
            if (!c.enterObject()) {
                continue;
            }
            if (!listener.choice(position++, out)) {
                skipRest(c);
                continue;
            }
            while (c.nextField()) {
                if (c.fieldIs(DELTA)) {
                    if (c.enterObject()) {
                        delta(c, out);
                    }
                } else if (c.fieldIs(FINISH_REASON)) {
                    if (c.readString()) {
                        finishReason = c.stringValue();
                        listener.finishReason(out);
                    }
                } else {
                    c.skipValue();
                }
            }
        }
    }

    private static void skipRest(JsonCursor c) throws IOException {
        while (c.nextField()) {
            c.skipValue();
        }
    }

    private void delta(JsonCursor c, ByteBuf out) throws IOException {
        while (c.nextField()) {
            int kind = c.fieldIs(CONTENT_KEY) ? CONTENT : c.fieldIs(REASONING_KEY) ? REASONING
                    : c.fieldIs(REFUSAL_KEY) ? REFUSAL : -1;
            if (kind >= 0) {
                if (c.readString() && c.stringLength() > 0) {
                    textStart = c.stringStart();
                    textEnd = c.stringEnd();
                    listener.text(kind, this, out);
                }
            } else if (c.fieldIs(TOOL_CALLS)) {
                if (c.enterArray()) {
                    while (c.nextElement()) {
                        if (c.enterObject()) {
                            toolCall(c, out);
                        }
                    }
                }
            } else {
                c.skipValue();
            }
        }
    }

    private void toolCall(JsonCursor c, ByteBuf out) throws IOException {
        toolIndex = 0;
        toolId = null;
        toolName = null;
        argumentsStart = 0;
        argumentsEnd = 0;
        while (c.nextField()) {
            if (c.fieldIs(INDEX)) {
                if (c.readLong()) {
                    toolIndex = (int) c.longValue();
                }
            } else if (c.fieldIs(ID)) {
                if (c.readString()) {
                    toolId = c.stringValue();
                }
            } else if (c.fieldIs(FUNCTION)) {
                if (c.enterObject()) {
                    function(c);
                }
            } else {
                c.skipValue();
            }
        }
        listener.toolCall(this, out);
    }

    private void function(JsonCursor c) throws IOException {
        while (c.nextField()) {
            if (c.fieldIs(NAME)) {
                if (c.readString()) {
                    toolName = c.stringValue();
                }
            } else if (c.fieldIs(ARGUMENTS)) {
                if (c.readString()) {
                    argumentsStart = c.stringStart();
                    argumentsEnd = c.stringEnd();
                }
            } else {
                c.skipValue();
            }
        }
    }

    /** Writes the current text delta (see {@link Listener#text}) as a JSON string literal. */
    public void writeText(ByteBuf out) {
        JsonText.writeString(out, cursor.bytes(), textStart, textEnd);
    }

    /** Appends the current text delta to {@code text}. */
    public void appendText(EscapedText text) {
        text.append(cursor.bytes(), textStart, textEnd);
    }

    /** The current tool call's {@code index} (0 when absent). */
    public int toolIndex() {
        return toolIndex;
    }

    /** The current tool call's {@code id}, or null when this fragment has none. */
    public String toolId() {
        return toolId;
    }

    /** The current tool call's {@code function.name}, or null when this fragment has none. */
    public String toolName() {
        return toolName;
    }

    /** Whether the current tool-call fragment carries argument text. */
    public boolean hasArguments() {
        return argumentsEnd > argumentsStart;
    }

    /** Writes the current fragment's arguments as a JSON string literal. */
    public void writeArguments(ByteBuf out) {
        JsonText.writeString(out, cursor.bytes(), argumentsStart, argumentsEnd);
    }

    /** Appends the current fragment's arguments to {@code text}. */
    public void appendArguments(EscapedText text) {
        text.append(cursor.bytes(), argumentsStart, argumentsEnd);
    }

    /** The answer's id, as first seen; null until then. */
    public String id() {
        return id;
    }

    /** The answer's model, as first seen; null until then. */
    public String model() {
        return model;
    }

    /** The answer's {@code created} time (epoch seconds), as first seen; -1 until then. */
    public long created() {
        return created;
    }

    /** The last {@code finish_reason}; null until one came. */
    public String finishReason() {
        return finishReason;
    }

    /** The usage the stream reported (its usage chunk); unknown until then. */
    public UsageCounts usage() {
        return usage;
    }

    /** The stream ended with {@code [DONE]}: the closing events were written. */
    public boolean done() {
        return done;
    }

    /** An error event was relayed: nothing more is. */
    public boolean failed() {
        return failed;
    }
}
