package io.llmgateway.core.server;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.core.http.Responses;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.logging.InternalLogLevel;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

/**
 * On a connection accepted while the gateway drains ({@code server.drain_delay_ms} after SIGTERM),
 * answers every API request 503 {@code server_draining} with {@code connection: close}: the client
 * (or the load balancer that has not yet seen {@code /health/ready} fail) learns at once to go
 * elsewhere, rather than meeting a refused connection or starting a stream the shutdown would cut.
 * The gateway's own routes that need no client key (the health checks) are answered as usual.
 *
 * <pre>
 *   ... -> RouteDispatch -> <b>DrainRefusal</b> -> ClientAuth -> ...      only on a connection accepted draining
 * </pre>
 *
 * <p>Added by {@link GatewayChannelInitializer} to those connections alone, so that the others pay
 * nothing for it. The answer goes before the body is read, and the connection closes lingering
 * ({@link Answers#sendAndClose}). Refusals are logged once per burst. Stateless and shared.
 */
@Sharable
final class DrainRefusal extends ChannelInboundHandlerAdapter {

    static final DrainRefusal INSTANCE = new DrainRefusal();

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(DrainRefusal.class);
    private static final BurstLog REFUSED = new BurstLog(LOG, InternalLogLevel.INFO,
            "requests refused with 503 server_draining (new connections while draining)");

    private DrainRefusal() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest)) {
            ctx.fireChannelRead(msg);
            return;
        }
        InboundRequest request = InboundRequest.current(ctx);
        if (!request.route().clientKey()) {
            ctx.fireChannelRead(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        REFUSED.occurred();
        Answers.sendAndClose(ctx, Responses.error(ctx.alloc(), GatewayError.SERVER_DRAINING,
                "the gateway is shutting down: send the request again (to another instance)", null,
                request.requestId(), true));
    }
}
