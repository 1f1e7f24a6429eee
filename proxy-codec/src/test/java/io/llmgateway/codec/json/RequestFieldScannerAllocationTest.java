package io.llmgateway.codec.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What scanning costs in heap for a body made of one long string (a 9 MB base64 image, the
 * shape that made jackson's text buffer hold twice the body in {@code char[]}): bytes allocated
 * by the scanning thread, counted by the JVM, must stay far below the body's size, in every way
 * the body can arrive. An allocation bound, not a timing: it does not depend on the machine.
 *
 * <p>Buffers here are Netty's unpooled wrappers, which the leak detector does not track: at
 * PARANOID, tracking records a stack trace per access, which would be counted as the scanner's.
 */
class RequestFieldScannerAllocationTest {

    private static final int BODY_BYTES = 9 * 1024 * 1024;
    private static final long BUDGET_BYTES = 64 * 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static byte[] body;

    @BeforeAll
    static void setUp() throws InvalidRequestBodyException {
        assertThat(THREADS.isThreadAllocatedMemorySupported()).as("per-thread allocation counters").isTrue();
        THREADS.setThreadAllocatedMemoryEnabled(true);
        body = imageRequest(BODY_BYTES);
        // Load and initialise every class on the way (and Netty's per-thread recyclers, used by
        // CompositeByteBuf.nioBuffers), so that only the scan itself is counted.
        RequestFieldScanner.scan(Unpooled.wrappedBuffer(imageRequest(4096)));
        ByteBuf composite = Unpooled.compositeBuffer().addComponents(true, slices(direct(imageRequest(4096)), 1024));
        RequestFieldScanner.scan(composite);
    }

    @Test
    void oneHeapBuffer() throws Exception {
        assertScanWithinBudget(List.of(Unpooled.wrappedBuffer(body)));
    }

    @Test
    void oneDirectBuffer() throws Exception {
        assertScanWithinBudget(List.of(direct(body)));
    }

    @Test
    void fedAsSocketReadsOf64Kb() throws Exception {
        assertScanWithinBudget(slices(direct(body), 64 * 1024));
    }

    @Test
    void fedAsSocketReadsOf16Kb() throws Exception {
        assertScanWithinBudget(slices(direct(body), 16 * 1024));
    }

    @Test
    void compositeOf64KbComponents() throws Exception {
        CompositeByteBuf composite = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        composite.addComponents(true, slices(direct(body), 64 * 1024));
        assertScanWithinBudget(List.of(composite));
    }

    private static void assertScanWithinBudget(List<ByteBuf> pieces) throws InvalidRequestBodyException {
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        RequestFields fields;
        try (RequestFieldScanner scanner = new RequestFieldScanner()) {
            for (ByteBuf piece : pieces) {
                scanner.feed(piece);
            }
            fields = scanner.finish();
        }
        long allocated = THREADS.getThreadAllocatedBytes(thread) - before;

        assertThat(fields.model()).isEqualTo("gpt-4o");
        assertThat(fields.maxTokens()).isEqualTo(300);
        assertThat(allocated).as("bytes allocated to scan a %d-byte body in %d pieces of %d components",
                        body.length, pieces.size(), pieces.get(0).nioBufferCount())
                .isLessThan(BUDGET_BYTES);
    }

    private static ByteBuf direct(byte[] bytes) {
        return Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(bytes.length).put(bytes).flip());
    }

    private static List<ByteBuf> slices(ByteBuf whole, int size) {
        List<ByteBuf> slices = new ArrayList<>();
        for (int from = 0; from < whole.readableBytes(); from += size) {
            slices.add(whole.slice(from, Math.min(size, whole.readableBytes() - from)));
        }
        return slices;
    }

    /** A vision request of about {@code size} bytes: one base64 string, then the routing fields. */
    private static byte[] imageRequest(int size) {
        byte[] head = ("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}}]}],\"max_tokens\":300,\"model\":\"gpt-4o\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[Math.max(size, head.length + tail.length)];
        System.arraycopy(head, 0, bytes, 0, head.length);
        byte[] alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);
        for (int i = head.length; i < bytes.length - tail.length; i++) {
            bytes[i] = alphabet[(i * 31 + (i >>> 7)) & 63];
        }
        System.arraycopy(tail, 0, bytes, bytes.length - tail.length, tail.length);
        return bytes;
    }
}
