package io.llmgateway.codec.json;

import java.nio.ByteBuffer;

/**
 * A resumable, validating JSON tokenizer over bytes that arrive in pieces: it reads a document
 * (RFC 8259, UTF-8, one value, an optional byte order mark) buffer by buffer and hands out its
 * tokens one at a time, without building any of them unless asked. The caller pulls:
 *
 * <pre>{@code
 * JsonTokenizer tokens = new JsonTokenizer(512);
 * for (ByteBuffer view : views) {          // as the bytes arrive
 *     tokens.input(view);
 *     Token t;
 *     while ((t = tokens.next()) != Token.NEED_INPUT) {
 *         ...                               // tokens.capture(n) here decodes the next token's text
 *     }
 *     tokens.detach();
 * }
 * tokens.endOfInput();
 * for (Token t; (t = tokens.next()) != Token.END; ) { ... }   // a number may end only now
 * }</pre>
 *
 * <p><b>States.</b> Between tokens, {@code state} says what the next non-whitespace byte may
 * be (a value, a key, a colon, a comma or a closing bracket...); inside a string, a number or a
 * literal, the state says which one, and {@link JsonStringReader}, {@link JsonNumberReader} or
 * {@link JsonLiteralReader} keep the few ints needed to resume after a buffer cut it. Open
 * containers are one bit each (object or array), so the depth limit bounds all the memory
 * there is. Strings and containers end at their last byte; numbers and literals only when the
 * byte after them is seen (or the input ends), as in jackson, so that {@code true1} is one bad
 * token rather than {@code true} then garbage. After {@link #skipContainer()}, the tokens inside
 * the container just opened are quiet: read and validated the same, but not returned.
 *
 * <p><b>Ownership.</b> Reads the view between {@link #input} and {@link #detach} with absolute
 * gets, position and limit untouched; keeps no reference after {@link #detach}.
 *
 * <p><b>Hot path</b>, on the event loop: never blocks, allocates nothing per token; only a
 * token the caller asked to {@link #capture} is decoded, into one reused buffer, up to the cap
 * the caller gave. The first fault ends the document: {@link JsonSyntaxException} names it and
 * its byte offset; the tokenizer must not be used after it. Not thread-safe.
 */
final class JsonTokenizer {

    /** What {@link #next()} returns. */
    enum Token {
        START_OBJECT, END_OBJECT, START_ARRAY, END_ARRAY,
        /** A member's key; then its value. */
        NAME,
        STRING, INTEGER, DECIMAL, TRUE, FALSE, NULL,
        /** Every byte given is consumed: give more with {@link #input}, or {@link #endOfInput}. */
        NEED_INPUT,
        /** The input ended after the document, or before any: see {@link #started()}. */
        END
    }

    // Between tokens: what may come next.
    private static final int ROOT = 0;
    private static final int VALUE = 1;
    private static final int VALUE_OR_END = 2;
    private static final int KEY = 3;
    private static final int KEY_OR_END = 4;
    private static final int COLON = 5;
    private static final int COMMA_OR_END = 6;
    private static final int AFTER_ROOT = 7;
    // Inside a token.
    private static final int IN_STRING = 8;
    private static final int IN_KEY = 9;
    private static final int IN_NUMBER = 10;
    private static final int IN_LITERAL = 11;
    private static final int IN_BYTE_ORDER_MARK = 12;

    private static final int NOT_QUIET = Integer.MAX_VALUE;

    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final int maxDepth;
    /** Bit {@code i} set: the container at depth {@code i + 1} is an object. */
    private final long[] objects;
    private final JsonStringReader strings = new JsonStringReader();
    private final JsonNumberReader numbers = new JsonNumberReader();
    private final JsonLiteralReader literals = new JsonLiteralReader();
    private final CappedText text = new CappedText();

    private int state = ROOT;
    private int depth;
    private boolean started;
    private boolean ended;
    /** Bytes of the byte order mark read. */
    private int matched;
    private int captureNext;
    /** Tokens at this depth or deeper are not returned: see {@link #skipContainer()}. */
    private int quietFrom = NOT_QUIET;

    private ByteBuffer in;
    private int pos;
    private int limit;
    /** Offset in the document of index 0 of {@link #in}: offsets are {@code base + index}. */
    private long base;
    private long tokenStart;
    private long tokenEnd;

    /** @param maxDepth the most containers open at once; one more is a {@link JsonSyntaxException.Kind#TOO_DEEP} */
    JsonTokenizer(int maxDepth) {
        if (maxDepth <= 0) {
            throw new IllegalArgumentException("maxDepth: " + maxDepth + " (expected: > 0)");
        }
        this.maxDepth = maxDepth;
        objects = new long[(maxDepth + 63) >>> 6];
    }

    /** Reads the remaining bytes of {@code view} next; the previous view must be consumed. */
    void input(ByteBuffer view) {
        if (pos < limit) {
            throw new IllegalStateException("input() before the previous view was consumed");
        }
        base += pos - view.position();
        in = view;
        pos = view.position();
        limit = view.limit();
    }

    /** Drops every reference to the current view. */
    void detach() {
        text.detach();
        base += pos;
        in = null;
        pos = 0;
        limit = 0;
    }

    /** No more input will come: {@link #next()} then completes or rejects the document. */
    void endOfInput() {
        ended = true;
    }

    /** Decodes the next token that starts, if a string or a number, keeping up to {@code cap} chars. */
    void capture(int cap) {
        captureNext = cap;
    }

    /** The text of the last token, if it was captured. */
    CappedText text() {
        return text;
    }

    /** The number last returned. */
    JsonNumberReader number() {
        return numbers;
    }

    /** Containers open after the last token: 1 inside the root object. */
    int depth() {
        return depth;
    }

    /** Whether the innermost open container is an object. */
    boolean inObject() {
        int top = depth - 1;
        return top >= 0 && (objects[top >>> 6] & 1L << top) != 0;
    }

    /** Whether any value has begun (false for input that is empty or only whitespace). */
    boolean started() {
        return started;
    }

    /** Offset of the first byte of the last token. */
    long tokenStart() {
        return tokenStart;
    }

    /** Offset just past the last byte of the last token. */
    long tokenEnd() {
        return tokenEnd;
    }

    /** Bytes consumed so far. */
    long offset() {
        return base + pos;
    }

    /**
     * Validates the rest of the container whose start was just returned without returning its
     * tokens: the next token returned is its end. For a value the caller has no use for, this
     * saves a call and a dispatch per token, and nothing else: every byte is checked the same.
     */
    void skipContainer() {
        quietFrom = depth;
    }

    /** The next token, {@link Token#NEED_INPUT} when the bytes given are all consumed. */
    Token next() throws JsonSyntaxException {
        final ByteBuffer in = this.in;
        final int end = limit;
        int p = pos;
        while (true) {
            if (p >= end) {
                pos = p;
                return ended ? atEnd() : Token.NEED_INPUT;
            }
            Token token = null;
            int b = 0;
            if (state <= AFTER_ROOT) {
                b = in.get(p);
                if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                    p++;
                    continue;
                }
            }
            switch (state) {
                case IN_STRING, IN_KEY -> {
                    p = strings.read(in, p, end, base, text);
                    if (strings.complete()) {
                        token = completed(state == IN_KEY ? Token.NAME : Token.STRING, p);
                    }
                }
                case IN_NUMBER -> {
                    p = numbers.read(in, p, end, base, text);
                    if (numbers.complete()) {
                        token = completed(numberToken(), p);
                    }
                }
                case IN_LITERAL -> {
                    p = literals.read(in, p, end, base);
                    if (literals.complete()) {
                        token = completed(literals.token(), p);
                    }
                }
                case IN_BYTE_ORDER_MARK -> p = byteOrderMark(in, p, end);
                case COLON -> {
                    if (b != ':') {
                        throw unexpected(b, p, "':' after a key");
                    }
                    state = VALUE;
                    p++;
                }
                case COMMA_OR_END -> {
                    boolean object = inObject();
                    if (b == ',') {
                        state = object ? KEY : VALUE;
                    } else if (b == (object ? '}' : ']')) {
                        token = close(object, p);
                    } else {
                        throw unexpected(b, p, object ? "',' or '}' after a member" : "',' or ']' after an element");
                    }
                    p++;
                }
                case KEY, KEY_OR_END -> {
                    if (b == '"') {
                        startString(IN_KEY, p);
                    } else if (b == '}' && state == KEY_OR_END) {
                        token = close(true, p);
                    } else {
                        throw unexpected(b, p, state == KEY ? "a key in double quotes" : "a key in double quotes or '}'");
                    }
                    p++;
                }
                case AFTER_ROOT -> throw new JsonSyntaxException(JsonSyntaxException.Kind.TRAILING_DATA,
                        "unexpected " + JsonSyntaxException.describe(b) + " after the JSON value", base + p);
                default -> {
                    if (b == ']' && state == VALUE_OR_END) {
                        token = close(false, p);
                    } else if (state == ROOT && b == BYTE_ORDER_MARK[0] && base + p == 0) {
                        state = IN_BYTE_ORDER_MARK;
                        matched = 1;
                    } else {
                        token = startValue(b, p);
                    }
                    p++;
                }
            }
            if (token != null && depth < quietFrom) {
                pos = p;
                return token;
            }
        }
    }

    private int byteOrderMark(ByteBuffer in, int p, int end) throws JsonSyntaxException {
        for (; p < end && matched < BYTE_ORDER_MARK.length; p++, matched++) {
            int b = in.get(p);
            if (b != BYTE_ORDER_MARK[matched]) {
                throw JsonSyntaxException.malformed("unexpected " + JsonSyntaxException.describe(b)
                        + " in a UTF-8 byte order mark (expected: 0xef 0xbb 0xbf)", base + p);
            }
        }
        if (matched == BYTE_ORDER_MARK.length) {
            state = ROOT;
        }
        return p;
    }

    private Token startValue(int b, int p) throws JsonSyntaxException {
        started = true;
        switch (b) {
            case '{' -> {
                return open(true, p);
            }
            case '[' -> {
                return open(false, p);
            }
            case '"' -> startString(IN_STRING, p);
            case 't', 'f', 'n' -> {
                startToken(IN_LITERAL, p);
                literals.begin(b);
            }
            default -> {
                if (b != '-' && (b < '0' || b > '9')) {
                    throw unexpected(b, p, "a value: an object, array, string, number, true, false or null");
                }
                startToken(IN_NUMBER, p);
                numbers.begin(b);
                if (text.active()) {
                    text.append((char) b);
                }
            }
        }
        return null;
    }

    private void startString(int inState, int p) {
        startToken(inState, p);
        strings.begin(inState == IN_KEY);
    }

    private void startToken(int inState, int p) {
        state = inState;
        tokenStart = base + p;
        text.start(captureNext);
        captureNext = 0;
    }

    private Token open(boolean object, int p) throws JsonSyntaxException {
        if (depth == maxDepth) {
            throw new JsonSyntaxException(JsonSyntaxException.Kind.TOO_DEEP, "nested deeper than " + maxDepth + " levels",
                    base + p);
        }
        int bit = depth++;
        if (object) {
            objects[bit >>> 6] |= 1L << bit;
        } else {
            objects[bit >>> 6] &= ~(1L << bit);
        }
        state = object ? KEY_OR_END : VALUE_OR_END;
        tokenStart = base + p;
        tokenEnd = tokenStart + 1;
        captureNext = 0;
        return object ? Token.START_OBJECT : Token.START_ARRAY;
    }

    private Token close(boolean object, int p) {
        if (--depth < quietFrom) {
            quietFrom = NOT_QUIET;
        }
        tokenStart = base + p;
        tokenEnd = tokenStart + 1;
        state = depth == 0 ? AFTER_ROOT : COMMA_OR_END;
        captureNext = 0;
        return object ? Token.END_OBJECT : Token.END_ARRAY;
    }

    /** A string, number or literal just ended before index {@code p}. */
    private Token completed(Token token, int p) {
        tokenEnd = base + p;
        state = token == Token.NAME ? COLON : depth == 0 ? AFTER_ROOT : COMMA_OR_END;
        return token;
    }

    private Token numberToken() {
        return numbers.decimal() ? Token.DECIMAL : Token.INTEGER;
    }

    private Token atEnd() throws JsonSyntaxException {
        Token token = switch (state) {
            case AFTER_ROOT -> Token.END;
            case ROOT -> started ? null : Token.END;
            case IN_NUMBER -> numbers.mayEnd() ? completed(numberToken(), pos) : null;
            case IN_LITERAL -> literals.mayEnd() ? completed(literals.token(), pos) : null;
            default -> null;
        };
        if (token == null || depth >= quietFrom) {
            throw new JsonSyntaxException(JsonSyntaxException.Kind.TRUNCATED, "unexpected end of input", offset());
        }
        return token;
    }

    private JsonSyntaxException unexpected(int b, int p, String expected) {
        return JsonSyntaxException.malformed("unexpected " + JsonSyntaxException.describe(b) + " (expected: " + expected
                + ')', base + p);
    }
}
