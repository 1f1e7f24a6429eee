package io.llmgateway.adapters.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A minimal JSON reader over one stream event's bytes that allocates nothing: a string value is
 * reported as the byte range of its content still escaped as the provider wrote it, so that a
 * translator copies text into its output ({@link JsonText}) instead of decoding it to chars and
 * encoding it again. It reads exactly what a translator asks for, in document order, and skips
 * the rest:
 *
 * <pre>
 *   if (c.enterObject()) {
 *       while (c.nextField()) {
 *           if (c.fieldIs(CONTENT) &amp;&amp; c.readString()) { ... c.stringStart(), c.stringEnd() ... }
 *           else c.skipValue();
 *       }
 *   }
 *   c.end();
 * </pre>
 *
 * <p>It rejects what would make its output invalid JSON — a truncated document, an unterminated
 * string, a raw control character in a string, a literal other than {@code true}/{@code false}/{@code null},
 * a second root value — with an {@link IOException}; it is lenient about separators (a missing or
 * extra comma), which change no value it reports. Field names are compared as raw bytes: a name
 * written with escapes matches nothing. Not thread-safe: one per thread, in {@link StreamScratch}.
 */
public final class JsonCursor {

    private byte[] buf = new byte[0];
    private int pos;
    private int end;
    private int nameStart;
    private int nameEnd;
    private int stringStart;
    private int stringEnd;
    private boolean stringEscaped;
    private long longValue;

    /** Reads {@code buf[from, to)}, one complete JSON document. */
    public JsonCursor reset(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
        return this;
    }

    /**
     * Whether the document opens with an object whose first field is {@code quotedName} (with its
     * quotes), only spaces and tabs before the brace and the name, as {@code SseEvents.isError}
     * tests an event; the cursor does not move.
     */
    public boolean opensWithField(byte[] quotedName) {
        int i = skipSpaces(pos);
        if (i >= end || buf[i] != '{') {
            return false;
        }
        i = skipSpaces(i + 1);
        if (end - i < quotedName.length) {
            return false;
        }
        for (int k = 0; k < quotedName.length; k++) {
            if (buf[i + k] != quotedName[k]) {
                return false;
            }
        }
        return true;
    }

    private int skipSpaces(int i) {
        while (i < end && (buf[i] == ' ' || buf[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** The bytes read; {@link #stringStart()} and {@link #stringEnd()} index into it. */
    public byte[] bytes() {
        return buf;
    }

    /**
     * Whether the value at the cursor is an object, which is then entered (walk it with
     * {@link #nextField}); any other value is skipped.
     */
    public boolean enterObject() throws IOException {
        if (peek() == '{') {
            pos++;
            return true;
        }
        skipValue();
        return false;
    }

    /** Whether the value at the cursor is an array, which is then entered (walk it with {@link #nextElement}). */
    public boolean enterArray() throws IOException {
        if (peek() == '[') {
            pos++;
            return true;
        }
        skipValue();
        return false;
    }

    /**
     * Moves onto the next field's value, its name available to {@link #fieldIs}; false (and the
     * object left) at its end.
     */
    public boolean nextField() throws IOException {
        int c = peek();
        if (c == ',') {
            pos++;
            c = peek();
        }
        if (c == '}') {
            pos++;
            return false;
        }
        if (c != '"') {
            throw unexpected("a field name");
        }
        pos++;
        nameStart = pos;
        scanString();
        nameEnd = pos - 1;
        if (peek() != ':') {
            throw unexpected("':'");
        }
        pos++;
        return true;
    }

    /** Moves onto the next element of an array; false (and the array left) at its end. */
    public boolean nextElement() throws IOException {
        int c = peek();
        if (c == ',') {
            pos++;
            c = peek();
        }
        if (c == ']') {
            pos++;
            return false;
        }
        return true;
    }

    /** Whether the current field's name is {@code name} (ASCII bytes). */
    public boolean fieldIs(byte[] name) {
        int n = nameEnd - nameStart;
        if (n != name.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buf[nameStart + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads a string value into {@link #stringStart()}..{@link #stringEnd()}; any other value is skipped (false). */
    public boolean readString() throws IOException {
        if (peek() != '"') {
            skipValue();
            return false;
        }
        pos++;
        stringStart = pos;
        stringEscaped = scanString();
        stringEnd = pos - 1;
        return true;
    }

    /** Reads an integer value into {@link #longValue()}; any other value (a fraction too) is skipped (false). */
    public boolean readLong() throws IOException {
        int c = peek();
        if (c != '-' && (c < '0' || c > '9')) {
            skipValue();
            return false;
        }
        int from = pos;
        boolean negative = c == '-';
        if (negative) {
            pos++;
        }
        long v = 0;
        int digits = 0;
        while (pos < end && buf[pos] >= '0' && buf[pos] <= '9') {
            v = v * 10 + (buf[pos++] - '0');
            digits++;
        }
        if (pos < end && isNumberByte(buf[pos]) || digits == 0 || digits > 18) {
            pos = from;
            skipValue();
            return false;
        }
        longValue = negative ? -v : v;
        return true;
    }

    public int stringStart() {
        return stringStart;
    }

    public int stringEnd() {
        return stringEnd;
    }

    public int stringLength() {
        return stringEnd - stringStart;
    }

    public long longValue() {
        return longValue;
    }

    /** The last string read, decoded (its escapes resolved). Allocates: for ids and names, not for text. */
    public String stringValue() throws IOException {
        if (!stringEscaped) {
            return new String(buf, stringStart, stringEnd - stringStart, StandardCharsets.UTF_8);
        }
        return JsonText.unescape(buf, stringStart, stringEnd);
    }

    /** Skips the value at the cursor, whatever it is. */
    public void skipValue() throws IOException {
        int c = peek();
        switch (c) {
            case '"' -> {
                pos++;
                scanString();
            }
            case '{', '[' -> skipContainer();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c != '-' && (c < '0' || c > '9')) {
                    throw unexpected("a value");
                }
                while (pos < end && isNumberByte(buf[pos])) {
                    pos++;
                }
            }
        }
    }

    /** Checks that nothing but whitespace follows the root value. */
    public void end() throws IOException {
        skipWhitespace();
        if (pos < end) {
            throw new IOException("more than one JSON value in a stream event");
        }
    }

    private void skipContainer() throws IOException {
        int depth = 0;
        do {
            int c = peek();
            pos++;
            if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            } else if (c == '"') {
                scanString();
            } else if (c == 't' || c == 'f' || c == 'n') {
                pos--;
                skipValue();
            }
        } while (depth > 0);
    }

    // Moves past the closing quote of a string whose content starts at pos; whether it has escapes.
    private boolean scanString() throws IOException {
        boolean escaped = false;
        while (true) {
            int i = ByteScan.stringStop(buf, pos, end);
            if (i >= end) {
                throw truncated();
            }
            byte b = buf[i];
            pos = i + 1;
            if (b == '"') {
                return escaped;
            }
            if (b != '\\') {
                throw new IOException("raw control character 0x" + Integer.toHexString(b)
                        + " in a JSON string (expected: escaped)");
            }
            escaped = true;
            pos++; // the escaped character, a quote perhaps
        }
    }

    private void literal(String word) throws IOException {
        if (end - pos < word.length()) {
            throw truncated();
        }
        for (int i = 0; i < word.length(); i++) {
            if (buf[pos + i] != word.charAt(i)) {
                throw unexpected("'" + word + "'");
            }
        }
        pos += word.length();
    }

    private int peek() throws IOException {
        skipWhitespace();
        if (pos >= end) {
            throw truncated();
        }
        return buf[pos];
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte b = buf[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    private static boolean isNumberByte(byte b) {
        return b >= '0' && b <= '9' || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E';
    }

    private static IOException truncated() {
        return new IOException("truncated JSON in stream event");
    }

    private IOException unexpected(String expected) {
        return new IOException("unexpected character '" + (char) (buf[pos] & 0xff) + "' at offset " + pos
                + " of a stream event (expected: " + expected + ")");
    }
}
