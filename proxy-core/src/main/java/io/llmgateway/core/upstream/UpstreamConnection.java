package io.llmgateway.core.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;

/**
 * One keep-alive connection to an upstream origin, and the last handler of its pipeline:
 *
 * <pre>
 *   [SslHandler] -> HttpClientCodec -> UpstreamConnection --> UpstreamListener (the exchange)
 * </pre>
 *
 * <p>Confined to its event loop (the same loop as the client connection it serves), so its fields
 * need no synchronisation. It carries one exchange at a time; between exchanges it sits in its
 * {@link LoopPool}. It goes back to the pool only after a clean, complete exchange: request fully
 * written, response fully read, and neither side asked to close.
 */
public final class UpstreamConnection extends ChannelInboundHandlerAdapter {

    private final Origin origin;
    private final LoopPool pool;
    private Channel channel;
    private UpstreamListener listener;
    private boolean responseBegun;
    private boolean requestWritten;
    private boolean keepAlive;
    private int exchanges;
    private long idleSinceNanos;

    UpstreamConnection(Origin origin, LoopPool pool) {
        this.origin = origin;
        this.pool = pool;
    }

    public Origin origin() {
        return origin;
    }

    public Channel channel() {
        return channel;
    }

    /** How many exchanges this connection carried before the current one (0 for a fresh connection). */
    public int previousExchanges() {
        return exchanges - 1;
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    /**
     * Starts an exchange: writes the request head and body (ownership of {@code body} passes to the
     * channel) and routes the response to {@code listener}.
     */
    public void send(HttpRequest head, ByteBuf body, UpstreamListener listener) {
        assert channel.eventLoop().inEventLoop();
        this.listener = listener;
        this.responseBegun = false;
        this.requestWritten = false;
        this.keepAlive = HttpUtil.isKeepAlive(head);
        this.exchanges++;
        channel.config().setAutoRead(true);
        channel.write(head, channel.voidPromise());
        channel.writeAndFlush(new DefaultLastHttpContent(body)).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                requestWritten = true;
            } else if (this.listener == listener) {
                fail(new IOException("writing the request to " + origin + " failed", f.cause()));
            }
        });
    }

    /**
     * Starts an exchange whose request body is still arriving: writes the head and the first part
     * of the body ({@code prefix}, owned from now on); the rest follows through {@link #writeBody},
     * the last part a {@link LastHttpContent}. The response may begin before the body ends.
     */
    public void sendHead(HttpRequest head, ByteBuf prefix, UpstreamListener listener) {
        assert channel.eventLoop().inEventLoop();
        this.listener = listener;
        this.responseBegun = false;
        this.requestWritten = false;
        this.keepAlive = HttpUtil.isKeepAlive(head);
        this.exchanges++;
        channel.config().setAutoRead(true);
        channel.write(head, channel.voidPromise());
        writeBody(new DefaultHttpContent(prefix));
    }

    /**
     * Writes and flushes one more part of a streamed request body (owned from now on); a
     * {@link LastHttpContent} completes the request. A write that fails fails the exchange.
     */
    public void writeBody(HttpContent part) {
        UpstreamListener l = listener;
        boolean last = part instanceof LastHttpContent;
        channel.writeAndFlush(part).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                requestWritten |= last;
            } else if (this.listener == l && l != null) {
                fail(new IOException("writing the request to " + origin + " failed", f.cause()));
            }
        });
    }

    /** Whether the connection takes more bytes without queueing them beyond its high-water mark. */
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        UpstreamListener l = listener;
        if (l != null) {
            l.onWritabilityChanged(this);
        }
        super.channelWritabilityChanged(ctx);
    }

    /** Whether the whole request has been written to the socket. */
    public boolean requestWritten() {
        return requestWritten;
    }

    /** Stops or resumes reading the response (backpressure from a slow client). */
    public void setAutoRead(boolean autoRead) {
        channel.config().setAutoRead(autoRead);
    }

    /**
     * Ends the current exchange after its {@link LastHttpContent}: back to the pool if the exchange
     * was clean and both sides allow keep-alive, closed otherwise.
     */
    public void release() {
        listener = null;
        idleSinceNanos = System.nanoTime();
        if (keepAlive && requestWritten && channel.isActive() && pool.offer(this)) {
            return;
        }
        channel.close();
    }

    /** Abandons the current exchange (client gone, timeout): the connection is closed, never reused. */
    public void abort() {
        listener = null;
        channel.close();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        super.channelActive(ctx);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamListener l = listener;
        if (l == null) {
            // Bytes outside an exchange: the origin is confused or closing. Never reuse this connection.
            ReferenceCountUtil.release(msg);
            pool.remove(this);
            ctx.close();
            return;
        }
        HttpObject obj = (HttpObject) msg;
        DecoderResult result = obj.decoderResult();
        if (result.isFailure()) {
            ReferenceCountUtil.release(msg);
            fail(new IOException("malformed HTTP response from " + origin + ": " + result.cause().getMessage()));
            return;
        }
        if (obj instanceof HttpResponse response) {
            if (response.status().code() == 100) {
                ReferenceCountUtil.release(msg);
                return;
            }
            responseBegun = true;
            keepAlive &= HttpUtil.isKeepAlive(response);
            l.onResponseHead(this, response);
        }
        if (obj instanceof HttpContent content) {
            if (content instanceof LastHttpContent && !requestWritten) {
                // Answered before the request was fully sent: the stream position is unknown.
                keepAlive = false;
            }
            l.onResponseContent(this, content);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        UpstreamListener l = listener;
        if (l != null) {
            l.onReadComplete(this);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (listener != null) {
            fail(new PrematureCloseException(origin, responseBegun));
        } else {
            pool.remove(this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (listener != null) {
            fail(cause);
        } else {
            pool.remove(this);
            ctx.close();
        }
    }

    /** Fails the current exchange with {@code cause} and closes the connection. */
    void fail(Throwable cause) {
        UpstreamListener l = listener;
        listener = null;
        channel.close();
        if (l != null) {
            l.onUpstreamFailure(this, cause, responseBegun);
        }
    }

    @Override
    public String toString() {
        return "UpstreamConnection[" + origin + ", " + (channel == null ? "unconnected" : channel.id()) + ']';
    }
}
