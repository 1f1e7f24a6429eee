package io.llmgateway.core.gcp;

/**
 * A token exchange that failed: the endpoint refused the assertion, answered something else than a
 * token, or could not be reached. The message is safe to log and to show a client: it never holds
 * the assertion, the private key or a token.
 */
public final class TokenExchangeException extends Exception {

    private static final long serialVersionUID = 1L;

    public TokenExchangeException(String message) {
        super(message, null, false, false);
    }
}
