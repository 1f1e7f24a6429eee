package io.llmgateway.codec.json;

import java.nio.ByteBuffer;

/**
 * One JSON number, validated against RFC 8259's grammar as its bytes arrive
 * ({@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}), with the magnitude of an
 * integer kept as a {@code long} (and whether it overflowed) so that a limit such as
 * {@code max_tokens} is read without text. Part of {@link JsonTokenizer}, which owns one.
 *
 * <p>A number has no closing delimiter: it is complete when a byte that cannot continue it
 * arrives (that byte is left to the tokenizer) or when the input ends in a state where it may
 * end. Hot path: a few comparisons per digit, nothing allocated. Not thread-safe.
 */
final class JsonNumberReader {

    // Where in the grammar the last byte left us.
    private static final int MINUS = 0;
    private static final int ZERO = 1;
    private static final int INTEGER = 2;
    private static final int POINT = 3;
    private static final int FRACTION = 4;
    private static final int EXPONENT_MARK = 5;
    private static final int EXPONENT_SIGN = 6;
    private static final int EXPONENT = 7;

    private int state;
    private boolean negative;
    private long magnitude;
    private boolean overflow;
    private boolean complete;

    /** Starts a number at its first byte, {@code -} or a digit, already consumed. */
    void begin(int first) {
        negative = first == '-';
        magnitude = negative ? 0 : first - '0';
        overflow = false;
        complete = false;
        state = negative ? MINUS : first == '0' ? ZERO : INTEGER;
    }

    /** Whether the byte after the number has been seen (and left unconsumed). */
    boolean complete() {
        return complete;
    }

    /** Whether the input may end here: the number then is complete. */
    boolean mayEnd() {
        return state == ZERO || state == INTEGER || state == FRACTION || state == EXPONENT;
    }

    /** Whether it has a fraction or an exponent. */
    boolean decimal() {
        return state > INTEGER;
    }

    boolean negative() {
        return negative;
    }

    /** The integer's absolute value; meaningless if {@link #decimal()} or {@link #overflow()}. */
    long magnitude() {
        return magnitude;
    }

    /** Whether the integer's absolute value is above {@link Long#MAX_VALUE}. */
    boolean overflow() {
        return overflow;
    }

    /**
     * Reads bytes {@code p} to {@code end} of {@code in} until one cannot continue the number.
     *
     * @param base offset in the document of index 0 of {@code in}, for error messages
     * @return the index of that byte when {@link #complete()}, else {@code end}
     */
    int read(ByteBuffer in, int p, int end, long base, CappedText text) throws JsonSyntaxException {
        for (; p < end; p++) {
            int b = in.get(p);
            boolean digit = b >= '0' && b <= '9';
            switch (state) {
                case MINUS -> {
                    if (!digit) {
                        throw unexpected(b, base + p, "a digit after '-'");
                    }
                    state = b == '0' ? ZERO : INTEGER;
                    magnitude = b - '0';
                }
                case ZERO -> {
                    if (digit) {
                        throw JsonSyntaxException.malformed("a number with a leading zero (expected: 0 alone, "
                                + "or followed by '.' or an exponent)", base + p);
                    }
                    if (!fractionOrExponent(b)) {
                        return done(p);
                    }
                }
                case INTEGER -> {
                    if (digit) {
                        accumulate(b - '0');
                    } else if (!fractionOrExponent(b)) {
                        return done(p);
                    }
                }
                case POINT, EXPONENT_SIGN -> {
                    if (!digit) {
                        throw unexpected(b, base + p, state == POINT ? "a digit after '.'" : "a digit in the exponent");
                    }
                    state = state == POINT ? FRACTION : EXPONENT;
                }
                case FRACTION -> {
                    if (b == 'e' || b == 'E') {
                        state = EXPONENT_MARK;
                    } else if (!digit) {
                        return done(p);
                    }
                }
                case EXPONENT_MARK -> {
                    if (!digit && b != '+' && b != '-') {
                        throw unexpected(b, base + p, "a sign or a digit in the exponent");
                    }
                    state = digit ? EXPONENT : EXPONENT_SIGN;
                }
                default -> {
                    if (!digit) {
                        return done(p);
                    }
                }
            }
            if (text.active()) {
                text.append((char) b);
            }
        }
        return p;
    }

    private boolean fractionOrExponent(int b) {
        if (b == '.') {
            state = POINT;
            return true;
        }
        if (b == 'e' || b == 'E') {
            state = EXPONENT_MARK;
            return true;
        }
        return false;
    }

    private void accumulate(int digit) {
        // Long.MAX_VALUE is 922337203685477580 * 10 + 7.
        if (magnitude >= 922337203685477580L && (magnitude > 922337203685477580L || digit > 7)) {
            overflow = true;
        } else if (!overflow) {
            magnitude = magnitude * 10 + digit;
        }
    }

    private int done(int p) {
        complete = true;
        return p;
    }

    private static JsonSyntaxException unexpected(int b, long offset, String expected) {
        return JsonSyntaxException.malformed("unexpected " + JsonSyntaxException.describe(b) + " in a number (expected: "
                + expected + ')', offset);
    }
}
