package io.llmgateway.bench.mock.providers;

/**
 * A request a provider mock refuses: the status and message the real service would answer with,
 * thrown from deep inside a body check. No stack trace: it is an answer, not a failure.
 */
final class Rejected extends Exception {

    private static final long serialVersionUID = 1L;

    final int status;
    /** The request field at fault, for services that name it apart from the message (Google); may be null. */
    final String field;

    Rejected(int status, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    /** A 400 with {@code message}. */
    static Rejected badRequest(String message) {
        return new Rejected(400, message, null);
    }
}
