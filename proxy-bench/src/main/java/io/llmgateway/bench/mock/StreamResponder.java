package io.llmgateway.bench.mock;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes one SSE answer, one {@code writeAndFlush} per event. The head, the role chunk and the
 * first content chunk go out at once; content chunk {@code i} follows {@code i} intervals later;
 * the finish chunk, the usage chunk and {@code [DONE]} follow the last content chunk at once. So a
 * stream lasts {@code latency + (chunks - 1) * interval} and its first token comes after the latency.
 *
 * <p>Pacing uses the channel's event loop timer, never a sleeping thread. Confined to the channel's
 * event loop, so no field needs to be volatile.
 */
final class StreamResponder {

    /** Told, on the event loop, how the stream ended on the mock's side. */
    interface Listener {
        /** {@code [DONE]} was written in full. */
        void streamCompleted();

        /** The {@code disconnect-mid-stream} fault is about to close the connection. */
        void closingForFault();
    }

    private final ChannelHandlerContext ctx;
    private final StreamEvents events;
    private final int chunks;
    private final long intervalNanos;
    /** Content events to send before closing the socket, or -1 to finish normally. */
    private final int disconnectAfter;
    private final boolean includeUsage;
    private final Listener listener;

    private int next;
    private boolean finished;
    private ScheduledFuture<?> timer;

    StreamResponder(ChannelHandlerContext ctx, StreamEvents events, ExchangeSettings settings, boolean includeUsage,
                    Listener listener) {
        this.ctx = ctx;
        this.events = events;
        this.chunks = settings.chunks();
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(settings.chunkIntervalMs());
        this.disconnectAfter = settings.fault() == MockFault.DISCONNECT_MID_STREAM ? Math.max(1, chunks / 2) : -1;
        this.includeUsage = includeUsage;
        this.listener = listener;
    }

    /** Writes the head and the first events. */
    void start() {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        ctx.write(head);
        if (events.hasRoleEvent()) {
            writeEvent(events.role(ctx.alloc()));
        } else {
            ctx.flush();
        }
        step();
    }

    /** Whether {@code [DONE]} was written in full. */
    boolean isFinished() {
        return finished;
    }

    /** Stops the pacing timer; the connection is gone. */
    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void step() {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        do {
            if (next == disconnectAfter) {
                listener.closingForFault();
                ctx.close();
                return;
            }
            if (next >= chunks) {
                end();
                return;
            }
            writeEvent(events.content(ctx.alloc(), next++));
        } while (intervalNanos == 0 || next >= chunks);
        timer = ctx.executor().schedule(this::step, intervalNanos, TimeUnit.NANOSECONDS);
    }

    private void end() {
        writeEvent(events.finish(ctx.alloc()));
        if (includeUsage) {
            writeEvent(events.usage(ctx.alloc(), chunks));
        }
        ctx.writeAndFlush(new DefaultLastHttpContent(StreamEvents.done(ctx.alloc())))
                .addListener((ChannelFutureListener) f -> {
                    if (f.isSuccess()) {
                        finished = true;
                        listener.streamCompleted();
                    }
                });
    }

    private void writeEvent(ByteBuf event) {
        ctx.writeAndFlush(new DefaultHttpContent(event), ctx.voidPromise());
    }
}
