package io.llmgateway.core.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Answers the requests of a {@link LocalRoute} (health, models), once their body has been read;
 * passes proxied requests on.
 *
 * <pre>
 *   ... -> ClientAuth -> <b>LocalRouteHandler</b> -> BodyBudget -> ExpectContinue -> BodyCollector -> ...
 * </pre>
 *
 * <p>After {@link ClientAuth}, so that a local route that needs a client key is only answered to
 * a known client. One instance per connection (a {@link RequestGate}).
 */
final class LocalRouteHandler extends RequestGate {

    @Override
    protected FullHttpResponse decide(ChannelHandlerContext ctx, HttpRequest head, InboundRequest request) {
        LocalRoute local = request.route().local();
        return local == null ? null : local.answer(ctx, request);
    }
}
