package io.llmgateway.core.state;

/**
 * The runtime store did not answer in time or refused the connection. Its message names the store
 * and the cause, never a password.
 */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
