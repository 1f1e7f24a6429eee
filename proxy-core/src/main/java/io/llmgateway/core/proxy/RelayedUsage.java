package io.llmgateway.core.proxy;

import io.llmgateway.codec.json.UsageScanner;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.codec.sse.SseEvents;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The token usage of an answer relayed unchanged, read on its way through without parsing it:
 * OpenAI puts {@code usage} at the end of a JSON body, and in the last event before
 * {@code [DONE]} of a stream (when the client asked for it). So only the last two chunks of a body
 * and the last event of a stream are kept (retained duplicates, no copy), and read at the end;
 * content events are counted for an estimate when a stream has no usage. Confined to one event
 * loop; {@link #release()} frees what it holds.
 */
final class RelayedUsage {

    private static final byte[] USAGE_KEY = "\"usage\"".getBytes(StandardCharsets.US_ASCII);

    private ByteBuf previousChunk;
    private ByteBuf lastChunk;
    private ByteBuf lastEvent;
    private long contentEvents;

    /** A piece of a relayed JSON body (borrowed: indexes untouched, not released). */
    void onBody(ByteBuf content) {
        if (!content.isReadable()) {
            return;
        }
        if (previousChunk != null) {
            previousChunk.release();
        }
        previousChunk = lastChunk;
        lastChunk = content.retainedDuplicate();
    }

    /** A relayed stream event other than {@code [DONE]} (borrowed). */
    void onEvent(ByteBuf event) {
        contentEvents++;
        if (lastEvent != null) {
            lastEvent.release();
        }
        lastEvent = event.retainedDuplicate();
    }

    /** The usage the provider reported, else an estimate for a stream (about a token per event); null if unknown. */
    Usage usage(ByteBufAllocator alloc) {
        if (lastChunk != null) {
            return usageInTail(alloc);
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

    /** Finds the last {@code "usage":{...}} of the body's tail and reads just that object. */
    private Usage usageInTail(ByteBufAllocator alloc) {
        CompositeByteBuf tail = alloc.compositeBuffer(2);
        try {
            if (previousChunk != null) {
                tail.addComponent(true, previousChunk.retainedDuplicate());
            }
            tail.addComponent(true, lastChunk.retainedDuplicate());
            int key = lastIndexOf(tail, USAGE_KEY);
            if (key < 0) {
                return null;
            }
            int open = key + USAGE_KEY.length;
            while (open < tail.writerIndex() && tail.getByte(open) != '{') {
                byte b = tail.getByte(open);
                if (b != ' ' && b != ':' && b != '\n' && b != '\r' && b != '\t') {
                    return null; // "usage": null, or not the key we look for
                }
                open++;
            }
            int close = matchingBrace(tail, open);
            if (close < 0) {
                return null;
            }
            ByteBuf doc = Unpooled.wrappedBuffer(Unpooled.wrappedBuffer("{\"usage\":".getBytes(StandardCharsets.US_ASCII)),
                    tail.retainedSlice(open, close + 1 - open), Unpooled.wrappedBuffer(new byte[] {'}'}));
            try {
                return UsageScanner.scan(doc);
            } finally {
                doc.release();
            }
        } finally {
            tail.release();
        }
    }

    private static int lastIndexOf(ByteBuf buf, byte[] needle) {
        for (int i = buf.writerIndex() - needle.length; i >= buf.readerIndex(); i--) {
            int k = 0;
            while (k < needle.length && buf.getByte(i + k) == needle[k]) {
                k++;
            }
            if (k == needle.length) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the brace closing the object opened at {@code open}, strings skipped; -1 if it is cut. */
    private static int matchingBrace(ByteBuf buf, int open) {
        if (open >= buf.writerIndex()) {
            return -1;
        }
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < buf.writerIndex(); i++) {
            byte b = buf.getByte(i);
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{') {
                depth++;
            } else if (b == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    void release() {
        if (lastEvent != null) {
            lastEvent.release();
            lastEvent = null;
        }
        if (lastChunk != null) {
            lastChunk.release();
            lastChunk = null;
        }
        if (previousChunk != null) {
            previousChunk.release();
            previousChunk = null;
        }
    }
}
