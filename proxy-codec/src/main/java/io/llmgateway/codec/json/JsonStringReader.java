package io.llmgateway.codec.json;

import java.nio.ByteBuffer;

/**
 * The inside of one JSON string, from the byte after its opening quote to its closing quote:
 * validated in place as its bytes arrive, decoded into a {@link CappedText} only when the
 * tokenizer was asked for its text. Part of {@link JsonTokenizer}, which owns one.
 *
 * <p>What it accepts is what jackson-core 2.19 accepted when it parsed request bodies here, so
 * that no body changes verdict: every byte from 0x20 up except {@code "} and {@code \} as is;
 * the escapes of RFC 8259 ({@code \" \\ \/ \b \f \n \r \t} and <code>&#92;uXXXX</code>, hex
 * in either case, lone surrogates allowed); UTF-8 sequences whose lead byte is 0xC0–0xDF,
 * 0xE0–0xEF or 0xF0–0xF7 and whose continuation bytes are 0x80–0xBF (jackson checks no more:
 * overlong forms and encoded surrogates pass, and are decoded with jackson's arithmetic). Keys
 * are limited to {@value #MAX_KEY_BYTES} bytes once unescaped, as jackson's default
 * {@code maxNameLength} did.
 *
 * <p>Hot path. The common case, a run of plain ASCII, is checked 8 bytes at a time with nothing
 * written; an escape or a UTF-8 sequence held whole by the buffer is read at once; nothing is
 * allocated per string. A sequence cut by the end of a buffer resumes from a few ints of state.
 * Keeps no reference to the buffers it reads. Not thread-safe.
 */
final class JsonStringReader {

    /** jackson's default {@code StreamReadConstraints.maxNameLength}, in UTF-8 bytes. */
    static final int MAX_KEY_BYTES = 50_000;

    // What the previous byte left open.
    private static final int PLAIN = 0;
    private static final int ESCAPE = 1;
    private static final int UNICODE = 2;
    private static final int UTF8 = 3;

    private int pending;
    /** Bits of the code point (UTF8) or code unit (UNICODE) read so far. */
    private int value;
    /** Continuation bytes (UTF8) or hex digits (UNICODE) still expected. */
    private int remaining;
    /** Length of the UTF-8 sequence being read, lead byte included. */
    private int sequenceLength;
    private boolean complete;
    private boolean key;
    private int keyBytes;

    /** Starts a string whose opening quote was just consumed; {@code key} if it names a member. */
    void begin(boolean key) {
        this.key = key;
        keyBytes = 0;
        pending = PLAIN;
        complete = false;
    }

    /** Whether the closing quote has been consumed. */
    boolean complete() {
        return complete;
    }

    /**
     * Reads bytes {@code p} to {@code end} of {@code in} until the closing quote.
     *
     * @param base offset in the document of index 0 of {@code in}, for error messages
     * @return the index after the last byte consumed: after the closing quote when
     *         {@link #complete()}, else {@code end}
     */
    int read(ByteBuffer in, int p, int end, long base, CappedText text) throws JsonSyntaxException {
        while (p < end) {
            if (pending != PLAIN) {
                resume(in.get(p), base + p, text);
                p++;
                continue;
            }
            int start = p;
            p = skipPlain(in, p, end);
            if (p > start) {
                plain(in, start, p, base, text);
            }
            if (p == end) {
                return p;
            }
            int b = in.get(p++);
            if (b == '"') {
                complete = true;
                return p;
            }
            if (b == '\\') {
                p = escape(in, p, end, base, text);
            } else if (b >= 0) {
                throw JsonSyntaxException.malformed("control character " + JsonSyntaxException.describe(b)
                        + " in a string (expected: escaped, as \\u" + String.format("%04x", b) + ')', base + p - 1);
            } else {
                p = utf8(in, b, p, end, base, text);
            }
        }
        return p;
    }

    /** The index of the first byte from {@code p} that is not plain ASCII text, or {@code end}. */
    private static int skipPlain(ByteBuffer in, int p, int end) {
        while (true) {
            while (end - p >= 8 && plainWord(in.getLong(p))) {
                p += 8;
            }
            int stop = Math.min(end, p + 8);
            for (; p < stop; p++) {
                int b = in.get(p);
                // Signed: stops on control characters and on every byte of a multi-byte sequence.
                if (b < 0x20 || b == '"' || b == '\\') {
                    return p;
                }
            }
            if (p == end) {
                return p;
            }
        }
    }

    /**
     * Whether none of the 8 bytes is a quote, a backslash, a control character or non-ASCII
     * (SWAR: each test sets the high bit of a byte that may match; a false alarm only sends the
     * caller to the byte loop, a match is never missed).
     */
    private static boolean plainWord(long w) {
        long control = (w - 0x2020202020202020L) & ~w;
        long q = w ^ 0x2222222222222222L;
        long quote = (q - 0x0101010101010101L) & ~q;
        long s = w ^ 0x5C5C5C5C5C5C5C5CL;
        long backslash = (s - 0x0101010101010101L) & ~s;
        return ((w | control | quote | backslash) & 0x8080808080808080L) == 0;
    }

    /** After a backslash, consumed: the escape read at once when the buffer holds it, else left pending. */
    private int escape(ByteBuffer in, int p, int end, long base, CappedText text) throws JsonSyntaxException {
        if (p == end) {
            pending = ESCAPE;
            return p;
        }
        int b = in.get(p);
        if (b == 'u' && end - p >= 5) {
            int unit = 0;
            for (int i = 1; i <= 4; i++) {
                unit = unit << 4 | hexDigit(in.get(p + i), base + p + i);
            }
            unescaped((char) unit, base + p + 4, text);
            return p + 5;
        }
        // A one-char escape, or a \\u cut by the end of the buffer.
        escaped(b, base + p, text);
        return p + 1;
    }

    private void plain(ByteBuffer in, int from, int to, long base, CappedText text) throws JsonSyntaxException {
        if (key) {
            if (keyBytes + (to - from) > MAX_KEY_BYTES) {
                throw keyTooLong(base + from + (MAX_KEY_BYTES - keyBytes));
            }
            keyBytes += to - from;
        }
        if (text.active()) {
            text.appendAscii(in, from, to);
        }
    }

    /** A lead byte, just consumed at {@code p - 1}: reads its sequence at once when the buffer holds it. */
    private int utf8(ByteBuffer in, int lead, int p, int end, long base, CappedText text) throws JsonSyntaxException {
        int u = lead & 0xFF;
        if ((u & 0xE0) == 0xC0) {
            value = u & 0x1F;
            sequenceLength = 2;
        } else if ((u & 0xF0) == 0xE0) {
            value = u & 0x0F;
            sequenceLength = 3;
        } else if ((u & 0xF8) == 0xF0) {
            value = u & 0x07;
            sequenceLength = 4;
        } else {
            throw JsonSyntaxException.malformed("invalid UTF-8 start byte " + JsonSyntaxException.describe(lead),
                    base + p - 1);
        }
        countKeyBytes(1, base + p - 1);
        remaining = sequenceLength - 1;
        if (end - p < remaining) {
            pending = UTF8;
            return p;
        }
        for (; remaining > 0; remaining--, p++) {
            continuation(in.get(p), base + p);
        }
        decoded(text);
        return p;
    }

    private void resume(int b, long offset, CappedText text) throws JsonSyntaxException {
        switch (pending) {
            case ESCAPE -> escaped(b, offset, text);
            case UNICODE -> {
                value = value << 4 | hexDigit(b, offset);
                if (--remaining == 0) {
                    pending = PLAIN;
                    unescaped((char) value, offset, text);
                }
            }
            default -> {
                continuation(b, offset);
                if (--remaining == 0) {
                    pending = PLAIN;
                    decoded(text);
                }
            }
        }
    }

    /** The byte after a backslash. */
    private void escaped(int b, long offset, CappedText text) throws JsonSyntaxException {
        if (b == 'u') {
            pending = UNICODE;
            remaining = 4;
            value = 0;
            return;
        }
        char c = switch (b) {
            case '"', '\\', '/' -> (char) b;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> throw JsonSyntaxException.malformed("invalid escape: '\\' followed by "
                    + JsonSyntaxException.describe(b) + " (expected: one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", offset);
        };
        pending = PLAIN;
        unescaped(c, offset, text);
    }

    private static int hexDigit(int b, long offset) throws JsonSyntaxException {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        if (lower < 'a' || lower > 'f') {
            throw JsonSyntaxException.malformed("invalid hex digit " + JsonSyntaxException.describe(b)
                    + " in a \\u escape (expected: 0-9, a-f or A-F)", offset);
        }
        return lower - 'a' + 10;
    }

    private void continuation(int b, long offset) throws JsonSyntaxException {
        if ((b & 0xC0) != 0x80) {
            throw JsonSyntaxException.malformed("invalid UTF-8 continuation byte " + JsonSyntaxException.describe(b)
                    + " (expected: 0x80 to 0xbf)", offset);
        }
        value = value << 6 | (b & 0x3F);
        countKeyBytes(1, offset);
    }

    /** A char written as an escape: a key counts the bytes jackson re-encoded it to. */
    private void unescaped(char c, long offset, CappedText text) throws JsonSyntaxException {
        countKeyBytes(c < 0x80 ? 1 : c < 0x800 ? 2 : 3, offset);
        if (text.active()) {
            text.append(c);
        }
    }

    /** A complete UTF-8 sequence, its bits in {@link #value}. */
    private void decoded(CappedText text) {
        if (!text.active()) {
            return;
        }
        if (sequenceLength == 4) {
            // jackson's arithmetic, kept for the out-of-range forms it lets through.
            int c = value - 0x10000;
            text.append((char) (0xD800 | (c >> 10)));
            text.append((char) (0xDC00 | (c & 0x3FF)));
        } else {
            text.append((char) value);
        }
    }

    private void countKeyBytes(int n, long offset) throws JsonSyntaxException {
        if (key && (keyBytes += n) > MAX_KEY_BYTES) {
            throw keyTooLong(offset);
        }
    }

    private static JsonSyntaxException keyTooLong(long offset) {
        return JsonSyntaxException.malformed("a key longer than " + MAX_KEY_BYTES + " bytes (expected: at most "
                + MAX_KEY_BYTES + ')', offset);
    }
}
