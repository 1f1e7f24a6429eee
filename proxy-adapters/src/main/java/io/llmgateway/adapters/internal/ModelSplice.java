package io.llmgateway.adapters.internal;

import io.llmgateway.codec.error.OpenAiErrors;
import io.llmgateway.codec.json.RequestFields;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * Stand-in for {@code io.llmgateway.codec.json.ModelSplice} until it lands on main (same
 * signature): replaces the {@code model} value of a request body without re-serialising it.
 */
public final class ModelSplice {

    private ModelSplice() {
    }

    /**
     * A new buffer (owned by the caller) that reads as {@code body} with the {@code model} value
     * replaced by {@code newModel}: a composite of retained slices of {@code body} around the old
     * value and a small buffer holding the new JSON string. {@code body} is borrowed.
     */
    public static ByteBuf replaceModel(ByteBuf body, RequestFields fields, String newModel, ByteBufAllocator alloc) {
        if (fields.modelStart() < 0) {
            return body.retainedDuplicate();
        }
        int base = body.readerIndex();
        ByteBuf value = alloc.buffer(newModel.length() + 8);
        OpenAiErrors.writeJsonString(value, newModel);
        CompositeByteBuf out = alloc.compositeBuffer(3);
        out.addComponent(true, body.retainedSlice(base, fields.modelStart()));
        out.addComponent(true, value);
        out.addComponent(true, body.retainedSlice(base + fields.modelEnd(), body.writerIndex() - base - fields.modelEnd()));
        return out;
    }
}
