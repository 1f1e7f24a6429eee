package io.llmgateway.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;

/**
 * Splits a server-sent event stream into events across buffer boundaries and classifies each one:
 * a <em>content</em> event carries a non-empty {@code "content"}, {@code "text"} or {@code "delta"}
 * string (OpenAI chat and legacy completions, the Responses API, Anthropic and Gemini deltas); a
 * <em>done</em> event is {@code data: [DONE]}. A role chunk ({@code "content":""}) is neither.
 *
 * <p>One instance per connection, used on its event loop; {@link #reset()} between responses.
 * Bytes are read with one {@link ByteBuf#forEachByte} per buffer.
 */
final class SseScanner implements ByteProcessor {

    /** Receives each complete event. */
    interface Listener {
        void onEvent(boolean content, boolean done);
    }

    /** Longer events are classified on their first bytes only. */
    static final int MAX_EVENT_BYTES = 64 * 1024;

    private static final byte[][] CONTENT_KEYS = {
        "\"content\"".getBytes(StandardCharsets.US_ASCII),
        "\"text\"".getBytes(StandardCharsets.US_ASCII),
        "\"delta\"".getBytes(StandardCharsets.US_ASCII),
    };
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private byte[] event = new byte[512];
    private int length;
    private boolean afterNewline;
    private Listener listener;

    void reset() {
        length = 0;
        afterNewline = false;
    }

    void feed(ByteBuf buf, Listener listener) {
        this.listener = listener;
        buf.forEachByte(this);
        this.listener = null;
    }

    @Override
    public boolean process(byte b) {
        if (b == '\r') {
            return true;
        }
        if (b == '\n') {
            if (afterNewline) {
                if (length > 0) {
                    dispatch();
                }
                length = 0;
                afterNewline = false;
                return true;
            }
            afterNewline = true;
        } else {
            afterNewline = false;
        }
        append(b);
        return true;
    }

    private void append(byte b) {
        if (length == event.length) {
            if (length >= MAX_EVENT_BYTES) {
                return;
            }
            byte[] bigger = new byte[Math.min(MAX_EVENT_BYTES, length * 2)];
            System.arraycopy(event, 0, bigger, 0, length);
            event = bigger;
        }
        event[length++] = b;
    }

    private void dispatch() {
        boolean done = isDone();
        listener.onEvent(!done && hasContent(), done);
    }

    /** A {@code data:} line whose value starts with {@code [DONE]}. */
    private boolean isDone() {
        int i = indexOf(DONE, 0);
        if (i < 0) {
            return false;
        }
        int j = i - 1;
        while (j >= 0 && event[j] == ' ') {
            j--;
        }
        return j >= 4 && event[j] == ':' && event[j - 1] == 'a' && event[j - 2] == 't' && event[j - 3] == 'a'
                && event[j - 4] == 'd' && (j == 4 || event[j - 5] == '\n');
    }

    private boolean hasContent() {
        for (byte[] key : CONTENT_KEYS) {
            int from = 0;
            int at;
            while ((at = indexOf(key, from)) >= 0) {
                int i = skipSpaces(at + key.length);
                if (i < length && event[i] == ':') {
                    i = skipSpaces(i + 1);
                    if (i + 1 < length && event[i] == '"' && event[i + 1] != '"') {
                        return true;
                    }
                }
                from = at + 1;
            }
        }
        return false;
    }

    private int skipSpaces(int i) {
        while (i < length && (event[i] == ' ' || event[i] == '\t')) {
            i++;
        }
        return i;
    }

    private int indexOf(byte[] needle, int from) {
        int last = length - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (event[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
