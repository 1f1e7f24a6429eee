package io.llmgateway.adapters.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Request trees for the tests of the shared request readers. */
final class TreeInput {

    private TreeInput() {
    }

    static Object value(String json) {
        ByteBuf b = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        try {
            return JsonTree.parse(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            b.release();
        }
    }

    static Map<String, Object> object(String json) {
        return JsonTree.asObject(value(json));
    }
}
