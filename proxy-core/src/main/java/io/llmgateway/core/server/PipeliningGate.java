package io.llmgateway.core.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Backpressure for pipelined requests: what the client sends while a request is answered stays
 * raw bytes here instead of becoming decoded requests queued in memory, and the socket is not read
 * until the requests already decoded have been answered.
 *
 * <pre>
 *   ... -> <b>PipeliningGate</b> -> HttpServerCodec -> RequestSequencer -> ...
 *                 ^---------- pause() / resume() ----------'
 * </pre>
 *
 * <p>The codec decodes every request of a buffer it is given, in one go, however many there are;
 * so the gate gives it at most {@link #STEP_BYTES} at a time, and gives it nothing more while
 * {@link RequestSequencer} holds a request ({@link #pause}): the rest of the buffer is kept, reading
 * is off ({@code autoRead}), and both resume when the sequencer has let its held requests in
 * ({@link #resume}). No more than one step of requests is ever decoded ahead of the one being
 * answered ({@link #MAX_DECODED_AHEAD}), which also bounds the codec's count of requests awaiting
 * their response ({@code maxPipelineDepth}): a deep pipeline is slowed down, never refused.
 *
 * <p>Hot path: a buffer of at most one step, the common case, passes untouched; a larger one is
 * passed as retained slices, never copied. Once the sequencer stops reading for good
 * ({@link #discard}), what arrives is released here, undecoded, and the socket is drained so that a
 * lingering close is not a reset. Confined to the connection's event loop.
 */
final class PipeliningGate extends ChannelInboundHandlerAdapter {

    /** The most bytes the codec is given at once. */
    static final int STEP_BYTES = 8 * 1024;
    /** The shortest request the codec decodes ({@code "A / HTTP/1.1\n\n"} is 14 bytes), rounded down. */
    private static final int MIN_REQUEST_BYTES = 8;
    /**
     * The most requests decoded and not yet answered: the one answered, one completed from bytes the
     * codec kept, and one step of the shortest requests. The codec's {@code maxPipelineDepth}.
     */
    static final int MAX_DECODED_AHEAD = 2 + STEP_BYTES / MIN_REQUEST_BYTES;

    private ChannelHandlerContext ctx;
    /** Received, not yet given to the codec; null when there is none. */
    private ByteBuf pending;
    private boolean paused;
    private boolean discarding;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
        } else if (discarding) {
            buf.release();
        } else if (paused || pending != null) {
            keep(buf);
        } else {
            feed(buf);
        }
    }

    /** Gives {@code buf} (owned from now on) to the codec a step at a time, keeping what is left when paused. */
    private void feed(ByteBuf buf) {
        while (!paused && !discarding) {
            if (buf.readableBytes() <= STEP_BYTES) {
                ctx.fireChannelRead(buf);
                return;
            }
            ctx.fireChannelRead(buf.readRetainedSlice(STEP_BYTES));
        }
        if (discarding) {
            buf.release();
        } else {
            keep(buf);
        }
    }

    private void keep(ByteBuf buf) {
        if (pending == null) {
            pending = buf;
            return;
        }
        CompositeByteBuf all = pending instanceof CompositeByteBuf c ? c : ctx.alloc().compositeBuffer()
                .addComponent(true, pending);
        pending = all.addComponent(true, buf);
    }

    /** Stops giving the codec bytes and stops reading: a pipelined request waits for the one being answered. */
    void pause() {
        if (!discarding) {
            paused = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    /**
     * Gives the codec what was kept, then reads again unless that paused the gate anew. Call when
     * the requests held after the codec are all let in.
     */
    void resume() {
        if (discarding) {
            return;
        }
        paused = false;
        ByteBuf kept = pending;
        pending = null;
        if (kept != null) {
            feed(kept);
        }
        if (!paused && !discarding) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** Nothing more will be decoded on this connection: what is kept and what arrives is released, and read. */
    void discard() {
        discarding = true;
        paused = false;
        releasePending();
        ctx.channel().config().setAutoRead(true);
    }

    /** Whether received bytes are kept back from the codec (for tests). */
    boolean holdsBytes() {
        return pending != null;
    }

    private void releasePending() {
        ByteBuf p = pending;
        pending = null;
        ReferenceCountUtil.release(p);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releasePending();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePending();
    }
}
