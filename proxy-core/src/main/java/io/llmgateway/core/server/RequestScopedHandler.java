package io.llmgateway.core.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * A handler of the client pipeline that holds state for the request being handled (a pending
 * answer, a body being collected, a byte count), and drops it when the request is finished
 * ({@link RequestFinished}, whoever finished it) or the connection closes, whichever comes first.
 */
abstract class RequestScopedHandler extends ChannelInboundHandlerAdapter {

    /** Drops (and releases) what is held for the current request; may be called when nothing is. */
    protected abstract void dropRequest();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof RequestFinished) {
            dropRequest();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        dropRequest();
        super.channelInactive(ctx);
    }
}
