package io.llmgateway.core.proxy;

import io.llmgateway.core.upstream.UpstreamConnection;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;

/**
 * The rest of a streamed upload ({@link RequestUpload}), from the client connection to the upstream
 * connection of the attempt under way, as it arrives: never more than a read's worth held.
 *
 * <pre>
 *   client --HttpContent--> ProxyExchangeHandler --> ProxyExchange.onUploadContent --> <b>UploadRelay</b>
 *        ^                                                                               |  writeBody
 *        '---- autoRead off while the upstream cannot take more, or is not there yet ----'--> upstream
 * </pre>
 *
 * <p>Until an attempt has sent its head and the form's prefix ({@link #attach}), parts wait here
 * and the client is not read. From the first part written upstream on ({@link #started()}), the
 * request cannot be sent again: a failed attempt is the answer, never retried (the parts are gone).
 * While the upstream's outbound buffer is over its high-water mark, the client is not read; its
 * writability reads it again. The client is only paused and resumed while its body is still
 * arriving: once the last part is in, reading belongs to the connection's pipelining again.
 *
 * <p>Owns the parts that wait (released by {@link #release()}); a part written upstream belongs to
 * the upstream channel. Confined to the exchange's event loop.
 */
final class UploadRelay {

    private final Channel client;
    private final OutcomeRecorder outcome;
    private final UpstreamTimeouts timeouts;
    private final ArrayDeque<HttpContent> waiting = new ArrayDeque<>(4);
    /** Null until an attempt attached, and after it was abandoned. */
    private UpstreamConnection target;
    private boolean started;
    private boolean complete;
    private boolean paused;

    UploadRelay(Channel client, OutcomeRecorder outcome, UpstreamTimeouts timeouts) {
        this.client = client;
        this.outcome = outcome;
        this.timeouts = timeouts;
    }

    /** A part of the body from the client (owned from now on). */
    void onContent(HttpContent part) {
        if (part instanceof LastHttpContent) {
            complete = true;
            if (paused) {
                // The end came in the read that paused the client: nothing would read the next
                // request. Reading goes back to the connection's pipelining, which pauses on its own.
                paused = false;
                client.config().setAutoRead(true);
            }
        }
        if (target == null) {
            waiting.add(part);
            pauseClient();
            return;
        }
        forward(part);
    }

    /** An attempt's head and the form's prefix went on {@code connection}: the parts that waited follow. */
    void attach(UpstreamConnection connection) {
        target = connection;
        while (!waiting.isEmpty() && target != null) {
            forward(waiting.poll());
        }
        if (target != null && target.isWritable()) {
            resumeClient();
        }
    }

    /** The attempt is abandoned: parts wait again (for another attempt when none was sent yet). */
    void detach(UpstreamConnection connection) {
        if (target == connection) {
            target = null;
        }
    }

    /** Whether a part after the prefix went upstream: the request cannot be sent again. */
    boolean started() {
        return started;
    }

    /** Whether the client's whole body has arrived. */
    boolean complete() {
        return complete;
    }

    /** The upstream's outbound buffer drained under its low-water mark, or filled over its high one. */
    void onUpstreamWritability(UpstreamConnection connection) {
        if (connection == target && connection.isWritable()) {
            resumeClient();
        }
    }

    private void forward(HttpContent part) {
        started = true;
        outcome.uploaded(part.content().readableBytes());
        UpstreamConnection t = target;
        t.writeBody(part);
        if (part instanceof LastHttpContent) {
            timeouts.requestSent(); // the first byte of the answer is awaited from the end of the upload
        } else if (!t.isWritable()) {
            pauseClient();
        }
    }

    private void pauseClient() {
        if (!complete && !paused) {
            paused = true;
            client.config().setAutoRead(false);
        }
    }

    private void resumeClient() {
        if (paused) {
            paused = false;
            if (!complete) {
                client.config().setAutoRead(true);
            }
        }
    }

    /**
     * The exchange ends: the parts that waited are freed; a client paused mid-body is read again, so
     * that the rest of its body is drained (and discarded) rather than left unread under the close.
     */
    void release() {
        target = null;
        if (paused && !complete) {
            client.config().setAutoRead(true);
        }
        paused = false;
        HttpContent c;
        while ((c = waiting.poll()) != null) {
            c.release();
        }
    }
}
