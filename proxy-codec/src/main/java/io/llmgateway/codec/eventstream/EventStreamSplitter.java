package io.llmgateway.codec.eventstream;

import static io.netty.util.internal.ObjectUtil.checkInRange;
import static java.util.Objects.requireNonNull;

import io.llmgateway.codec.stream.StreamSplitter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Cuts an AWS event stream ({@code application/vnd.amazon.eventstream}, Bedrock's ConverseStream)
 * into complete messages as the upstream's chunks arrive, each checked against both of its CRCs.
 *
 * <pre>
 *   [total length u32][headers length u32][prelude CRC32 of the 8 bytes before]
 *   [headers][payload][message CRC32 of everything before it]
 * </pre>
 *
 * <pre>{@code
 * EventStreamSplitter splitter = new EventStreamSplitter(maxMessageBytes);   // one per stream
 * splitter.split(content.retain(), messages);  // per chunk; the splitter releases it
 * for (ByteBuf m : messages) read(m);          // EventStreamMessage reads headers and payload; each is the caller's
 * splitter.release();                          // when the stream ends or is abandoned
 * }</pre>
 *
 * <p>A chunk may end anywhere, even inside the prelude: what is left waits for the next chunk.
 *
 * <p>Hot path, on the event loop: no lock, no blocking, no copy of message bytes. Per message one
 * retained slice of the chunk; a message that spans chunks is a {@link CompositeByteBuf} of retained
 * slices of them, holding nothing of other messages. The CRCs are computed over the buffers in place. Not thread-safe: one stream, one
 * event loop.
 */
public final class EventStreamSplitter implements StreamSplitter {

    /** Total length, headers length and prelude CRC. */
    public static final int PRELUDE_BYTES = 12;
    /** The prelude and the message CRC: a message with no headers and no payload. */
    public static final int MIN_MESSAGE_BYTES = 16;
    /** AWS's limit on the headers of one message. */
    public static final int MAX_HEADERS_BYTES = 128 * 1024;

    private final int maxMessageBytes;
    private final CRC32 crc = new CRC32();
    /** Bytes of the unfinished message from earlier chunks: a slice, or a composite of slices. */
    private ByteBuf pending;
    private int pendingBytes;
    /** The unfinished message's total length once its prelude is complete; -1 before. */
    private int pendingTotal = -1;
    /** {@link #pending} is a composite this splitter made (never a chunk slice that happens to be one). */
    private boolean pendingIsComposite;
    private boolean released;

    /**
     * @param maxMessageBytes the longest message accepted, prelude and CRCs included; bounds what a
     *                        stream can make the gateway hold
     */
    public EventStreamSplitter(int maxMessageBytes) {
        this.maxMessageBytes = checkInRange(maxMessageBytes, MIN_MESSAGE_BYTES, Integer.MAX_VALUE, "maxMessageBytes");
    }

    /**
     * Takes ownership of {@code chunk} (releases it) and adds each message it completes to
     * {@code out}, in order, as a buffer owned by the caller: the whole message, prelude to CRC, a
     * retained slice when it lies in one chunk, a composite of retained slices when it spans chunks.
     *
     * @throws EventStreamFormatException on a CRC mismatch, a length out of bounds or a message
     *         longer than {@code maxMessageBytes}; the splitter has then released its state and
     *         accepts no more chunks, and the messages already added to {@code out} remain the caller's
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
            while (chunk.isReadable()) {
                if (pending != null) {
                    continuePending(chunk, out);
                } else {
                    startMessage(chunk, out);
                }
            }
        } catch (EventStreamFormatException e) {
            release();
            throw e;
        } finally {
            chunk.release();
        }
    }

    /** Whether bytes of an unfinished message are buffered. */
    public boolean hasPartialMessage() {
        return pending != null;
    }

    /** Frees the buffered bytes of an unfinished message. Idempotent. */
    @Override
    public void release() {
        released = true;
        ByteBuf p = pending;
        if (p != null) {
            pending = null;
            pendingBytes = 0;
            pendingTotal = -1;
            pendingIsComposite = false;
            p.release();
        }
    }

    /** A message starts at the chunk's reader index: emitted when whole, else kept as pending. */
    private void startMessage(ByteBuf chunk, List<ByteBuf> out) {
        int readable = chunk.readableBytes();
        if (readable < PRELUDE_BYTES) {
            keep(chunk, readable);
            return;
        }
        int total = checkPrelude(chunk, chunk.readerIndex());
        if (readable < total) {
            keep(chunk, readable);
            pendingTotal = total;
            return;
        }
        out.add(checked(chunk.readRetainedSlice(total), total));
    }

    /** The chunk continues the pending message: completes its prelude, then the message if it can. */
    private void continuePending(ByteBuf chunk, List<ByteBuf> out) {
        if (pendingTotal < 0) {
            keep(chunk, Math.min(PRELUDE_BYTES - pendingBytes, chunk.readableBytes()));
            if (pendingBytes < PRELUDE_BYTES) {
                return;
            }
            pendingTotal = checkPrelude(pending, pending.readerIndex());
        }
        int missing = pendingTotal - pendingBytes;
        if (chunk.readableBytes() < missing) {
            keep(chunk, chunk.readableBytes());
            return;
        }
        keep(chunk, missing);
        ByteBuf message = pending;
        int total = pendingTotal;
        pending = null;
        pendingBytes = 0;
        pendingTotal = -1;
        pendingIsComposite = false;
        out.add(checked(message, total));
    }

    /** Moves {@code length} bytes from the chunk's reader index to the end of the pending message. */
    private void keep(ByteBuf chunk, int length) {
        ByteBuf piece = chunk.readRetainedSlice(length);
        pendingBytes += length;
        ByteBuf p = pending;
        if (p == null) {
            pending = piece;
            return;
        }
        CompositeByteBuf c = p instanceof CompositeByteBuf composite && pendingIsComposite
                ? composite : chunk.alloc().compositeBuffer(Integer.MAX_VALUE).addComponent(true, p);
        pendingIsComposite = true;
        pending = c.addComponent(true, piece);
    }

    /** Checks the prelude at {@code r}; the message's total length. */
    private int checkPrelude(ByteBuf in, int r) {
        long total = in.getUnsignedInt(r);
        long headers = in.getUnsignedInt(r + 4);
        long expected = in.getUnsignedInt(r + 8);
        long actual = Crc32s.of(crc, in, r, 8);
        if (expected != actual) {
            throw new EventStreamFormatException("event-stream prelude CRC mismatch: " + Long.toHexString(actual)
                    + " (expected: " + Long.toHexString(expected) + ')');
        }
        if (total < MIN_MESSAGE_BYTES || total > maxMessageBytes) {
            throw new EventStreamFormatException("event-stream message length " + total + " (expected: "
                    + MIN_MESSAGE_BYTES + ".." + maxMessageBytes + ')');
        }
        if (headers > MAX_HEADERS_BYTES || headers > total - MIN_MESSAGE_BYTES) {
            throw new EventStreamFormatException("event-stream headers length " + headers + " (expected: <= "
                    + Math.min(MAX_HEADERS_BYTES, total - MIN_MESSAGE_BYTES) + ')');
        }
        return (int) total;
    }

    /** The message, once its CRC matches; released otherwise. */
    private ByteBuf checked(ByteBuf message, int total) {
        int r = message.readerIndex();
        long expected = message.getUnsignedInt(r + total - 4);
        long actual = Crc32s.of(crc, message, r, total - 4);
        if (expected == actual) {
            return message;
        }
        message.release();
        throw new EventStreamFormatException("event-stream message CRC mismatch: " + Long.toHexString(actual)
                + " (expected: " + Long.toHexString(expected) + ')');
    }
}
