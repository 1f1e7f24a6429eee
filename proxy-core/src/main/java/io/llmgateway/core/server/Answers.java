package io.llmgateway.core.server;

import io.llmgateway.core.http.GatewayErrorResponse;
import io.llmgateway.core.http.Responses;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import java.util.List;
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
     * Records the outcome of a request the gateway refused itself (a {@link GatewayErrorResponse}:
     * 400, 401, 404, 405, 408, 413, 429, 503...), so that metrics and the request log count it like
     * any other request; unless its sender recorded it already. The model is unknown here (the body
     * was not read): it counts as {@code other}. Answers that are not errors (health, models) are
     * not recorded.
     */
    private static void recordRefusal(InboundRequest request, FullHttpResponse response) {
        if (!(response instanceof GatewayErrorResponse refusal) || refusal.outcomeRecorded() || request == null) {
            return;
        }
        refusal.markOutcomeRecorded();
        long now = System.nanoTime();
        HttpRoute route = request.route();
        request.outcomes().accept(new ExchangeOutcome(request.requestId(), request.clientKeyId(), null, null, false,
                refusal.status().code(), refusal.error().code(), List.of(), request.receivedNanos(), 0, now, now, null,
                false, 0, refusal.content().readableBytes(), false, route == null ? null : route.endpoint(), 0, 0, 0,
                0, null));
    }

    /**
     * Sends {@code response} to the request that was read in full, closing the connection after it
     * unless the request keeps it alive ({@code response} already says {@code connection: close}
     * then: build it with {@code close = !request.keepAlive()}).
     */
    static void send(ChannelHandlerContext ctx, InboundRequest request, FullHttpResponse response) {
        recordRefusal(request, response);
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
        recordRefusal(InboundRequest.current(ctx), response);
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
