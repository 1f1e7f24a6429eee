package io.llmgateway.core.server;

import io.llmgateway.core.http.Responses;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import java.util.concurrent.TimeUnit;

/**
 * How a handler of the client pipeline answers a request itself: {@link #send} once the request
 * has been read in full, {@link #sendAndClose} when the rest of it cannot be read safely. Both end
 * the request ({@link RequestFinished}). Every handler that answers goes through here, so that
 * keep-alive, closing and the lingering close are decided in one place.
 */
final class Answers {

    /** How long a closing connection keeps discarding what the client still sends. */
    static final long LINGER_MS = 2_000;

    private Answers() {
    }

    /**
     * Sends {@code response} to the request that was read in full, closing the connection after it
     * unless the request keeps it alive ({@code response} already says {@code connection: close}
     * then: build it with {@code close = !request.keepAlive()}).
     */
    static void send(ChannelHandlerContext ctx, InboundRequest request, FullHttpResponse response) {
        boolean close = !request.keepAlive();
        Responses.send(ctx, response, close);
        RequestFinished.fire(ctx, close);
    }

    /**
     * Sends {@code response}, then closes. The client may still be sending the body; closing a
     * socket with unread input resets the connection, and the reset can destroy the answer before
     * the client reads it. So the close lingers: our side of the connection is shut after the
     * answer, what still arrives is discarded ({@link RequestSequencer} reads nothing more), and
     * the socket is closed when the client closes it or after {@link #LINGER_MS}.
     */
    static void sendAndClose(ChannelHandlerContext ctx, FullHttpResponse response) {
        // Finished first: nothing more is read, and the handlers drop the request before the close can unwind them.
        RequestFinished.fire(ctx, true);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        Channel ch = ctx.channel();
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
            if (!(ch instanceof DuplexChannel duplex) || !f.isSuccess()) {
                ch.close();
                return;
            }
            duplex.shutdownOutput();
            ch.eventLoop().schedule(() -> ch.close(), LINGER_MS, TimeUnit.MILLISECONDS);
        });
    }
}
