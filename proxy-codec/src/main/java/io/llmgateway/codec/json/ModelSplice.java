package io.llmgateway.codec.json;

import static java.util.Objects.requireNonNull;

import io.llmgateway.codec.error.OpenAiErrors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * Replaces the {@code model} value of a request body without re-serialising it: the result is a
 * composite of a slice of the body before the value, the new value as a JSON string, and a slice
 * after it. Every other byte of the body is forwarded exactly as the client sent it.
 *
 * <p>Hot path: allocates the composite, two slices and one small buffer for the quoted value;
 * never copies the body. Stateless and thread-safe.
 */
public final class ModelSplice {

    private ModelSplice() {
    }

    /**
     * Returns {@code body} with its {@code model} value replaced by {@code newModel}.
     *
     * <p>Ownership: {@code body} is borrowed (not released, indexes untouched); the result is a new
     * buffer owned by the caller, holding its own references to the body's memory, so it stays
     * valid after the caller releases {@code body}.
     *
     * @param body     the request body, with the same readable bytes that were scanned
     * @param fields   what {@link RequestFieldScanner} found in {@code body}; must have a model
     * @param newModel the replacement model name, unescaped (it is quoted and escaped here)
     * @param alloc    allocator of the quoted value and the composite
     */
    public static ByteBuf replaceModel(ByteBuf body, RequestFields fields, String newModel, ByteBufAllocator alloc) {
        requireNonNull(body, "body");
        requireNonNull(fields, "fields");
        requireNonNull(newModel, "newModel");
        requireNonNull(alloc, "alloc");
        int start = fields.modelStart();
        int end = fields.modelEnd();
        int length = body.readableBytes();
        if (fields.model() == null || start < 0) {
            throw new IllegalArgumentException("fields: no model value to replace");
        }
        if (start >= end || end > length || body.getByte(body.readerIndex() + start) != '"'
                || body.getByte(body.readerIndex() + end - 1) != '"') {
            // Checked because a wrong range would silently corrupt what is sent upstream.
            throw new IllegalArgumentException("fields: model range [" + start + ", " + end
                    + ") is not a JSON string in a body of " + length + " bytes (expected: fields scanned from this body)");
        }

        int from = body.readerIndex();
        CompositeByteBuf spliced = alloc.compositeBuffer(3);
        try {
            // addComponent owns what it is given, also when it fails; releasing the composite
            // releases every component added so far.
            spliced.addComponent(true, body.retainedSlice(from, start));
            spliced.addComponent(true, quote(newModel, alloc));
            spliced.addComponent(true, body.retainedSlice(from + end, length - end));
            return spliced;
        } catch (Throwable t) {
            spliced.release();
            throw t;
        }
    }

    private static ByteBuf quote(String value, ByteBufAllocator alloc) {
        ByteBuf quoted = alloc.buffer(value.length() + 2);
        try {
            OpenAiErrors.writeJsonString(quoted, value);
            return quoted;
        } catch (Throwable t) {
            quoted.release();
            throw t;
        }
    }
}
