package io.llmgateway.bench.mock;

/**
 * The text the mock "generates": piece {@code i} of a stream is {@code "<model>:<i> "}, and a JSON
 * answer's content is the concatenation of the same pieces. A test behind a gateway can therefore
 * tell which upstream model answered and whether every piece arrived in order.
 */
public final class MockContent {

    private MockContent() {
    }

    /** The {@code index}-th content piece of a stream for {@code model}. */
    public static String piece(String model, int index) {
        return model + ':' + index + ' ';
    }

    /** The whole content of an answer of {@code pieces} pieces: the stream's pieces concatenated. */
    public static String full(String model, int pieces) {
        StringBuilder out = new StringBuilder(pieces * (model.length() + 6));
        for (int i = 0; i < pieces; i++) {
            out.append(model).append(':').append(i).append(' ');
        }
        return out.toString();
    }
}
