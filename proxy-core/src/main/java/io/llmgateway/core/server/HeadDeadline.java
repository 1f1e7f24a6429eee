package io.llmgateway.core.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.internal.logging.InternalLogLevel;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.concurrent.TimeUnit;

/**
 * The deadline for a whole request head ({@code server.header_timeout_ms}, nginx's
 * {@code client_header_timeout}): counted from the connection's start for its first request, and
 * from the first byte of each next one; a connection whose head is not complete by then is
 * closed. A client sending a head a byte at a time (slowloris) is cut at the deadline, however
 * often its bytes reset the idle timeout. A keep-alive connection with no request begun is not
 * this handler's concern: {@code server.client_idle_timeout_ms} closes it.
 *
 * <pre>
 *   IdleStateHandler -> PipeliningGate -> <b>HeadDeadline</b> -> HttpServerCodec -> RequestSequencer -> ...
 * </pre>
 *
 * <p>Before the codec, so that it sees the first byte of a head. It learns that a head is complete
 * when, after passing bytes on, a request is open ({@link InboundRequest}); a request's end
 * ({@link RequestFinished}) makes the next byte the start of the next head. An incomplete head is
 * not answered (nothing of it can be trusted, and nginx does the same): the connection is closed,
 * and the closes are logged at {@code info} once per burst. Confined to the connection's event
 * loop.
 */
final class HeadDeadline extends ChannelInboundHandlerAdapter {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(HeadDeadline.class);

    private static final BurstLog CLOSES = new BurstLog(LOG, InternalLogLevel.INFO,
            "connections closed because their request head was not complete within server.header_timeout_ms");

    private final long timeoutNanos;
    private LazyDeadline deadline;
    private boolean started;
    /** Between two requests of a keep-alive connection: the next byte starts the clock of the next head. */
    private boolean awaitingFirstByte;

    HeadDeadline(long timeoutMs) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = new LazyDeadline(ctx.executor(), () -> expired(ctx));
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start();
        super.channelActive(ctx);
    }

    private void start() {
        if (!started) {
            started = true;
            deadline.arm(timeoutNanos);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (awaitingFirstByte && msg instanceof ByteBuf b && b.isReadable()) {
            awaitingFirstByte = false;
            deadline.arm(timeoutNanos);
        }
        ctx.fireChannelRead(msg);
        if (deadline.armed() && InboundRequest.current(ctx) != null) {
            deadline.disarm();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof RequestFinished finished) {
            deadline.disarm();
            awaitingFirstByte = finished == RequestFinished.KEEP_ALIVE;
        }
        super.userEventTriggered(ctx, evt);
    }

    private void expired(ChannelHandlerContext ctx) {
        if (InboundRequest.current(ctx) != null || !ctx.channel().isActive()) {
            return;
        }
        CLOSES.occurred();
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        deadline.cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        deadline.cancel();
    }
}
