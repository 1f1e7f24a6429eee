package io.llmgateway.core.server;

/** Text a client sent, as quoted back in an error message: at most 200 characters. */
final class ClientText {

    private static final int MAX_CHARS = 200;

    private ClientText() {
    }

    static String quote(String s) {
        return s.length() <= MAX_CHARS ? s : s.substring(0, MAX_CHARS) + "...";
    }
}
