package io.llmgateway.codec.json;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The decoded text of one token, kept up to a cap, and its full length: what
 * {@link JsonTokenizer} decodes of a string or number its caller asked for. The cap bounds the
 * memory a client can make us spend on a field, however long its value; the full length lets
 * the caller say by how much a value is over.
 *
 * <p>Most keys and routing values are plain ASCII held whole by one buffer: such a text is not
 * copied but left where it is, as a range of the tokenizer's current view, and compared in
 * place. It is copied into the {@code char[]} only when it must be: when an escape or a
 * multi-byte char follows, or before the tokenizer lets go of the view ({@link #detach()}), so
 * that no reference to a caller's buffer outlives the call that lent it.
 *
 * <p>Reused from token to token: one {@code char[]} per tokenizer, created on first use and
 * never grown past the largest cap asked for. Not thread-safe.
 */
final class CappedText {

    private static final char[] NONE = {};

    private char[] chars = NONE;
    private int cap;
    /** Chars kept: in {@link #chars}, or from {@link #viewFrom} when {@link #view} is set. */
    private int kept;
    private int length;
    private ByteBuffer view;
    private int viewFrom;

    /** Starts a new token: keeps up to {@code cap} chars of it; 0 keeps nothing. */
    void start(int cap) {
        this.cap = cap;
        kept = 0;
        length = 0;
        view = null;
    }

    /** Whether the current token is being kept. */
    boolean active() {
        return cap > 0;
    }

    void append(char c) {
        detach();
        length++;
        if (kept < cap) {
            room(1)[kept++] = c;
        }
    }

    /** Appends bytes {@code from} (inclusive) to {@code to} of {@code in}, all ASCII. */
    void appendAscii(ByteBuffer in, int from, int to) {
        int n = Math.min(to - from, cap - kept);
        if (length == 0) {
            view = in;
            viewFrom = from;
            kept = n;
        } else {
            detach();
            copy(in, from, n);
        }
        length += to - from;
    }

    /** Copies the text out of the view it was left in, if it was: the view is about to go. */
    void detach() {
        ByteBuffer v = view;
        if (v != null) {
            view = null;
            int n = kept;
            kept = 0;
            copy(v, viewFrom, n);
        }
    }

    /** Appends {@code n} bytes of {@code in}, ASCII, from {@code from}; nothing if {@code n <= 0}. */
    private void copy(ByteBuffer in, int from, int n) {
        if (n <= 0) {
            return;
        }
        char[] c = room(n);
        for (int i = 0; i < n; i++) {
            c[kept + i] = (char) in.get(from + i);
        }
        kept += n;
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

    /** Whether the text kept is exactly {@code s}; allocates nothing, copies nothing. */
    boolean is(String s) {
        int n = s.length();
        if (length != n || kept != n) {
            return false;
        }
        ByteBuffer v = view;
        for (int i = 0; i < n; i++) {
            char c = v != null ? (char) v.get(viewFrom + i) : chars[i];
            if (c != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The text kept: all of it unless {@link #truncated()}. */
    @Override
    public String toString() {
        detach();
        return new String(chars, 0, kept);
    }
}
