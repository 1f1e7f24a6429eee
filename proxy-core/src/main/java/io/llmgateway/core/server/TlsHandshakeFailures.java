package io.llmgateway.core.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.internal.logging.InternalLogLevel;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import javax.net.ssl.SSLException;

/**
 * Accounts for the TLS handshakes that fail or miss {@code server.tls.handshake_timeout_ms} (the
 * {@code SslHandler} has closed the connection already): logged once per burst at {@code info},
 * each at {@code debug}, instead of a stack trace per scanner or stalled client; and the handler
 * leaves the pipeline once a handshake succeeds, so that requests do not pass through it.
 *
 * <pre>
 *   PlainHttpRefusal -> SslHandler -> <b>TlsHandshakeFailures</b> -> IdleStateHandler -> ... (GatewayChannelInitializer)
 * </pre>
 *
 * <p>Confined to the connection's event loop.
 */
final class TlsHandshakeFailures extends ChannelInboundHandlerAdapter {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(TlsHandshakeFailures.class);
    private static final BurstLog FAILURES = new BurstLog(LOG, InternalLogLevel.INFO,
            "TLS handshakes failed or not complete within server.tls.handshake_timeout_ms (connections closed)");

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!(evt instanceof SslHandshakeCompletionEvent done)) {
            super.userEventTriggered(ctx, evt);
            return;
        }
        if (done.isSuccess()) {
            ctx.pipeline().remove(this);
            return;
        }
        FAILURES.occurred();
        LOG.debug("client connection {}: TLS handshake failed: {}", ctx.channel().remoteAddress(), done.cause().toString());
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        Throwable tls = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (tls instanceof SSLException) {
            ctx.close(); // the handshake's failure event has been counted, or is on its way
            return;
        }
        super.exceptionCaught(ctx, cause);
    }
}
