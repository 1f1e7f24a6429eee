package io.llmgateway.bench.load;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Hands the parts of each answer to the connection's {@link Worker} and releases them; nothing is
 * aggregated, so a stream's events are timed as they arrive.
 *
 * <pre>{@code
 * HttpClientCodec -> ResponseHandler -> Worker
 * }</pre>
 */
final class ResponseHandler extends ChannelInboundHandlerAdapter {

    private final Worker worker;

    ResponseHandler(Worker worker) {
        this.worker = worker;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse response) {
                worker.onHead(ctx.channel(), response);
            }
            if (msg instanceof HttpContent content) {
                worker.onContent(ctx.channel(), content.content());
                if (msg instanceof LastHttpContent) {
                    worker.onEnd(ctx.channel());
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        worker.onClosed(ctx.channel());
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and malformed answers end the request as an error through channelInactive.
        ctx.close();
    }
}
