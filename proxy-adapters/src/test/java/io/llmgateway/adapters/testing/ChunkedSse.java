package io.llmgateway.adapters.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test-only incremental SSE splitter: the stream arrives in arbitrary chunks (as TCP reads do)
 * and events are cut at blank lines ({@code \n\n}, {@code \r\n\r\n}, {@code \r\r}) as composite
 * buffers spanning the chunks, so translators see events whose bytes are split at awkward places.
 */
public final class ChunkedSse {

    private ChunkedSse() {
    }

    /** Splits {@code stream} into chunks of {@code chunkSize} bytes and reassembles events. */
    public static List<ByteBuf> events(String stream, int chunkSize) {
        byte[] all = stream.getBytes(StandardCharsets.UTF_8);
        List<ByteBuf> chunks = new ArrayList<>();
        for (int i = 0; i < all.length; i += chunkSize) {
            ByteBuf c = TestRequests.ALLOC.buffer(chunkSize);
            c.writeBytes(all, i, Math.min(chunkSize, all.length - i));
            chunks.add(c);
        }
        List<ByteBuf> events = new ArrayList<>();
        CompositeByteBuf pending = TestRequests.ALLOC.compositeBuffer(Integer.MAX_VALUE);
        for (ByteBuf c : chunks) {
            pending.addComponent(true, c);
            int end;
            while ((end = eventEnd(pending)) >= 0) {
                events.add(pending.readRetainedSlice(end - pending.readerIndex()));
            }
        }
        pending.release();
        return events;
    }

    private static int eventEnd(ByteBuf b) {
        for (int i = b.readerIndex(); i < b.writerIndex(); i++) {
            byte c = b.getByte(i);
            if (c == '\n' && i + 1 < b.writerIndex() && b.getByte(i + 1) == '\n') {
                return i + 2;
            }
            if (c == '\r' && i + 3 < b.writerIndex() && b.getByte(i + 1) == '\n' && b.getByte(i + 2) == '\r'
                    && b.getByte(i + 3) == '\n') {
                return i + 4;
            }
            if (c == '\r' && i + 1 < b.writerIndex() && b.getByte(i + 1) == '\r') {
                return i + 2;
            }
        }
        return -1;
    }
}
