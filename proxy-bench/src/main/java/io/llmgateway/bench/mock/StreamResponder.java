package io.llmgateway.bench.mock;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes one streamed answer ({@link MockStream}), one {@code writeAndFlush} per event. The head,
 * the start events and the first piece go out at once; piece {@code i} follows {@code i} intervals
 * later; the end events follow the last piece at once. So a stream lasts
 * {@code latency + (pieces - 1) * interval} and its first token comes after the latency.
 *
 * <p>Pacing uses the channel's event loop timer, never a sleeping thread. Confined to the channel's
 * event loop, so no field needs to be volatile.
 */
final class StreamResponder {

    /** Told, on the event loop, how the stream ended on the mock's side. */
    interface Listener {
        /** The end events were written in full. */
        void streamCompleted();

        /** The {@code error-mid-stream} fault ended the response with the protocol's error event. */
        void streamErrored();

        /** The {@code disconnect-mid-stream} fault is about to close the connection. */
        void closingForFault();
    }

    private final ChannelHandlerContext ctx;
    private final MockStream events;
    private final int pieces;
    private final long intervalNanos;
    /** Pieces to send before the fault acts, or -1 to finish normally. */
    private final int faultAfter;
    private final MockFault fault;
    private final ExchangeSettings settings;
    private final Listener listener;

    private int next;
    private boolean finished;
    private ScheduledFuture<?> timer;

    StreamResponder(ChannelHandlerContext ctx, MockStream events, ExchangeSettings settings, Listener listener) {
        this.ctx = ctx;
        this.events = events;
        this.pieces = events.pieces();
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(settings.chunkIntervalMs());
        this.fault = settings.fault();
        this.settings = settings;
        boolean midStream = fault == MockFault.DISCONNECT_MID_STREAM || fault == MockFault.ERROR_MID_STREAM
                || fault == MockFault.STALL_MID_STREAM;
        this.faultAfter = !midStream ? -1 : pieces == 0 ? 0 : Math.max(1, pieces / 2);
        this.listener = listener;
    }

    /** Writes the head and the first events. */
    void start() {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, events.contentType())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        events.headers(head.headers());
        MockRequestHandler.echoKey(head.headers(), settings);
        ctx.write(head);
        List<ByteBuf> first = new ArrayList<>(4);
        events.start(ctx.alloc(), first);
        if (first.isEmpty()) {
            ctx.flush();
        }
        first.forEach(this::writeEvent);
        step();
    }

    /** Whether the end events were written in full. */
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
            if (next == faultAfter) {
                fail();
                return;
            }
            if (next >= pieces) {
                end();
                return;
            }
            writeEvent(events.piece(ctx.alloc(), next++));
        } while (intervalNanos == 0 || next >= pieces);
        timer = ctx.executor().schedule(this::step, intervalNanos, TimeUnit.NANOSECONDS);
    }

    private void fail() {
        if (fault == MockFault.STALL_MID_STREAM) {
            return; // silent from here on: the client decides when it has waited long enough
        }
        if (fault == MockFault.DISCONNECT_MID_STREAM) {
            listener.closingForFault();
            ctx.close();
            return;
        }
        ByteBuf error = settings.quotedKey() == null ? events.error(ctx.alloc())
                : events.error(ctx.alloc(), settings.quotedKeyMessageJson());
        ctx.writeAndFlush(new DefaultLastHttpContent(error)).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                finished = true;
                listener.streamErrored();
            }
        });
    }

    private void end() {
        List<ByteBuf> last = new ArrayList<>(4);
        events.end(ctx.alloc(), last);
        for (int i = 0; i < last.size() - 1; i++) {
            writeEvent(last.get(i));
        }
        ByteBuf tail = last.isEmpty() ? Unpooled.EMPTY_BUFFER : last.get(last.size() - 1);
        ctx.writeAndFlush(new DefaultLastHttpContent(tail)).addListener((ChannelFutureListener) f -> {
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
