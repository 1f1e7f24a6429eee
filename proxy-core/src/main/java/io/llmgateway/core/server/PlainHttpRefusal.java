package io.llmgateway.core.server;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.core.http.Responses;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.logging.InternalLogLevel;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.concurrent.TimeUnit;

/**
 * On the TLS listener, answers a client that speaks plain HTTP with a readable 400 (as nginx does)
 * instead of a reset it cannot explain, then closes. It looks at the connection's first bytes only:
 * a TLS record, or too few bytes to tell, and it steps out of the pipeline for good.
 *
 * <pre>
 *   <b>PlainHttpRefusal</b> -> SslHandler -> TlsHandshakeFailures -> IdleStateHandler -> ... (GatewayChannelInitializer)
 * </pre>
 *
 * <p>The answer is written below the {@link SslHandler}, through an encoder added for it alone, and
 * the close lingers as {@link Answers#sendAndClose} does, discarding what the client still sends,
 * so that a reset cannot destroy the answer. Confined to the connection's event loop.
 */
final class PlainHttpRefusal extends ChannelInboundHandlerAdapter {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(PlainHttpRefusal.class);
    private static final BurstLog REFUSALS = new BurstLog(LOG, InternalLogLevel.INFO,
            "plain HTTP requests refused on the TLS listener (clients must use https://)");
    /** A TLS record header is five bytes: fewer cannot be told from plain text. */
    private static final int RECORD_HEADER_BYTES = 5;

    private boolean refused;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof ByteBuf buf) || buf.readableBytes() < RECORD_HEADER_BYTES
                || SslHandler.isEncrypted(buf, false) || !startsLikeAMethod(buf)) {
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(msg);
            return;
        }
        buf.release();
        refused = true;
        REFUSALS.occurred();
        refuse(ctx);
    }

    /** An HTTP request line starts with a method token: upper-case letters. */
    private static boolean startsLikeAMethod(ByteBuf buf) {
        int at = buf.readerIndex();
        for (int i = 0; i < 3; i++) {
            byte b = buf.getByte(at + i);
            if (b < 'A' || b > 'Z') {
                return false;
            }
        }
        return true;
    }

    private static void refuse(ChannelHandlerContext ctx) {
        ctx.pipeline().addBefore(ctx.name(), "plain-http-encoder", new HttpResponseEncoder());
        Channel ch = ctx.channel();
        ctx.writeAndFlush(Responses.error(ctx.alloc(), GatewayError.MALFORMED_HTTP,
                "This port speaks HTTPS: a plain HTTP request was sent to it (expected: an https:// URL)", null,
                RequestIds.choose(null), true)).addListener((ChannelFutureListener) f -> {
                    if (!(ch instanceof DuplexChannel duplex) || !f.isSuccess()) {
                        ch.close();
                        return;
                    }
                    duplex.shutdownOutput();
                    ch.eventLoop().schedule(() -> ch.close(), Answers.LINGER_MS, TimeUnit.MILLISECONDS);
                });
    }
}
