package io.llmgateway.core.server;

import io.llmgateway.codec.spi.Endpoint;
import io.netty.handler.codec.http.HttpMethod;

/**
 * Where a request path leads, as {@link RouteDispatch} finds it: an OpenAI operation that is
 * proxied (its body is collected and a provider answers), or a {@link LocalRoute} the gateway
 * answers itself.
 *
 * @param method    the one method the route accepts (405 otherwise); null accepts any
 * @param clientKey whether the client must present a client key ({@link ClientAuth})
 * @param endpoint  the proxied operation; null for a local route
 * @param local     the gateway's own answer; null for a proxied route
 */
record HttpRoute(HttpMethod method, boolean clientKey, Endpoint endpoint, LocalRoute local) {

    /** An OpenAI operation: {@code POST}, client key required, body collected and proxied. */
    static HttpRoute proxied(Endpoint endpoint) {
        return new HttpRoute(HttpMethod.POST, true, endpoint, null);
    }

    /** A route the gateway answers itself, once the request (and any body, ignored) has been read. */
    static HttpRoute local(HttpMethod method, boolean clientKey, LocalRoute local) {
        return new HttpRoute(method, clientKey, null, local);
    }
}
