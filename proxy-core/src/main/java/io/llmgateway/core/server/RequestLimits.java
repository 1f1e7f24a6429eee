package io.llmgateway.core.server;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.core.http.Responses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * What a request may be before anything else looks at it: well framed, no larger than
 * {@code server.max_request_bytes}, and not stalled. A request that breaks a limit is answered
 * and the connection closed ({@link Answers#sendAndClose}: its rest cannot be read safely).
 *
 * <pre>
 *   ... -> HttpServerCodec -> RequestSequencer -> <b>RequestLimits</b> -> RouteDispatch -> ...
 * </pre>
 *
 * <ul>
 *   <li>a head or chunk the codec could not decode: 400, or 414 / 431 for a request line / header
 *       block over {@code server.max_initial_line_bytes} / {@code server.max_header_bytes};</li>
 *   <li>a declared {@code Content-Length} over the limit: 413 at once, before any body is read
 *       (so no {@code 100 Continue} either); a body growing over it (chunked): 413 when it does;</li>
 *   <li>the connection idle ({@code server.client_idle_timeout_ms}) while a body is still
 *       arriving: 408.</li>
 * </ul>
 *
 * <p>The limits of the hardening to come each go in one place here: a deadline for a whole
 * request head (a timer armed at {@code channelActive} and at each {@link RequestFinished},
 * disarmed in {@link #checkHead}); a memory budget for bodies across connections (reserved in
 * {@link #checkHead} for the declared length, grown in {@link #checkContent}, given back in
 * {@link #dropRequest}); a cap on connections (at {@code channelActive}); and the checks of
 * {@code Host}, the HTTP version and {@code Expect} (417), in {@link #checkHead}. Confined to the
 * connection's event loop.
 */
final class RequestLimits extends RequestScopedHandler {

    private boolean reading;
    private long bodyBytes;
    private int maxBodyBytes;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        InboundRequest request = InboundRequest.current(ctx);
        if (msg instanceof HttpRequest head && !checkHead(ctx, request, head)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpContent content && !checkContent(ctx, request, content)) {
            content.release();
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private boolean checkHead(ChannelHandlerContext ctx, InboundRequest request, HttpRequest head) {
        reading = true;
        bodyBytes = 0;
        maxBodyBytes = request.snapshot().config().server().maxRequestBytes();
        return wellFramed(ctx, request, head) && withinSize(ctx, request, HttpUtil.getContentLength(head, -1L));
    }

    private boolean checkContent(ChannelHandlerContext ctx, InboundRequest request, HttpContent content) {
        if (!wellFramed(ctx, request, content)) {
            return false;
        }
        bodyBytes += content.content().readableBytes();
        if (!withinSize(ctx, request, bodyBytes)) {
            return false;
        }
        if (content instanceof LastHttpContent) {
            reading = false;
        }
        return true;
    }

    private boolean wellFramed(ChannelHandlerContext ctx, InboundRequest request, HttpObject msg) {
        DecoderResult result = msg.decoderResult();
        if (result.isSuccess()) {
            return true;
        }
        Throwable cause = result.cause();
        GatewayError error = GatewayError.MALFORMED_HTTP;
        if (cause instanceof TooLongHttpLineException) {
            error = GatewayError.REQUEST_LINE_TOO_LONG;
        } else if (cause instanceof TooLongHttpHeaderException) {
            error = GatewayError.HEADERS_TOO_LARGE;
        } else if (cause instanceof TooLongFrameException) {
            error = GatewayError.REQUEST_TOO_LARGE;
        }
        String reason = cause == null || cause.getMessage() == null ? "malformed HTTP request" : cause.getMessage();
        reject(ctx, request, error, "malformed HTTP request: " + ClientText.quote(reason));
        return false;
    }

    private boolean withinSize(ChannelHandlerContext ctx, InboundRequest request, long bytes) {
        if (bytes <= maxBodyBytes) {
            return true;
        }
        reject(ctx, request, GatewayError.REQUEST_TOO_LARGE,
                "request body exceeds " + maxBodyBytes + " bytes (server.max_request_bytes)");
        return false;
    }

    private void reject(ChannelHandlerContext ctx, InboundRequest request, GatewayError error, String message) {
        Answers.sendAndClose(ctx, Responses.error(ctx.alloc(), error, message, null, request.requestId(), true));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (reading) {
                reject(ctx, InboundRequest.current(ctx), GatewayError.REQUEST_TIMEOUT,
                        "the request body did not arrive in time (server.client_idle_timeout_ms)");
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void dropRequest() {
        reading = false;
    }
}
