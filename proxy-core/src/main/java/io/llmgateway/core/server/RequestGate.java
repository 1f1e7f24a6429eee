package io.llmgateway.core.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * A handler that looks at each request head and either lets the request through or answers it
 * itself ({@link RouteDispatch}, {@link ClientAuth}, {@link LocalRouteHandler}). An answered
 * request's body is read and discarded, and the answer sent when it ends, so that the connection
 * stays in step with the client and can carry its next request. Confined to the connection's event
 * loop.
 */
abstract class RequestGate extends RequestScopedHandler {

    /** The answer waiting for the end of the request's body. */
    private FullHttpResponse pending;

    /**
     * The answer to the request of {@code head}, or null to pass the request on down the pipeline.
     * Build it with {@code close = !request.keepAlive()}.
     */
    protected abstract FullHttpResponse decide(ChannelHandlerContext ctx, HttpRequest head, InboundRequest request);

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest head && pending == null) {
            pending = decide(ctx, head, InboundRequest.current(ctx));
        }
        if (pending == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean last = msg instanceof LastHttpContent;
        ReferenceCountUtil.release(msg);
        if (last) {
            FullHttpResponse answer = pending;
            pending = null;
            Answers.send(ctx, InboundRequest.current(ctx), answer);
        }
    }

    @Override
    protected final void dropRequest() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
