package io.llmgateway.core.server;

import io.llmgateway.codec.spi.Endpoint;
import io.netty.handler.codec.http.HttpMethod;

/**
 * Where a request path leads, as {@link RouteDispatch} finds it: an OpenAI operation that is
 * proxied (its body is collected and a provider answers), a {@link LocalRoute} the gateway
 * answers itself, or the admin API ({@link AdminGate}).
 *
 * @param method    the one method the route accepts (405 otherwise); null accepts any
 * @param clientKey whether the client must present a client key ({@link ClientAuth})
 * @param endpoint  the proxied operation; null for a local route
 * @param local     the gateway's own answer; null for a proxied route
 * @param admin     whether the admin API answers (with its own key, its own routes and methods)
 */
record HttpRoute(HttpMethod method, boolean clientKey, Endpoint endpoint, LocalRoute local, boolean admin) {

    /** Every path under {@code /admin/v1}: the admin API finds the route and checks the method itself. */
    static final HttpRoute ADMIN = new HttpRoute(null, false, null, null, true);

    /** An OpenAI operation: {@code POST}, client key required, body collected and proxied. */
    static HttpRoute proxied(Endpoint endpoint) {
        return proxied(endpoint, HttpMethod.POST);
    }

    /** An OpenAI operation by {@code method}: {@code GET /v1/files}, {@code DELETE /v1/files/{id}}... */
    static HttpRoute proxied(Endpoint endpoint, HttpMethod method) {
        return new HttpRoute(method, true, endpoint, null, false);
    }

    /**
     * A multipart upload, streamed through: only a bounded prefix of its body is held (to find its
     * {@code model}), under {@code server.max_upload_bytes} rather than {@code max_request_bytes}.
     */
    boolean upload() {
        return endpoint != null && endpoint.multipart() && HttpMethod.POST.equals(method);
    }

    /** Whether the operation's body is JSON to scan for {@code model} (a {@code POST} that is no upload). */
    boolean jsonBody() {
        return endpoint != null && !endpoint.multipart() && HttpMethod.POST.equals(method);
    }

    /** A route the gateway answers itself, once the request (and any body, ignored) has been read. */
    static HttpRoute local(HttpMethod method, boolean clientKey, LocalRoute local) {
        return new HttpRoute(method, clientKey, null, local, false);
    }
}
