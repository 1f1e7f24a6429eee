package io.llmgateway.codec.spi;

/**
 * A client request that is well-formed JSON but cannot be served as asked (an unsupported
 * parameter, a missing required field). The client receives HTTP 400 {@code invalid_request_error}
 * with this message and {@link #param()}.
 */
public final class RequestRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String param;

    public RequestRejectedException(String message, String param) {
        super(message);
        this.param = param;
    }

    /** The request field at fault, or null. */
    public String param() {
        return param;
    }
}
