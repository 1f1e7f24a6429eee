package io.llmgateway.core.server;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.core.auth.AuthRefusal;
import io.llmgateway.core.auth.AuthResult;
import io.llmgateway.core.auth.Authenticator;
import io.llmgateway.core.auth.ClientIdentity;
import io.llmgateway.core.http.Responses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Authenticates the client of a route that needs a client key: the request's snapshot's
 * {@link Authenticator} ({@code server.api_keys} and the virtual keys, read per request so that a
 * reload or an admin change applies at once) gives an identity, which goes into the {@link InboundRequest},
 * or a refusal, answered 401 {@code invalid_api_key} with {@code WWW-Authenticate: Bearer}. A client
 * of Anthropic's Messages API may present its key as {@code x-api-key}, as Anthropic's SDKs do.
 *
 * <pre>
 *   ... -> RouteDispatch -> <b>ClientAuth</b> -> LocalRouteHandler -> BodyBudget -> ExpectContinue -> ...
 * </pre>
 *
 * <p>After {@link RouteDispatch}, so that an unknown route is a 404 and a wrong method a 405
 * whoever asks; before {@link ExpectContinue}, so that a refused client is never invited to send
 * its body. One instance per connection (a {@link RequestGate}).
 */
final class ClientAuth extends RequestGate {

    @Override
    protected FullHttpResponse decide(ChannelHandlerContext ctx, HttpRequest head, InboundRequest request) {
        if (!request.route().clientKey()) {
            return null;
        }
        HttpHeaders headers = head.headers();
        if (request.route().endpoint() != null && request.route().endpoint().anthropic()) {
            headers = AnthropicHeaders.withApiKeyAsBearer(headers);
        }
        AuthResult result = request.snapshot().authenticator().authenticate(headers);
        if (result instanceof ClientIdentity client) {
            request.authenticated(client);
            return null;
        }
        FullHttpResponse r = Responses.error(ctx.alloc(), GatewayError.INVALID_API_KEY,
                ((AuthRefusal) result).message(), null, request.requestId(), !request.keepAlive());
        r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        return r;
    }
}
