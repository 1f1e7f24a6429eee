package io.llmgateway.codec.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of one complete server-sent event, as cut by {@link SseEventSplitter}: raw
 * bytes including the blank line that ends it. Follows the WHATWG event-stream rules: lines end in
 * {@code \n}, {@code \r\n} or {@code \r}; a line starting with {@code :} is a comment; one optional
 * space follows the colon; several {@code data:} lines are joined with {@code \n}.
 *
 * <p>Hot path: no allocation for the common single-{@code data:}-line event.
 */
public final class SseEvents {

    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
    private static final byte[] DONE = {'[', 'D', 'O', 'N', 'E', ']'};
    private static final byte[] ERROR_KEY = {'"', 'e', 'r', 'r', 'o', 'r', '"'};
    private static final byte[] TYPE_KEY = {'"', 't', 'y', 'p', 'e', '"'};
    private static final byte[] ERROR = {'e', 'r', 'r', 'o', 'r'};
    private static final byte[] RESPONSE_FAILED = {'r', 'e', 's', 'p', 'o', 'n', 's', 'e', '.', 'f', 'a', 'i', 'l', 'e', 'd'};

    private SseEvents() {
    }

    /**
     * The payload of the event's {@code data:} lines, owned by the caller (release it). For a
     * single data line this is a retained slice of {@code event} (no copy); several lines are
     * joined with {@code \n} into a new buffer from {@code alloc}. Returns null if the event has
     * no data line.
     */
    public static ByteBuf data(ByteBuf event, ByteBufAllocator alloc) {
        int end = event.writerIndex();
        int firstStart = -1;
        int firstEnd = -1;
        ByteBuf joined = null;
        int i = event.readerIndex();
        while (i < end) {
            int lineEnd = lineEnd(event, i, end);
            int valueStart = valueStart(event, i, lineEnd, DATA);
            if (valueStart >= 0) {
                if (firstStart < 0) {
                    firstStart = valueStart;
                    firstEnd = lineEnd;
                } else {
                    if (joined == null) {
                        joined = alloc.buffer(end - i + (firstEnd - firstStart) + 1);
                        joined.writeBytes(event, firstStart, firstEnd - firstStart);
                    }
                    joined.writeByte('\n');
                    joined.writeBytes(event, valueStart, lineEnd - valueStart);
                }
            }
            i = nextLine(event, lineEnd, end);
        }
        if (joined != null) {
            return joined;
        }
        return firstStart < 0 ? null : event.retainedSlice(firstStart, firstEnd - firstStart);
    }

    /** The value of the event's {@code event:} line, or null when it has none (a plain message). */
    public static String eventName(ByteBuf event) {
        int end = event.writerIndex();
        int i = event.readerIndex();
        while (i < end) {
            int lineEnd = lineEnd(event, i, end);
            int valueStart = valueStart(event, i, lineEnd, EVENT);
            if (valueStart >= 0) {
                return event.toString(valueStart, lineEnd - valueStart, StandardCharsets.UTF_8);
            }
            i = nextLine(event, lineEnd, end);
        }
        return null;
    }

    /** True when the event's data is exactly {@code [DONE]}, OpenAI's end-of-stream marker. */
    public static boolean isDone(ByteBuf event) {
        int end = event.writerIndex();
        int i = event.readerIndex();
        while (i < end) {
            int lineEnd = lineEnd(event, i, end);
            int valueStart = valueStart(event, i, lineEnd, DATA);
            if (valueStart >= 0) {
                return lineEnd - valueStart == DONE.length && regionEquals(event, valueStart, DONE);
            }
            i = nextLine(event, lineEnd, end);
        }
        return false;
    }

    /**
     * True when the event's data is a JSON object whose first key is {@code error}: how OpenAI-style
     * upstreams (vLLM, Azure, OpenAI itself) report a failure after the stream has begun.
     */
    public static boolean isError(ByteBuf event) {
        int end = event.writerIndex();
        int i = event.readerIndex();
        while (i < end) {
            int lineEnd = lineEnd(event, i, end);
            int valueStart = valueStart(event, i, lineEnd, DATA);
            if (valueStart >= 0) {
                int k = skipSpaces(event, valueStart, lineEnd);
                if (k >= lineEnd || event.getByte(k) != '{') {
                    return false;
                }
                k = skipSpaces(event, k + 1, lineEnd);
                return regionEquals(event, k, ERROR_KEY);
            }
            i = nextLine(event, lineEnd, end);
        }
        return false;
    }

    /**
     * True when the event reports a failure in any dialect a client of the gateway reads: OpenAI's
     * {@code data: {"error":...}} ({@link #isError}); an event named {@code error} (Anthropic's
     * {@code {"type":"error","error":{...}}}, the Responses API's {@code {"type":"error","code",...}})
     * or {@code response.failed}; or, without an {@code event:} line, data whose first key is
     * {@code type} with one of those two names. The first field line decides, so an ordinary event
     * costs a look at its first bytes: never a scan of its data.
     */
    public static boolean isErrorEvent(ByteBuf event) {
        int end = event.writerIndex();
        int i = event.readerIndex();
        while (i < end) {
            int lineEnd = lineEnd(event, i, end);
            int nameStart = valueStart(event, i, lineEnd, EVENT);
            if (nameStart >= 0) {
                return isErrorName(event, nameStart, lineEnd);
            }
            int valueStart = valueStart(event, i, lineEnd, DATA);
            if (valueStart >= 0) {
                return isErrorData(event, valueStart, lineEnd);
            }
            i = nextLine(event, lineEnd, end);
        }
        return false;
    }

    private static boolean isErrorName(ByteBuf buf, int from, int to) {
        int length = to - from;
        return length == ERROR.length && regionEquals(buf, from, ERROR)
                || length == RESPONSE_FAILED.length && regionEquals(buf, from, RESPONSE_FAILED);
    }

    // {"error" or {"type":"error" or {"type":"response.failed" at the start of a data line.
    private static boolean isErrorData(ByteBuf buf, int from, int lineEnd) {
        int k = skipSpaces(buf, from, lineEnd);
        if (k >= lineEnd || buf.getByte(k) != '{') {
            return false;
        }
        k = skipSpaces(buf, k + 1, lineEnd);
        if (regionEquals(buf, k, ERROR_KEY)) {
            return true;
        }
        if (!regionEquals(buf, k, TYPE_KEY)) {
            return false;
        }
        k = skipSpaces(buf, k + TYPE_KEY.length, lineEnd);
        if (k >= lineEnd || buf.getByte(k) != ':') {
            return false;
        }
        k = skipSpaces(buf, k + 1, lineEnd);
        if (k >= lineEnd || buf.getByte(k) != '"') {
            return false;
        }
        int nameStart = k + 1;
        int nameEnd = nameStart;
        while (nameEnd < lineEnd && nameEnd - nameStart <= RESPONSE_FAILED.length && buf.getByte(nameEnd) != '"') {
            nameEnd++;
        }
        return nameEnd < lineEnd && isErrorName(buf, nameStart, nameEnd);
    }

    private static int skipSpaces(ByteBuf buf, int from, int end) {
        int k = from;
        while (k < end) {
            byte b = buf.getByte(k);
            if (b != ' ' && b != '\t') {
                break;
            }
            k++;
        }
        return k;
    }

    /** True when the event holds only comment lines (heartbeats such as {@code : keep-alive}). */
    public static boolean isCommentOnly(ByteBuf event) {
        int end = event.writerIndex();
        int i = event.readerIndex();
        boolean sawLine = false;
        while (i < end) {
            int lineEnd = lineEnd(event, i, end);
            if (lineEnd > i) {
                if (event.getByte(i) != ':') {
                    return false;
                }
                sawLine = true;
            }
            i = nextLine(event, lineEnd, end);
        }
        return sawLine;
    }

    /** Writes {@code data: <payload>\n\n} into a new buffer. */
    public static ByteBuf encodeData(ByteBufAllocator alloc, CharSequence payload) {
        ByteBuf out = alloc.buffer(payload.length() + 8);
        out.writeBytes(DATA).writeByte(':').writeByte(' ');
        ByteBufUtil.writeUtf8(out, payload);
        out.writeByte('\n').writeByte('\n');
        return out;
    }

    /** The {@code data: [DONE]\n\n} event, in a new buffer. */
    public static ByteBuf done(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(14);
        out.writeBytes(DATA).writeByte(':').writeByte(' ').writeBytes(DONE).writeByte('\n').writeByte('\n');
        return out;
    }

    // If the line [start, lineEnd) is "<field>:<value>" returns the index of <value> (one optional
    // space skipped), else -1.
    private static int valueStart(ByteBuf buf, int start, int lineEnd, byte[] field) {
        int colon = start + field.length;
        if (colon >= lineEnd || buf.getByte(colon) != ':' || !regionEquals(buf, start, field)) {
            return lineEnd - start == field.length && regionEquals(buf, start, field) ? lineEnd : -1;
        }
        int v = colon + 1;
        if (v < lineEnd && buf.getByte(v) == ' ') {
            v++;
        }
        return v;
    }

    private static int lineEnd(ByteBuf buf, int from, int end) {
        for (int i = from; i < end; i++) {
            byte b = buf.getByte(i);
            if (b == '\n' || b == '\r') {
                return i;
            }
        }
        return end;
    }

    private static int nextLine(ByteBuf buf, int lineEnd, int end) {
        if (lineEnd >= end) {
            return end;
        }
        if (buf.getByte(lineEnd) == '\r' && lineEnd + 1 < end && buf.getByte(lineEnd + 1) == '\n') {
            return lineEnd + 2;
        }
        return lineEnd + 1;
    }

    private static boolean regionEquals(ByteBuf buf, int at, byte[] expected) {
        if (at + expected.length > buf.writerIndex()) {
            return false;
        }
        for (int k = 0; k < expected.length; k++) {
            if (buf.getByte(at + k) != expected[k]) {
                return false;
            }
        }
        return true;
    }
}
