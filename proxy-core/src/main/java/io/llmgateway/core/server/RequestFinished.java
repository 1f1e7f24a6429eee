package io.llmgateway.core.server;

import io.netty.channel.ChannelHandlerContext;

/**
 * User event: the current request of the connection is over (its answer is written or abandoned).
 * Fired from the head of the pipeline, so that every handler sees it, including those before the
 * one that answered: {@link RequestSequencer} then lets the next pipelined request in, or closes;
 * handlers holding per-request state drop it.
 */
enum RequestFinished {

    /** The connection may carry the next request. */
    KEEP_ALIVE,
    /** The connection is closing (or closed): read nothing more. */
    CLOSE;

    /** Tells every handler of {@code ctx}'s pipeline that the current request is over. */
    static void fire(ChannelHandlerContext ctx, boolean close) {
        ctx.pipeline().fireUserEventTriggered(close ? CLOSE : KEEP_ALIVE);
    }
}
