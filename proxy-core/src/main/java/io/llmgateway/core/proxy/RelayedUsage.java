package io.llmgateway.core.proxy;

import io.llmgateway.codec.json.UsageScanner;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.codec.sse.SseEvents;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The token usage of an answer relayed unchanged, read on its way through without parsing it:
 * OpenAI puts {@code usage} at the end of a JSON body, and in the last event before
 * {@code [DONE]} of a stream (when the client asked for it). So only the last two chunks of a body
 * and the last stream event that carries a usage object are kept (retained duplicates, no copy),
 * and at the end the last {@value #TAIL_BYTES} bytes of them are searched. What a stream without
 * usage is estimated at is {@link StreamUsage}'s business. Confined to one event loop;
 * {@link #release()} frees what it holds.
 */
final class RelayedUsage {

    private static final byte[] USAGE_KEY = "\"usage\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHOICES_KEY = "\"choices\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * How much of a body's end is searched: OpenAI's usage object and what may follow it
     * ({@code system_fingerprint}, {@code service_tier}) take a few hundred bytes.
     */
    static final int TAIL_BYTES = 16 * 1024;

    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[TAIL_BYTES];
        }
    };

    private ByteBuf previousChunk;
    private ByteBuf lastChunk;
    private ByteBuf lastEvent;

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

    /**
     * A relayed stream event that carries a usage object (borrowed; {@link RelayedContent#onEvent}
     * tells): the last one is kept. Only such events are: OpenAI's usage chunk comes last, and
     * keeping every event would pin the upstream's read buffer under each open stream for as long
     * as it stays open.
     */
    void onUsageEvent(ByteBuf event) {
        if (lastEvent != null) {
            lastEvent.release();
        }
        lastEvent = event.retainedDuplicate();
    }

    /**
     * Whether {@code "choices"} followed by {@code :} and an empty array occurs in the event: the
     * shape of OpenAI's usage chunk (a content chunk that also carries usage, as some hosts send,
     * has choices).
     */
    static boolean hasEmptyChoices(ByteBuf event) {
        int end = event.writerIndex();
        for (int q = event.indexOf(event.readerIndex(), end, (byte) '"'); q >= 0 && q + CHOICES_KEY.length < end;
                q = event.indexOf(q + 1, end, (byte) '"')) {
            int k = 1;
            while (k < CHOICES_KEY.length && event.getByte(q + k) == CHOICES_KEY[k]) {
                k++;
            }
            if (k < CHOICES_KEY.length) {
                continue;
            }
            int i = skipBlanks(event, q + CHOICES_KEY.length, end);
            if (i < end && event.getByte(i) == ':') {
                i = skipBlanks(event, i + 1, end);
                if (i < end && event.getByte(i) == '[') {
                    i = skipBlanks(event, i + 1, end);
                    return i < end && event.getByte(i) == ']';
                }
            }
        }
        return false;
    }

    private static int skipBlanks(ByteBuf event, int i, int end) {
        while (i < end && isBlank(event.getByte(i))) {
            i++;
        }
        return i;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** The usage the provider reported; null if it reported none (or it could not be read). */
    Usage usage(ByteBufAllocator alloc) {
        if (lastChunk != null) {
            return usageInTail(previousChunk, lastChunk);
        }
        if (lastEvent != null) {
            ByteBuf data = SseEvents.data(lastEvent, alloc);
            if (data != null) {
                try {
                    Usage u = usageInTail(null, data);
                    if (u != null) {
                        return u;
                    }
                } finally {
                    data.release();
                }
            }
        }
        return null;
    }

    /**
     * Finds the last {@code "usage":{...}} in the last {@link #TAIL_BYTES} of {@code first} then
     * {@code second} (borrowed) and reads just that object. The tail is copied once into a
     * per-thread array: plain array scans beat {@code getByte} through buffer indirections.
     */
    private static Usage usageInTail(ByteBuf first, ByteBuf second) {
        byte[] tail = SCRATCH.get();
        int fromSecond = Math.min(second.readableBytes(), tail.length);
        int fromFirst = first == null ? 0 : Math.min(first.readableBytes(), tail.length - fromSecond);
        if (fromFirst > 0) {
            first.getBytes(first.writerIndex() - fromFirst, tail, 0, fromFirst);
        }
        second.getBytes(second.writerIndex() - fromSecond, tail, fromFirst, fromSecond);
        int length = fromFirst + fromSecond;
        for (int key = lastIndexOfUsageKey(tail, length - USAGE_KEY.length); key >= 0;
                key = lastIndexOfUsageKey(tail, key - 1)) {
            int i = skipBlanks(tail, key + USAGE_KEY.length, length);
            if (i >= length || tail[i] != ':') {
                continue; // "usage" as a value, not the key
            }
            int open = skipBlanks(tail, i + 1, length);
            if (open >= length || tail[open] != '{') {
                return null; // "usage": null
            }
            int close = matchingBrace(tail, open, length);
            return close < 0 ? null : UsageScanner.readUsageObject(tail, open, close + 1 - open);
        }
        return null;
    }

    /** The last index at or before {@code from} of {@code "usage"} that is not inside a string's escape. */
    private static int lastIndexOfUsageKey(byte[] buf, int from) {
        for (int i = from; i >= 0; i--) {
            if (buf[i] == '"' && Arrays.equals(buf, i, i + USAGE_KEY.length, USAGE_KEY, 0, USAGE_KEY.length)
                    && (i == 0 || buf[i - 1] != '\\')) {
                return i;
            }
        }
        return -1;
    }

    private static int skipBlanks(byte[] buf, int i, int end) {
        while (i < end && isBlank(buf[i])) {
            i++;
        }
        return i;
    }

    /** Index of the brace closing the object opened at {@code open}, strings skipped; -1 if it is cut. */
    private static int matchingBrace(byte[] buf, int open, int end) {
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < end; i++) {
            byte b = buf[i];
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
