package io.llmgateway.codec.json;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

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
 * {@link #literal} keep the few ints needed to resume after a buffer cut it. Open containers
 * are one bit each (object or array), so the depth limit bounds all the memory there is.
 * Strings, {@code true} and {@code null} end at their last byte; numbers and literals are
 * complete only when the byte after them is seen (or the input ends), as in jackson: that is
 * why {@code tru}+{@code e1} is one bad token, not {@code true} then garbage.
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

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final int maxDepth;
    /** Bit {@code i} set: the container at depth {@code i + 1} is an object. */
    private final long[] objects;
    private final JsonStringReader strings = new JsonStringReader();
    private final JsonNumberReader numbers = new JsonNumberReader();
    private final CappedText text = new CappedText();

    private int state = ROOT;
    private int depth;
    private boolean started;
    private boolean ended;
    /** {@link #TRUE}, {@link #FALSE} or {@link #NULL} while in one; {@link #matched} counts its bytes read, or the mark's. */
    private byte[] literal;
    private int matched;
    private int captureNext;

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

    /** Drops the reference to the current view. */
    void detach() {
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
            switch (state) {
                case IN_STRING, IN_KEY -> {
                    p = strings.read(in, p, end, base, text);
                    if (strings.complete()) {
                        pos = p;
                        return completed(state == IN_KEY ? Token.NAME : Token.STRING);
                    }
                }
                case IN_NUMBER -> {
                    p = numbers.read(in, p, end, base, text);
                    if (numbers.complete()) {
                        pos = p;
                        return completed(numberToken());
                    }
                }
                case IN_LITERAL -> {
                    int b = in.get(p);
                    if (matched < literal.length) {
                        if (b != literal[matched]) {
                            throw unrecognized(b, p);
                        }
                        matched++;
                        p++;
                    } else if (b < '0' || b == ']' || b == '}') {
                        pos = p;
                        return completed(literalToken());
                    } else {
                        throw unrecognized(b, p);
                    }
                }
                case IN_BYTE_ORDER_MARK -> {
                    int b = in.get(p);
                    if (b != BYTE_ORDER_MARK[matched]) {
                        throw JsonSyntaxException.malformed("unexpected " + JsonSyntaxException.describe(b)
                                + " in a UTF-8 byte order mark (expected: 0xef 0xbb 0xbf)", base + p);
                    }
                    p++;
                    if (++matched == BYTE_ORDER_MARK.length) {
                        state = ROOT;
                    }
                }
                default -> {
                    int b = in.get(p);
                    if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                        p++;
                        continue;
                    }
                    Token token = between(b, p);
                    p++;
                    if (token != null) {
                        pos = p;
                        return token;
                    }
                }
            }
        }
    }

    /** A byte between tokens, consumed by the caller: the token it completes, or null. */
    private Token between(int b, int p) throws JsonSyntaxException {
        switch (state) {
            case COLON -> {
                if (b != ':') {
                    throw unexpected(b, p, "':' after a key");
                }
                state = VALUE;
                return null;
            }
            case COMMA_OR_END -> {
                boolean object = inObject();
                if (b == ',') {
                    state = object ? KEY : VALUE;
                    return null;
                }
                if (b != (object ? '}' : ']')) {
                    throw unexpected(b, p, object ? "',' or '}' after a member" : "',' or ']' after an element");
                }
                return close(object, p);
            }
            case KEY, KEY_OR_END -> {
                if (b == '"') {
                    startString(IN_KEY, p);
                    return null;
                }
                if (b != '}' || state == KEY) {
                    throw unexpected(b, p, state == KEY ? "a key in double quotes" : "a key in double quotes or '}'");
                }
                return close(true, p);
            }
            case VALUE_OR_END -> {
                return b == ']' ? close(false, p) : startValue(b, p);
            }
            case AFTER_ROOT -> throw new JsonSyntaxException(JsonSyntaxException.Kind.TRAILING_DATA,
                    "unexpected " + JsonSyntaxException.describe(b) + " after the JSON value", base + p);
            default -> {
                if (state == ROOT && b == BYTE_ORDER_MARK[0] && base + p == 0) {
                    state = IN_BYTE_ORDER_MARK;
                    matched = 1;
                    return null;
                }
                return startValue(b, p);
            }
        }
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
            case 't' -> startLiteral(TRUE, p);
            case 'f' -> startLiteral(FALSE, p);
            case 'n' -> startLiteral(NULL, p);
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

    private void startLiteral(byte[] word, int p) {
        startToken(IN_LITERAL, p);
        literal = word;
        matched = 1;
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
        depth--;
        tokenStart = base + p;
        tokenEnd = tokenStart + 1;
        state = depth == 0 ? AFTER_ROOT : COMMA_OR_END;
        captureNext = 0;
        return object ? Token.END_OBJECT : Token.END_ARRAY;
    }

    /** A string, number or literal just ended at {@link #pos}. */
    private Token completed(Token token) {
        tokenEnd = base + pos;
        state = token == Token.NAME ? COLON : depth == 0 ? AFTER_ROOT : COMMA_OR_END;
        return token;
    }

    private Token numberToken() {
        return numbers.decimal() ? Token.DECIMAL : Token.INTEGER;
    }

    private Token literalToken() {
        return literal == TRUE ? Token.TRUE : literal == FALSE ? Token.FALSE : Token.NULL;
    }

    private Token atEnd() throws JsonSyntaxException {
        switch (state) {
            case AFTER_ROOT -> {
                return Token.END;
            }
            case ROOT -> {
                if (!started) {
                    return Token.END;
                }
            }
            case IN_NUMBER -> {
                if (numbers.mayEnd()) {
                    return completed(numberToken());
                }
            }
            case IN_LITERAL -> {
                if (matched == literal.length) {
                    return completed(literalToken());
                }
            }
            default -> { }
        }
        throw new JsonSyntaxException(JsonSyntaxException.Kind.TRUNCATED, "unexpected end of input", offset());
    }

    private JsonSyntaxException unexpected(int b, int p, String expected) {
        return JsonSyntaxException.malformed("unexpected " + JsonSyntaxException.describe(b) + " (expected: " + expected
                + ')', base + p);
    }

    private JsonSyntaxException unrecognized(int b, int p) {
        return JsonSyntaxException.malformed("unexpected " + JsonSyntaxException.describe(b) + " in '"
                + new String(literal, 0, matched, StandardCharsets.US_ASCII) + "' (expected: true, false or null)",
                base + p);
    }
}
