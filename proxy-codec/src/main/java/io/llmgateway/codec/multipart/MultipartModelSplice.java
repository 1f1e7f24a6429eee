package io.llmgateway.codec.multipart;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;

/**
 * Replaces the value of a form's {@code model} field, found by {@link MultipartModelFinder}, without
 * copying the form: a composite of a slice before the value, the new value, and a slice after it.
 * A form value is raw bytes up to the next delimiter, so the new name goes in as UTF-8, unquoted;
 * the body's length changes by the difference, which the caller declares upstream.
 *
 * <p>Allocates the composite, two slices and the value's buffer; never copies the body. Stateless.
 */
public final class MultipartModelSplice {

    private MultipartModelSplice() {
    }

    /**
     * Returns {@code body} with the bytes {@code [valueStart, valueEnd)} (relative to its reader
     * index) replaced by {@code newModel}. {@code body} is borrowed; the result is owned by the
     * caller and holds its own references.
     */
    public static ByteBuf replaceModel(ByteBuf body, int valueStart, int valueEnd, String newModel,
            ByteBufAllocator alloc) {
        requireNonNull(body, "body");
        requireNonNull(newModel, "newModel");
        requireNonNull(alloc, "alloc");
        int length = body.readableBytes();
        if (valueStart < 0 || valueStart > valueEnd || valueEnd > length) {
            throw new IllegalArgumentException("model range [" + valueStart + ", " + valueEnd
                    + ") (expected: within a body of " + length + " bytes)");
        }
        int from = body.readerIndex();
        CompositeByteBuf spliced = alloc.compositeBuffer(3);
        try {
            spliced.addComponent(true, body.retainedSlice(from, valueStart));
            spliced.addComponent(true, ByteBufUtil.writeUtf8(alloc, newModel));
            spliced.addComponent(true, body.retainedSlice(from + valueEnd, length - valueEnd));
            return spliced;
        } catch (Throwable t) {
            spliced.release();
            throw t;
        }
    }
}
