package io.llmgateway.core.server;

import static java.util.Objects.requireNonNull;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.core.admin.AdminApi;
import io.llmgateway.core.admin.AdminResponse;
import io.llmgateway.core.admin.AdminException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;

/**
 * The admin API's door on the main listener: takes the requests {@link RouteDispatch} routed to
 * {@link HttpRoute#ADMIN}, checks the admin key from the head, reads the body (at most
 * {@link AdminHttp#MAX_BODY_BYTES}, only for the right key), hands the request to the
 * {@link AdminApi} (which runs it on the admin thread) and writes its answer back on this event
 * loop. Every other request passes through untouched.
 *
 * <pre>
 *   ... -> RouteDispatch -> [DrainRefusal] -> <b>AdminGate</b> -> ClientAuth -> LocalRouteHandler -> ...
 * </pre>
 *
 * <p>With no admin key configured, or when the admin API has a listener of its own, admin paths
 * are unknown here (404): nothing tells a scanner that an admin API exists. Admin bodies are few
 * and trusted, so they are copied to a byte array and not counted in the memory budget. One
 * instance per connection; confined to its event loop.
 */
final class AdminGate extends RequestScopedHandler {

    private final AdminApi admin;
    private final boolean onThisListener;
    /** The admin request being read; null when the current request is not the admin API's. */
    private HttpRequest head;
    /** The answer decided from the head (404, 401, 413), sent once the body has been read. */
    private AdminResponse refusal;
    private ByteArrayOutputStream body;

    /** @param onThisListener false when {@code server.admin_listen} serves the admin API instead */
    AdminGate(AdminApi admin, boolean onThisListener) {
        this.admin = requireNonNull(admin, "admin");
        this.onThisListener = onThisListener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest h) {
            InboundRequest request = InboundRequest.current(ctx);
            if (request == null || request.route() == null || !request.route().admin()) {
                ctx.fireChannelRead(msg);
                return;
            }
            start(ctx, h, request);
        } else if (head == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof HttpContent content) {
            collect(content.content());
        }
        boolean last = msg instanceof LastHttpContent;
        ReferenceCountUtil.release(msg);
        if (last) {
            finish(ctx);
        }
    }

    private void start(ChannelHandlerContext ctx, HttpRequest h, InboundRequest request) {
        head = h;
        body = null;
        refusal = null;
        if (!onThisListener || !admin.enabled()) {
            refusal = AdminApi.error(new AdminException(GatewayError.UNKNOWN_URL,
                    "unknown route: " + h.method() + " " + ClientText.quote(request.path()), null));
        } else if (!admin.authorized(h.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            refusal = AdminApi.unauthorized();
        } else if (HttpUtil.getContentLength(h, 0L) > AdminHttp.MAX_BODY_BYTES) {
            refusal = tooLarge();
        } else {
            body = new ByteArrayOutputStream(256);
        }
        if (HttpUtil.is100ContinueExpected(h)) {
            if (refusal != null) {
                // The client waits for 100 before sending its body: answer now and close, not wait for a body.
                FullHttpResponse answer = AdminHttp.response(refusal, request.requestId(), true);
                head = null;
                refusal = null;
                Answers.sendAndClose(ctx, answer);
                return;
            }
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER));
        }
    }

    private void collect(ByteBuf content) {
        if (body == null || !content.isReadable()) {
            return;
        }
        if (body.size() + content.readableBytes() > AdminHttp.MAX_BODY_BYTES) {
            body = null;
            refusal = tooLarge();
            return;
        }
        byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        body.writeBytes(bytes);
    }

    private void finish(ChannelHandlerContext ctx) {
        InboundRequest request = InboundRequest.current(ctx);
        HttpRequest h = head;
        AdminResponse refused = refusal;
        byte[] bytes = body == null ? new byte[0] : body.toByteArray();
        head = null;
        refusal = null;
        body = null;
        if (h == null || request == null) {
            return;
        }
        if (refused != null) {
            Answers.send(ctx, request, AdminHttp.response(refused, request.requestId(), !request.keepAlive()));
            return;
        }
        admin.submit(AdminHttp.request(h, bytes, request.requestId()), AdminHttp.client(ctx.channel().remoteAddress()),
                answer -> ctx.executor().execute(() -> answer(ctx, request, answer)));
    }

    private static void answer(ChannelHandlerContext ctx, InboundRequest request, AdminResponse answer) {
        if (InboundRequest.current(ctx) != request || !ctx.channel().isActive()) {
            return;
        }
        Answers.send(ctx, request, AdminHttp.response(answer, request.requestId(), !request.keepAlive()));
    }

    private static AdminResponse tooLarge() {
        return AdminApi.error(new AdminException(GatewayError.REQUEST_TOO_LARGE,
                "an admin request body may have at most " + AdminHttp.MAX_BODY_BYTES + " bytes", null));
    }

    @Override
    protected void dropRequest() {
        head = null;
        refusal = null;
        body = null;
    }
}
