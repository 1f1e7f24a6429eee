package io.llmgateway.codec.json;

import java.nio.ByteBuffer;

/**
 * The decoded text of one token, kept up to a cap, and its full length: what
 * {@link JsonTokenizer} decodes of a string or number its caller asked for. The cap bounds the
 * memory a client can make us spend on a field, however long its value; the full length lets
 * the caller say by how much a value is over.
 *
 * <p>Reused from token to token: one builder per tokenizer, created on first use and never
 * grown past the largest cap asked for. Not thread-safe.
 */
final class CappedText {

    private StringBuilder text;
    private int cap;
    private int length;

    /** Starts a new token: keeps up to {@code cap} chars of it; 0 keeps nothing. */
    void start(int cap) {
        this.cap = cap;
        length = 0;
        if (cap > 0) {
            if (text == null) {
                text = new StringBuilder(Math.min(cap, 32));
            }
            text.setLength(0);
        }
    }

    /** Whether the current token is being kept. */
    boolean active() {
        return cap > 0;
    }

    void append(char c) {
        if (length++ < cap) {
            text.append(c);
        }
    }

    /** Appends bytes {@code from} (inclusive) to {@code to} of {@code in}, all ASCII. */
    void appendAscii(ByteBuffer in, int from, int to) {
        int keep = Math.min(to, from + Math.max(0, cap - length));
        for (int i = from; i < keep; i++) {
            text.append((char) in.get(i));
        }
        length += to - from;
    }

    /** The text kept: all of it unless {@link #truncated()}. Valid until the next {@link #start}. */
    CharSequence text() {
        return text == null ? "" : text;
    }

    /** The token's full length in UTF-16 chars, also beyond the cap. */
    int length() {
        return length;
    }

    boolean truncated() {
        return length > cap;
    }

    /** Whether the text kept is exactly {@code s}; allocates nothing. */
    boolean is(String s) {
        return cap > 0 && !truncated() && s.contentEquals(text);
    }

    @Override
    public String toString() {
        return text().toString();
    }
}
