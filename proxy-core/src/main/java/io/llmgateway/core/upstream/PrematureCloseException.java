package io.llmgateway.core.upstream;

import java.io.IOException;

/** The upstream closed the connection before the response was complete. */
public final class PrematureCloseException extends IOException {

    private static final long serialVersionUID = 1L;

    private final boolean responseBegun;

    public PrematureCloseException(Origin origin, boolean responseBegun) {
        super(origin + " closed the connection " + (responseBegun ? "in the middle of the response"
                : "before answering"), null);
        this.responseBegun = responseBegun;
    }

    public boolean responseBegun() {
        return responseBegun;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // an expected event, not a bug: no stack needed
    }
}
