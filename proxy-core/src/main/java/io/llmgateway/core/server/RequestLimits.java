package io.llmgateway.core.server;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.core.config.ServerConfig;
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
import io.netty.util.internal.logging.InternalLogLevel;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.concurrent.TimeUnit;

/**
 * What a request may be before anything else looks at it: well framed, no larger than
 * {@code server.max_request_bytes}, and not slow. A request that breaks a limit is answered
 * and the connection closed ({@link Answers#sendAndClose}: its rest cannot be read safely).
 *
 * <pre>
 *   ... -> HttpServerCodec -> RequestSequencer -> <b>RequestLimits</b> -> IpRateLimit -> RouteDispatch -> ...
 * </pre>
 *
 * <ul>
 *   <li>a head or chunk the codec could not decode: 400, or 414 / 431 for a request line / header
 *       block over {@code server.max_initial_line_bytes} / {@code server.max_header_bytes};</li>
 *   <li>a declared {@code Content-Length} over the limit ({@code server.max_upload_bytes} for a
 *       multipart upload, which is streamed through): 413 at once, before any body is read
 *       (so no {@code 100 Continue} either); a body growing over it (chunked): 413 when it does;</li>
 *   <li>a body not complete {@code server.body_timeout_ms} after its head, however steadily its
 *       bytes arrive: 408; the connection idle ({@code server.client_idle_timeout_ms}) while a
 *       body is still arriving: 408.</li>
 * </ul>
 *
 * <p>The other limits of a client each have their own place: the deadline for a head in
 * {@link HeadDeadline} (before the codec, which hides a head's first byte), the memory budget for
 * bodies in {@link BodyBudget} (after authentication, so that only a body that will be collected
 * takes memory), the caps on connections in {@link ConnectionAdmission}, the request rate per
 * address in {@link IpRateLimit}. The checks of {@code Host}, the HTTP version and {@code Expect}
 * (417) belong in {@link #checkHead}. Confined to the connection's event loop.
 */
final class RequestLimits extends RequestScopedHandler {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(RequestLimits.class);
    private static final BurstLog SLOW_BODIES = new BurstLog(LOG, InternalLogLevel.INFO,
            "requests answered 408 because their body was not complete within server.body_timeout_ms");

    private boolean reading;
    private long bodyBytes;
    private long maxBodyBytes;
    private boolean upload;
    private long bodyTimeoutMs;
    private LazyDeadline bodyDeadline;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        bodyDeadline = new LazyDeadline(ctx.executor(), () -> bodyTimedOut(ctx));
    }

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
        ServerConfig server = request.snapshot().config().server();
        upload = ResourceRoutes.isUpload(head.method(), head.uri());
        maxBodyBytes = upload ? server.uploads().maxBytes() : server.maxRequestBytes();
        if (!wellFramed(ctx, request, head)) {
            return false; // before reading Content-Length: the codec may have refused it
        }
        long declared = HttpUtil.getContentLength(head, -1L);
        if (!withinSize(ctx, request, declared)) {
            return false;
        }
        // An upload is streamed through as fast as the upstream takes it: its pace is not the client's
        // fault alone, and a stalled one is caught by the idle timeout.
        if (!upload && (declared > 0 || (declared < 0 && HttpUtil.isTransferEncodingChunked(head)))) {
            bodyTimeoutMs = server.bodyTimeoutMs();
            bodyDeadline.arm(TimeUnit.MILLISECONDS.toNanos(bodyTimeoutMs));
        }
        return true;
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
            bodyDeadline.disarm();
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
                "request body exceeds " + maxBodyBytes + " bytes (server." + (upload ? "max_upload_bytes"
                        : "max_request_bytes") + ")");
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

    private void bodyTimedOut(ChannelHandlerContext ctx) {
        InboundRequest request = InboundRequest.current(ctx);
        if (!reading || request == null || !ctx.channel().isActive()) {
            return;
        }
        SLOW_BODIES.occurred();
        reject(ctx, request, GatewayError.REQUEST_TIMEOUT,
                "the request body did not arrive whole within " + bodyTimeoutMs + " ms (server.body_timeout_ms)");
    }

    @Override
    protected void dropRequest() {
        reading = false;
        if (bodyDeadline != null) {
            bodyDeadline.disarm();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        bodyDeadline.cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        bodyDeadline.cancel();
    }
}
