package io.llmgateway.core.auth;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * Decides who a client is from its request headers: the seam where client authentication plugs
 * into the request path. Today {@link ApiKeyAuthenticator} checks {@code server.api_keys}; virtual
 * keys (a hash lookup giving a key's id, allowed models, limits and budget) will be another
 * implementation, published in the config snapshot like this one.
 *
 * <p>Hot path: called once per authenticated request on the event loop, so an implementation must
 * not block (no store round trip) and should not allocate for a known client.
 */
public interface Authenticator {

    /** The client's identity, or the reason it is refused; never null. */
    AuthResult authenticate(HttpHeaders headers);
}
