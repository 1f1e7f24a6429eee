package io.llmgateway.codec.json;

import io.llmgateway.codec.json.JsonTokenizer.Token;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One of {@code true}, {@code false} and {@code null}, matched byte by byte as its bytes arrive.
 * Like a number, a literal is complete only when the byte after it is seen, and that byte must
 * be a delimiter (jackson's rule: below {@code '0'}, {@code ]} or {@code }}), so that
 * {@code nullx} is one bad token rather than {@code null} then garbage. Part of
 * {@link JsonTokenizer}, which owns one. Allocates nothing; not thread-safe.
 */
final class JsonLiteralReader {

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private byte[] word = NULL;
    private int matched;
    private boolean complete;

    /** Starts the literal whose first byte, {@code t}, {@code f} or {@code n}, was just consumed. */
    void begin(int first) {
        word = first == 't' ? TRUE : first == 'f' ? FALSE : NULL;
        matched = 1;
        complete = false;
    }

    /** Whether the byte after the literal has been seen (and left unconsumed). */
    boolean complete() {
        return complete;
    }

    /** Whether the input may end here: the literal then is complete. */
    boolean mayEnd() {
        return matched == word.length;
    }

    Token token() {
        return word == TRUE ? Token.TRUE : word == FALSE ? Token.FALSE : Token.NULL;
    }

    /**
     * Reads bytes {@code p} to {@code end} of {@code in} until the byte after the literal.
     *
     * @param base offset in the document of index 0 of {@code in}, for error messages
     * @return the index of that byte when {@link #complete()}, else {@code end}
     */
    int read(ByteBuffer in, int p, int end, long base) throws JsonSyntaxException {
        for (; p < end; p++) {
            int b = in.get(p);
            if (matched == word.length) {
                if (b < '0' || b == ']' || b == '}') {
                    complete = true;
                    return p;
                }
                throw unrecognized(b, base + p);
            }
            if (b != word[matched]) {
                throw unrecognized(b, base + p);
            }
            matched++;
        }
        return p;
    }

    private JsonSyntaxException unrecognized(int b, long offset) {
        return JsonSyntaxException.malformed("unexpected " + JsonSyntaxException.describe(b) + " after '"
                + new String(word, 0, matched, StandardCharsets.US_ASCII) + "' (expected: true, false or null)", offset);
    }
}
