package io.llmgateway.core.proxy;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.error.OpenAiErrors;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.llmgateway.core.http.Responses;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Everything one exchange writes to its client, and what its outcome records of that: the status
 * sent, when the head went out, how many body bytes followed. Relayed pieces are written without
 * a flush; {@link #flushIfNeeded()} flushes once at the end of each upstream read.
 *
 * <pre>
 *   writeHead(head) ─ write(piece) ... write(piece) ─ writeLast(last, close)   a relayed answer
 *   send(response, close)                                                      a complete answer
 *   ... write(error event) ─ cut()                                             a response cut short
 * </pre>
 *
 * <p>When the request log keeps content ({@link #capture}), every body byte written is also shown
 * to a {@link ContentCapture}; when the response cache applies ({@link #cache}), heads get its
 * {@code x-gateway-cache} and body bytes go to its {@link ExchangeCache} too; otherwise each is one
 * null check.
 *
 * <p>Hot path: {@link #write} runs once per relayed event or chunk and allocates nothing. Confined
 * to the client's event loop.
 */
final class ClientOutput {

    private final ChannelHandlerContext client;
    private boolean unflushed;
    private int status;
    private long headNanos;
    private long bodyBytes;
    /** Null unless the request log keeps content. */
    private ContentCapture capture;
    /** Null unless the response cache applies to the request. */
    private ExchangeCache cache;

    ClientOutput(ChannelHandlerContext client) {
        this.client = client;
    }

    /** Shows every body byte written from now on to {@code c} (null: none). */
    void capture(ContentCapture c) {
        capture = c;
    }

    /**
     * Marks every head written from now on with what the response cache {@code c} did, and shows it
     * every body byte (it keeps them when it is to store the answer); null: no cache.
     */
    void cache(ExchangeCache c) {
        cache = c;
    }

    ByteBufAllocator alloc() {
        return client.alloc();
    }

    /** Whether the client can take more now; when not, the upstream should stop reading. */
    boolean writable() {
        return client.channel().isWritable();
    }

    /** The head of a relayed answer; its body follows through {@link #write} and {@link #writeLast}. */
    void writeHead(HttpResponse head) {
        status = head.status().code();
        headNanos = System.nanoTime();
        if (cache != null) {
            cache.mark(head.headers());
        }
        client.write(head, client.voidPromise());
        unflushed = true;
    }

    /** A piece of a relayed answer (ownership passes to the channel). */
    void write(HttpContent piece) {
        bodyBytes += piece.content().readableBytes();
        if (capture != null) {
            capture.response(piece.content());
        }
        if (cache != null) {
            cache.collect(piece.content());
        }
        client.write(piece, client.voidPromise());
        unflushed = true;
    }

    /** Flushes what the last upstream read produced. */
    void flushIfNeeded() {
        if (unflushed) {
            unflushed = false;
            client.flush();
        }
    }

    /** The final piece of a relayed answer, flushed; the connection is closed after it when {@code close}. */
    void writeLast(LastHttpContent last, boolean close) {
        bodyBytes += last.content().readableBytes();
        if (capture != null) {
            capture.response(last.content());
        }
        if (cache != null) {
            cache.collect(last.content());
        }
        unflushed = false;
        if (close) {
            client.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        } else {
            client.writeAndFlush(last, client.voidPromise());
        }
    }

    /** A complete answer, flushed; the connection is closed after it when {@code close}. */
    void send(FullHttpResponse response, boolean close) {
        status = response.status().code();
        headNanos = System.nanoTime();
        bodyBytes += response.content().readableBytes();
        if (capture != null) {
            capture.response(response.content());
        }
        if (cache != null) {
            cache.mark(response.headers());
            cache.collect(response.content());
        }
        unflushed = false;
        Responses.send(client, response, close);
    }

    /**
     * Ends a relayed answer whose {@code head} went out, because the server stops: an event stream
     * gets {@code error} as its last event and then the end of its body, so that the client reads
     * why it ended rather than a broken transfer; any other body is cut (its framing tells).
     */
    void stopRelaying(HttpResponse head, GatewayError error, String message) {
        if (head.headers().get(HttpHeaderNames.CONTENT_TYPE, "").startsWith("text/event-stream")) {
            write(new DefaultHttpContent(OpenAiErrors.sseEvent(alloc(), error, message)));
            writeLast(LastHttpContent.EMPTY_LAST_CONTENT, true);
        } else {
            cut();
        }
    }

    /** Ends a response cut short: what was written goes out, then the connection closes (which tells the client). */
    void cut() {
        unflushed = false;
        client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** The HTTP status sent to the client; 0 while none was. */
    int status() {
        return status;
    }

    /** {@link System#nanoTime()} when the response head was written; 0 while it was not. */
    long headNanos() {
        return headNanos;
    }

    /** Response body bytes written so far. */
    long bodyBytes() {
        return bodyBytes;
    }
}
