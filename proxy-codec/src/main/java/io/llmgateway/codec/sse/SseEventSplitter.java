package io.llmgateway.codec.sse;

import static io.netty.util.internal.ObjectUtil.checkPositive;
import static java.util.Objects.requireNonNull;

import io.llmgateway.codec.stream.StreamSplitter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.util.ByteProcessor;
import java.util.List;

/**
 * Cuts a server-sent event stream into complete events, as the upstream's chunks arrive.
 *
 * <pre>{@code
 * SseEventSplitter splitter = new SseEventSplitter(maxEventBytes);   // one per stream
 * splitter.split(content.retain(), events);   // per upstream chunk; the splitter releases it
 * for (ByteBuf event : events) relay(event);  // each event is the caller's
 * splitter.release();                         // when the stream ends or is abandoned
 * }</pre>
 *
 * <p>Follows the WHATWG event-stream rules: a line ends with {@code \r\n}, {@code \n} or
 * {@code \r}, and a blank line ends an event. So {@code \n\n}, {@code \r\n\r\n}, {@code \r\r} and
 * mixed forms all separate events, and blank lines between events yield nothing. An event is
 * emitted with its terminating blank line, as soon as the first byte of that blank line arrives:
 * a {@code \r\n} cut between two chunks ends the event at the {@code \r}, and the {@code \n} that
 * opens the next chunk is dropped as the rest of that line break, so nothing waits for a byte
 * that may never come.
 *
 * <p>Hot path, on the event loop: no lock, no blocking, no copy of event bytes. Per event one
 * retained slice; an event that spans chunks is a {@link CompositeByteBuf} of their slices. Not
 * thread-safe: one stream, one event loop.
 */
public final class SseEventSplitter implements StreamSplitter {

    private final int maxEventBytes;

    /** Bytes of the unfinished event from earlier chunks: a slice, or a composite of slices. */
    private ByteBuf pending;
    private int pendingBytes;
    /** The last byte seen ended a line: a line break now is a blank line. */
    private boolean atLineStart = true;
    /** The last byte seen was a {@code \r}: a {@code \n} now completes that line break. */
    private boolean afterCr;
    private boolean released;

    /**
     * @param maxEventBytes the longest event accepted, terminating blank line included; bounds
     *                      what a stream can make the gateway hold
     */
    public SseEventSplitter(int maxEventBytes) {
        this.maxEventBytes = checkPositive(maxEventBytes, "maxEventBytes");
    }

    /**
     * Takes ownership of {@code chunk} (releases it) and adds each event it completes to
     * {@code out}, in order, as a buffer owned by the caller: raw bytes including the terminating
     * blank line, a retained slice when the event lies in one chunk, a composite of retained
     * slices when it spans chunks.
     *
     * @throws SseFormatException if an event grows beyond {@code maxEventBytes}; the splitter has
     *         then released its state and accepts no more chunks, and the events already added
     *         to {@code out} remain the caller's
     * @throws IllegalStateException after {@link #release()} (the chunk is still released)
     */
    @Override
    public void split(ByteBuf chunk, List<ByteBuf> out) {
        requireNonNull(chunk, "chunk");
        try {
            requireNonNull(out, "out");
            if (released) {
                throw new IllegalStateException("splitter released");
            }
            scan(chunk, out);
        } catch (SseFormatException e) {
            release();
            throw e;
        } finally {
            chunk.release();
        }
    }

    /** Whether bytes of an unfinished event are buffered. */
    public boolean hasPartialEvent() {
        return pending != null;
    }

    /** Frees the buffered bytes of an unfinished event. Idempotent. */
    @Override
    public void release() {
        released = true;
        ByteBuf p = pending;
        if (p != null) {
            pending = null;
            pendingBytes = 0;
            p.release();
        }
    }

    private void scan(ByteBuf chunk, List<ByteBuf> out) {
        final int end = chunk.writerIndex();
        int i = chunk.readerIndex();
        // Start of the current event in this chunk; -1 while between events.
        int eventStart = pending != null ? i : -1;

        while (i < end) {
            int lineBreak = chunk.forEachByte(i, end - i, ByteProcessor.FIND_CRLF);
            int contentEnd = lineBreak < 0 ? end : lineBreak;
            if (contentEnd > i) {
                // Non-blank line content.
                if (eventStart < 0) {
                    eventStart = i;
                }
                atLineStart = false;
                afterCr = false;
                checkSize(eventStart, contentEnd);
            }
            if (lineBreak < 0) {
                break;
            }
            byte b = chunk.getByte(lineBreak);
            i = lineBreak + 1;
            if (b == '\n' && afterCr) {
                // Second half of a \r\n.
                afterCr = false;
                continue;
            }
            afterCr = b == '\r';
            if (!atLineStart) {
                atLineStart = true;
                continue;
            }
            // A blank line: it ends the current event, or is padding between events.
            if (afterCr && i < end && chunk.getByte(i) == '\n') {
                i++;
                afterCr = false;
            }
            if (eventStart >= 0) {
                checkSize(eventStart, i);
                out.add(complete(chunk, eventStart, i));
                eventStart = -1;
            }
        }

        if (eventStart >= 0 && end > eventStart) {
            keep(chunk, eventStart, end);
        }
    }

    private void checkSize(int eventStart, int eventEnd) {
        long size = (long) pendingBytes + eventEnd - eventStart;
        if (size > maxEventBytes) {
            throw new SseFormatException("server-sent event longer than " + maxEventBytes + " bytes");
        }
    }

    private ByteBuf complete(ByteBuf chunk, int from, int to) {
        ByteBuf tail = chunk.retainedSlice(from, to - from);
        ByteBuf p = pending;
        if (p == null) {
            return tail;
        }
        pending = null;
        pendingBytes = 0;
        return compose(chunk, p).addComponent(true, tail);
    }

    private void keep(ByteBuf chunk, int from, int to) {
        checkSize(from, to);
        ByteBuf piece = chunk.retainedSlice(from, to - from);
        pendingBytes += to - from;
        ByteBuf p = pending;
        if (p == null) {
            pending = piece;
        } else {
            pending = compose(chunk, p).addComponent(true, piece);
        }
    }

    // The pending bytes as a composite, ready to take more slices.
    private static CompositeByteBuf compose(ByteBuf chunk, ByteBuf pending) {
        if (pending instanceof CompositeByteBuf composite) {
            return composite;
        }
        CompositeByteBuf composite = chunk.alloc().compositeBuffer();
        return composite.addComponent(true, pending);
    }
}
