package io.llmgateway.core.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * A route the gateway answers itself (health, models; admin and metrics to come), called by
 * {@link LocalRouteHandler} once the request has been read. Implementations are tiny, stateless
 * and shared by every connection; they run on the event loop and must not block.
 */
@FunctionalInterface
interface LocalRoute {

    /**
     * The complete answer to {@code request}; built with {@code close = !request.keepAlive()} and
     * {@code request.requestId()}.
     */
    FullHttpResponse answer(ChannelHandlerContext ctx, InboundRequest request);
}
