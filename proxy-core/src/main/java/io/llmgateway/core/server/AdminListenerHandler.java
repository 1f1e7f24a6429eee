package io.llmgateway.core.server;

import static java.util.Objects.requireNonNull;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.core.admin.AdminApi;
import io.llmgateway.core.admin.AdminException;
import io.llmgateway.core.admin.AdminResponse;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Answers the requests of the admin listener ({@code server.admin_listen}): the admin API under
 * {@code /admin/v1}, 404 for any other path. The last handler of {@link SideListener}'s pipeline;
 * the body has been aggregated (at most {@link AdminHttp#MAX_BODY_BYTES}, 413 beyond, by Netty's
 * aggregator). The answer comes from the admin thread and is written back on this event loop, in
 * the order of the requests (the admin thread runs them in turn); a refusal (404, 401) is written
 * at once, so a client that pipelines behind an admitted request should not expect it in order.
 */
final class AdminListenerHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final AdminApi admin;

    AdminListenerHandler(AdminApi admin) {
        this.admin = requireNonNull(admin, "admin");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String requestId = RequestIds.choose(request.headers().get(io.llmgateway.core.http.Responses.X_REQUEST_ID));
        boolean close = !HttpUtil.isKeepAlive(request);
        String path = new QueryStringDecoder(request.uri()).path();
        if (!AdminHttp.isAdminPath(path) || !admin.enabled()) {
            write(ctx, AdminApi.error(new AdminException(GatewayError.UNKNOWN_URL, "unknown route: "
                    + request.method() + " " + ClientText.quote(path) + "; this listener serves "
                    + AdminApi.PREFIX + "/ only", null)), requestId, close);
            return;
        }
        if (!admin.authorized(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            write(ctx, AdminApi.unauthorized(), requestId, close);
            return;
        }
        byte[] body = ByteBufUtil.getBytes(request.content());
        admin.submit(AdminHttp.request(request, body, requestId), AdminHttp.client(ctx.channel().remoteAddress()),
                answer -> ctx.executor().execute(() -> write(ctx, answer, requestId, close)));
    }

    private static void write(ChannelHandlerContext ctx, AdminResponse answer, String requestId, boolean close) {
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(AdminHttp.response(answer, requestId, close)); // the keep-alive handler closes
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
