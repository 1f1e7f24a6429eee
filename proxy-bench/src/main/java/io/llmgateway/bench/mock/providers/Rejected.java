package io.llmgateway.bench.mock.providers;

/**
 * A request a provider mock refuses: the status and message the real service would answer with,
 * thrown from deep inside a body check. No stack trace: it is an answer, not a failure.
 */
final class Rejected extends Exception {

    private static final long serialVersionUID = 1L;

    final int status;

    Rejected(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** A 400 with {@code message}. */
    static Rejected badRequest(String message) {
        return new Rejected(400, message);
    }
}
