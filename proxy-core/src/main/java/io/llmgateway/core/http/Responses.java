package io.llmgateway.core.http;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.error.OpenAiErrors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/**
 * Writes the gateway's own complete responses (JSON bodies and OpenAI-shaped errors). Used by the
 * server's handlers and by the proxy alike, which is why it lives in neither.
 */
public final class Responses {

    public static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
    private static final AsciiString JSON = AsciiString.cached("application/json");

    private Responses() {
    }

    /** A complete JSON response; {@code body} ownership passes to the response. */
    public static FullHttpResponse json(HttpResponseStatus status, ByteBuf body, String requestId, boolean close) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        headers(r, body.readableBytes(), requestId, close);
        return r;
    }

    private static void headers(FullHttpResponse r, int length, String requestId, boolean close) {
        r.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, length);
        if (requestId != null) {
            r.headers().set(X_REQUEST_ID, requestId);
        }
        if (close) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    /** An OpenAI-shaped error response. */
    public static FullHttpResponse error(ChannelHandlerContext ctx, HttpResponseStatus status, String message,
            String type, String param, String code, String requestId, boolean close) {
        return json(status, OpenAiErrors.body(ctx.alloc(), message, type, param, code), requestId, close);
    }

    /** One of the gateway's own errors, with its status, type and code. */
    public static GatewayErrorResponse error(ByteBufAllocator alloc, GatewayError error, String message, String param,
            String requestId, boolean close) {
        GatewayErrorResponse r = new GatewayErrorResponse(error, OpenAiErrors.body(alloc, error, message, param));
        headers(r, r.content().readableBytes(), requestId, close);
        return r;
    }

    /** Writes and flushes {@code response}, closing the connection afterwards when {@code close}. */
    public static ChannelFuture send(ChannelHandlerContext ctx, FullHttpResponse response, boolean close) {
        ChannelFuture f = ctx.writeAndFlush(response);
        if (close) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
        return f;
    }
}
