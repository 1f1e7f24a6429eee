package io.llmgateway.codec.json;

/**
 * A request body that is not acceptable JSON for the OpenAI API: malformed, not an object, or a
 * routing field of the wrong type. The client receives HTTP 400 {@code invalid_request_error} with
 * this message and {@link #param()}.
 */
public final class InvalidRequestBodyException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String param;

    public InvalidRequestBodyException(String message, String param) {
        super(message, null, false, false);
        this.param = param;
    }

    /** The field at fault ({@code "model"}, {@code "stream"}...) or null for a syntax error. */
    public String param() {
        return param;
    }
}
