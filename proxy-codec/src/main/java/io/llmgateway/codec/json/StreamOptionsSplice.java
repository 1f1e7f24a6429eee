package io.llmgateway.codec.json;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Asks an OpenAI-type provider for a stream's usage the client did not ask for: the body gets
 * {@code "stream_options":{"include_usage":true},} right after its opening brace, without being
 * re-serialised — a composite of the brace, the shared member and the rest of the body. Only for a
 * body without a top-level {@code stream_options} ({@link RequestFields#hasStreamOptions()}), which
 * would otherwise appear twice.
 *
 * <pre>{@code
 * if (fields.stream() && !fields.hasStreamOptions()) {
 *     ByteBuf sent = StreamOptionsSplice.askForUsage(body, alloc);   // owned by the caller
 * }
 * }</pre>
 *
 * <p>Hot path: allocates the composite, two slices and a duplicate of the member, one shared
 * read-only buffer; never copies the body. Stateless and thread-safe.
 */
public final class StreamOptionsSplice {

    private static final byte[] MEMBER_BYTES = "\"stream_options\":{\"include_usage\":true},"
            .getBytes(StandardCharsets.US_ASCII);
    private static final ByteBuf MEMBER = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer(MEMBER_BYTES).asReadOnly());

    /** The member added, as the provider sees it. */
    public static final String MEMBER_TEXT = new String(MEMBER_BYTES, StandardCharsets.US_ASCII);

    private StreamOptionsSplice() {
    }

    /**
     * Returns {@code body} with {@code stream_options.include_usage: true} as its first member.
     *
     * <p>Ownership: {@code body} is borrowed (not released, indexes untouched); the result is a new
     * buffer owned by the caller, holding its own references to the body's memory.
     *
     * @param body  a JSON object (leading blanks allowed), as {@link RequestFieldScanner} accepted it
     * @param alloc allocator of the composite
     * @throws IllegalArgumentException when {@code body} does not start with an object
     */
    public static ByteBuf askForUsage(ByteBuf body, ByteBufAllocator alloc) {
        requireNonNull(body, "body");
        requireNonNull(alloc, "alloc");
        int from = body.readerIndex();
        int end = body.writerIndex();
        int brace = from;
        while (brace < end && isBlank(body.getByte(brace))) {
            brace++;
        }
        if (brace >= end || body.getByte(brace) != '{') {
            throw new IllegalArgumentException("body: " + (end - from) + " bytes not starting with '{' "
                    + "(expected: a JSON object the request scanner accepted)");
        }
        int head = brace + 1 - from;
        CompositeByteBuf spliced = alloc.compositeBuffer(3);
        try {
            // addComponent owns what it is given, also when it fails; releasing the composite
            // releases every component added so far (the shared member ignores it).
            spliced.addComponent(true, body.retainedSlice(from, head));
            spliced.addComponent(true, MEMBER.duplicate());
            spliced.addComponent(true, body.retainedSlice(from + head, end - from - head));
            return spliced;
        } catch (Throwable t) {
            spliced.release();
            throw t;
        }
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
