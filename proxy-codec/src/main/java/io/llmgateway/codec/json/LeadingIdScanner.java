package io.llmgateway.codec.json;

import static io.netty.util.internal.ObjectUtil.checkPositive;
import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;

/**
 * Finds the id of the object an answer created: the string value of the first member named
 * {@code id} within the first {@code maxBytes} bytes of a JSON body ({@code {"id":"file-abc",...}})
 * or of an event stream (a Responses stream's {@code response.created} event carries
 * {@code "response":{"id":"resp_..."}}, and nothing named {@code id} comes before it). Fed the
 * answer's buffers as they pass, it stops looking once it has the id or has read its budget.
 *
 * <pre>{@code
 * LeadingIdScanner scanner = new LeadingIdScanner(4096);   // one per answer
 * if (scanner.feed(content)) {                              // each buffer, until true
 *     String id = scanner.id();                              // null: no id within the budget
 * }
 * }</pre>
 *
 * <p>A small byte-level state machine, not a JSON parser: strings are followed (escapes included)
 * so that {@code "id"} inside a value is not a key; an id is only what the gateway lets into an
 * upstream path (letters, digits, {@code -}, {@code _}, {@code .}, at most {@link #MAX_ID_CHARS}),
 * anything else ends the search without one. Reads the buffers in place (their indexes untouched,
 * never retained) and allocates only the id. Not thread-safe: one answer, one event loop.
 */
public final class LeadingIdScanner {

    /** Longest id kept. */
    public static final int MAX_ID_CHARS = 200;

    private enum State { OUTSIDE, IN_STRING, AFTER_ID_KEY, AFTER_COLON, IN_VALUE, DONE }

    private final int maxBytes;
    private int seen;
    private State state = State.OUTSIDE;
    /** In a string: its length so far, or -1 once it cannot be {@code id}. */
    private int keyLength;
    private boolean escaped;
    private StringBuilder value;
    private String id;

    /** @param maxBytes how far into the answer the id may be */
    public LeadingIdScanner(int maxBytes) {
        this.maxBytes = checkPositive(maxBytes, "maxBytes");
    }

    /**
     * Reads the readable bytes of {@code content} (indexes untouched, not retained).
     *
     * @return true once the search is over: {@link #id()} has the id, or none was found
     */
    public boolean feed(ByteBuf content) {
        requireNonNull(content, "content");
        int end = content.writerIndex();
        for (int i = content.readerIndex(); i < end && state != State.DONE; i++) {
            if (++seen > maxBytes) {
                state = State.DONE;
                break;
            }
            step(content.getByte(i));
        }
        return state == State.DONE;
    }

    /** The id found; null while searching, or when there was none within the budget. */
    public String id() {
        return id;
    }

    /** Whether the search is over. */
    public boolean done() {
        return state == State.DONE;
    }

    private void step(byte b) {
        switch (state) {
            case OUTSIDE -> {
                if (b == '"') {
                    state = State.IN_STRING;
                    keyLength = 0;
                    escaped = false;
                }
            }
            case IN_STRING -> inString(b);
            case AFTER_ID_KEY -> {
                if (b == ':') {
                    state = State.AFTER_COLON;
                } else if (!whitespace(b)) {
                    state = State.OUTSIDE;
                    step(b);
                }
            }
            case AFTER_COLON -> {
                if (b == '"') {
                    state = State.IN_VALUE;
                    value = new StringBuilder(32);
                } else if (!whitespace(b)) {
                    state = State.OUTSIDE; // "id": null, a number...: not the object's id
                    step(b);
                }
            }
            case IN_VALUE -> inValue(b);
            case DONE -> { }
        }
    }

    private void inString(byte b) {
        if (escaped) {
            escaped = false;
            keyLength = -1;
            return;
        }
        if (b == '\\') {
            escaped = true;
            keyLength = -1;
            return;
        }
        if (b == '"') {
            state = keyLength == 2 ? State.AFTER_ID_KEY : State.OUTSIDE;
            return;
        }
        if (keyLength >= 0) {
            keyLength = keyLength == 0 && b == 'i' || keyLength == 1 && b == 'd' ? keyLength + 1 : -1;
        }
    }

    private void inValue(byte b) {
        if (b == '"') {
            id = value.length() == 0 ? null : value.toString();
            value = null;
            state = State.DONE;
        } else if (idChar(b) && value.length() < MAX_ID_CHARS) {
            value.append((char) b);
        } else {
            value = null;
            state = State.DONE; // not an id the gateway could route by
        }
    }

    private static boolean idChar(byte c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                || c == '.';
    }

    private static boolean whitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
