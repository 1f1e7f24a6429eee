package io.llmgateway.core.gcp;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Trades a signed assertion for an access token at a token URI ({@link HttpTokenEndpoint} over HTTP;
 * tests fake it). Never blocks the caller: the answer completes the future, on a thread of the
 * endpoint's choosing.
 */
public interface TokenEndpoint {

    /**
     * Completes with the token, or exceptionally with a {@link TokenExchangeException} whose message
     * says what went wrong (never quoting the assertion or a token).
     *
     * @param nowMillis when the exchange starts, from which the token's expiry is counted
     */
    CompletableFuture<AccessToken> exchange(URI tokenUri, String assertion, long nowMillis);
}
