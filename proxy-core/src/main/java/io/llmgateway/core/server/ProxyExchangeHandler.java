package io.llmgateway.core.server;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.core.http.Responses;
import io.llmgateway.core.proxy.ClientRequest;
import io.llmgateway.core.proxy.ExchangeOwner;
import io.llmgateway.core.proxy.ProxyExchange;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.logging.InternalLogLevel;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;

/**
 * The last handler of a client connection: runs one {@link ProxyExchange} per {@link ClientRequest}
 * (the one place exchanges are created), and is the connection's side of it — the rest of a
 * streamed upload goes to it, the client's writability resumes it, the client's disconnect
 * cancels it, its end finishes the request ({@link RequestFinished}) and the server's in-flight count.
 *
 * <pre>
 *   ... -> BodyCollector -> <b>ProxyExchangeHandler</b>
 * </pre>
 *
 * <p>As the tail it also meets every unhandled exception of the pipeline: an
 * {@link OutOfMemoryError} halts the process ({@link OutOfMemoryExit}); an I/O error closes the
 * connection; bytes the codec could not take close it too, logged once per burst (a client's
 * fault, not the gateway's); anything else is a bug, logged, and answered 500 when no answer has
 * begun. When the server stops, {@link #stop} ends the exchange under way. Confined to the
 * connection's event loop.
 */
final class ProxyExchangeHandler extends ChannelInboundHandlerAdapter implements ExchangeOwner {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(ProxyExchangeHandler.class);
    private static final BurstLog UNDECODABLE = new BurstLog(LOG, InternalLogLevel.INFO,
            "client connections closed because the HTTP codec failed on what they sent");

    private final ServerState server;
    private ChannelHandlerContext ctx;
    private ProxyExchange exchange;

    ProxyExchangeHandler(ServerState server) {
        this.server = server;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpContent part && exchange != null) {
            exchange.onUploadContent(part); // the rest of a streamed upload
            return;
        }
        if (!(msg instanceof ClientRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        server.exchangeStarted();
        exchange = new ProxyExchange(ctx, this, request, server.proxyServices());
        exchange.start();
    }

    /**
     * The server stops: the exchange under way ends with {@code error} ({@link ProxyExchange#stop}),
     * and the connection closes after its last bytes. On the connection's event loop.
     *
     * @return false when no exchange was under way (nothing was written)
     */
    boolean stop(GatewayError error, String message) {
        if (exchange == null) {
            return false;
        }
        exchange.stop(error, message);
        return true;
    }

    @Override
    public void exchangeFinished(boolean closeConnection) {
        exchange = null;
        server.exchangeEnded();
        RequestFinished.fire(ctx, closeConnection || !ctx.channel().isActive());
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (exchange != null && ctx.channel().isWritable()) {
            exchange.onClientWritable();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (exchange != null) {
            exchange.cancel();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof RequestFinished) {
            return; // every handler has seen it: the tail would only log it as unhandled
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        OutOfMemoryExit.haltIfOutOfMemory(cause);
        if (cause instanceof DecoderException) {
            UNDECODABLE.occurred();
            LOG.debug("client connection {}: the HTTP codec failed", ctx.channel().remoteAddress(), cause);
            ctx.close();
            return;
        }
        if (cause instanceof IOException) {
            LOG.debug("client connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
            return;
        }
        LOG.warn("unexpected error on client connection {}", ctx.channel().remoteAddress(), cause);
        InboundRequest request = InboundRequest.current(ctx);
        if (request == null || exchange != null || !ctx.channel().isActive()
                || (ctx.channel() instanceof DuplexChannel d && d.isOutputShutdown())) {
            ctx.close();
            return;
        }
        Answers.sendAndClose(ctx, Responses.error(ctx.alloc(), GatewayError.INTERNAL_ERROR, "internal gateway error",
                null, request.requestId(), true));
    }
}
