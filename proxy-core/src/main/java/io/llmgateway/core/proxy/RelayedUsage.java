package io.llmgateway.core.proxy;

import io.llmgateway.codec.json.UsageScanner;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.codec.sse.SseEvents;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The token usage of an answer relayed unchanged, read on its way through: a JSON body is fed to
 * a {@link UsageScanner} chunk by chunk; of a stream only the last event before {@code [DONE]} is
 * kept (that is where the usage chunk is when the client asked for one), and content events are
 * counted for an estimate when there is none. Confined to one event loop; {@link #release()} frees
 * what it holds.
 */
final class RelayedUsage {

    private UsageScanner body;
    private ByteBuf lastEvent;
    private long contentEvents;

    /** A piece of a relayed JSON body (borrowed: indexes untouched, not released). */
    void onBody(ByteBuf content) {
        if (body == null) {
            body = new UsageScanner();
        }
        body.feed(content);
    }

    /** A relayed stream event other than {@code [DONE]} (borrowed). */
    void onEvent(ByteBuf event) {
        contentEvents++;
        if (lastEvent != null) {
            lastEvent.release();
        }
        lastEvent = event.retainedDuplicate();
    }

    /** The usage the provider reported, else an estimate for a stream (about a token per event); null for a body without one. */
    Usage usage(ByteBufAllocator alloc) {
        if (body != null) {
            return body.finish();
        }
        if (lastEvent != null) {
            ByteBuf data = SseEvents.data(lastEvent, alloc);
            if (data != null) {
                try {
                    Usage u = UsageScanner.scan(data);
                    if (u != null) {
                        return u;
                    }
                } finally {
                    data.release();
                }
            }
        }
        return contentEvents > 0 ? Usage.of(0, contentEvents) : null;
    }

    void release() {
        if (lastEvent != null) {
            lastEvent.release();
            lastEvent = null;
        }
        if (body != null) {
            body.close();
            body = null;
        }
    }
}
