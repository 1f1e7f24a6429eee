package io.llmgateway.core.server;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.http.RetryAfter;
import io.llmgateway.core.http.Responses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.logging.InternalLogLevel;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

/**
 * Reserves memory for a body before it is read: the declared {@code Content-Length} when the head
 * arrives, a chunked body as it grows; for a streamed upload only what {@link BodyCollector} holds
 * of it, the prefix up to {@code server.upload_model_lookahead_bytes} (the rest passes through). A body that does not fit in the server's budget
 * ({@code server.max_buffered_bytes}, shared by every connection) is answered 503
 * {@code server_overloaded} with {@code retry-after} and the connection closed, before any byte of
 * it is read — a declared length is refused before {@code 100 Continue} — while requests that fit
 * (small bodies, health checks, which take none) go on being served.
 *
 * <pre>
 *   ... -> ClientAuth -> LocalRouteHandler -> <b>BodyBudget</b> -> ExpectContinue -> BodyCollector -> ...
 * </pre>
 *
 * <p>Where it is matters: after the handlers that answer a request without keeping its body (404,
 * 405, 401, local routes discard a body as it arrives), so that only a body that will be collected
 * takes budget, and an unauthenticated client cannot take it; before {@link ExpectContinue}. The
 * reservation is the connection's {@link BodyReservation}: {@link BodyCollector} moves it into the
 * body's buffer when the body is complete; what it has not moved is given back here when the
 * request ends. Hot path: one CAS per request with a body (two for a chunked body every time it
 * outgrows its reservation), no allocation. Refusals are logged at {@code warn} once per burst.
 * Confined to the connection's event loop.
 */
final class BodyBudget extends RequestScopedHandler {

    /** What a refused client is told to wait: bodies in flight end within seconds, or at their deadline. */
    static final long RETRY_AFTER_SECONDS = 1;

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(BodyBudget.class);
    private static final BurstLog REFUSALS = new BurstLog(LOG, InternalLogLevel.WARN,
            "request bodies refused with 503 because the memory budget (server.max_buffered_bytes) was full");

    /** Besides the look-ahead, what an upload's prefix may hold: the part that ended the search. */
    static final long UPLOAD_SLACK = 16 * 1024;

    private final BodyReservation reservation;
    /** A chunked body, or an upload: reserved as it grows. */
    private boolean growing;
    private long received;
    /** The most an upload reserves: its prefix, not its length. */
    private long cap;
    /** What this request reserved so far (an upload's reservation moves into its prefix midway). */
    private long reserved;

    BodyBudget(BodyReservation reservation) {
        this.reservation = reservation;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest head) {
            reservation.release();
            long declared = HttpUtil.getContentLength(head, -1L);
            InboundRequest request = InboundRequest.current(ctx);
            boolean upload = request.route() != null && request.route().upload();
            cap = upload ? request.snapshot().config().server().uploads().modelLookahead() + UPLOAD_SLACK
                    : Long.MAX_VALUE;
            growing = declared < 0 || upload;
            received = 0;
            reserved = declared < 0 ? 0 : Math.min(declared, cap);
            if (!reservation.grow(reserved)) {
                ReferenceCountUtil.release(msg);
                refuse(ctx, declared, "");
                return;
            }
        } else if (growing && msg instanceof HttpContent content) {
            received += content.content().readableBytes();
            long more = Math.min(received, cap) - reserved;
            if (more > 0 && !reservation.grow(more)) {
                content.release();
                refuse(ctx, received, " so far");
                return;
            }
            reserved += Math.max(0, more);
        }
        ctx.fireChannelRead(msg);
    }

    private void refuse(ChannelHandlerContext ctx, long bytes, String sofar) {
        REFUSALS.occurred();
        InboundRequest request = InboundRequest.current(ctx);
        FullHttpResponse r = Responses.error(ctx.alloc(), GatewayError.SERVER_OVERLOADED,
                "the gateway has no memory free now for a request body of " + bytes + " bytes" + sofar
                        + " (server.max_buffered_bytes: " + reservation.budget().limit() + "); retry later",
                null, request.requestId(), true);
        r.headers().set(RetryAfter.RETRY_AFTER, RETRY_AFTER_SECONDS);
        Answers.sendAndClose(ctx, r);
    }

    @Override
    protected void dropRequest() {
        growing = false;
        reservation.release();
    }
}
