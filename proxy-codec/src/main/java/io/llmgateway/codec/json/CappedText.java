package io.llmgateway.codec.json;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The decoded text of one token, kept up to a cap, and its full length: what
 * {@link JsonTokenizer} decodes of a string or number its caller asked for. The cap bounds the
 * memory a client can make us spend on a field, however long its value; the full length lets
 * the caller say by how much a value is over.
 *
 * <p>Reused from token to token: one {@code char[]} per tokenizer, created on first use and
 * never grown past the largest cap asked for. Not thread-safe.
 */
final class CappedText {

    private static final char[] NONE = {};

    private char[] chars = NONE;
    private int cap;
    private int kept;
    private int length;

    /** Starts a new token: keeps up to {@code cap} chars of it; 0 keeps nothing. */
    void start(int cap) {
        this.cap = cap;
        kept = 0;
        length = 0;
    }

    /** Whether the current token is being kept. */
    boolean active() {
        return cap > 0;
    }

    void append(char c) {
        length++;
        if (kept < cap) {
            room(1)[kept++] = c;
        }
    }

    /** Appends bytes {@code from} (inclusive) to {@code to} of {@code in}, all ASCII. */
    void appendAscii(ByteBuffer in, int from, int to) {
        length += to - from;
        int n = Math.min(to - from, cap - kept);
        if (n > 0) {
            char[] c = room(n);
            for (int i = 0; i < n; i++) {
                c[kept + i] = (char) in.get(from + i);
            }
            kept += n;
        }
    }

    private char[] room(int n) {
        if (kept + n > chars.length) {
            chars = Arrays.copyOf(chars, Math.min(cap, Math.max(kept + n, Math.max(16, chars.length * 2))));
        }
        return chars;
    }

    /** The token's full length in UTF-16 chars, also beyond the cap. */
    int length() {
        return length;
    }

    boolean truncated() {
        return length > kept;
    }

    /** Whether the text kept is exactly {@code s}; allocates nothing. */
    boolean is(String s) {
        int n = s.length();
        if (length != n || kept != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (chars[i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The text kept: all of it unless {@link #truncated()}. */
    @Override
    public String toString() {
        return new String(chars, 0, kept);
    }
}
