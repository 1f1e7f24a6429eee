package io.llmgateway.adapters.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Runs a stream translator over chat chunks made up from a stored answer, so that a cached
 * Messages or Responses body is replayed as a stream by the very writer that translates a live
 * stream (one event format, written in one place). The chunks are framed as a provider frames them
 * ({@code data: ...\n\n}) and followed by {@code data: [DONE]}.
 *
 * <p>For a response-cache hit, once per answer: heap buffers, no pooling. Stateless.
 */
public final class ChatChunkReplay {

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final ByteBufAllocator HEAP = new UnpooledByteBufAllocator(false);

    private ChatChunkReplay() {
    }

    /** One event of a live stream translator: {@code event} borrowed, the result (or null) owned by the caller. */
    @FunctionalInterface
    public interface EventTranslator {
        ByteBuf translate(ByteBuf event, ByteBufAllocator alloc) throws IOException;
    }

    /** The bytes {@code translator} writes for {@code chunks} (chat chunk objects) and the closing {@code [DONE]}. */
    public static byte[] events(List<Map<String, Object>> chunks, EventTranslator translator) throws IOException {
        ByteBuf out = HEAP.buffer(1024);
        try {
            for (Map<String, Object> chunk : chunks) {
                byte[] event = ("data: " + JsonTree.toJson(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8);
                append(out, translator.translate(Unpooled.wrappedBuffer(event), HEAP));
            }
            append(out, translator.translate(Unpooled.wrappedBuffer(DONE), HEAP));
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    private static void append(ByteBuf out, ByteBuf events) {
        if (events != null) {
            try {
                out.writeBytes(events);
            } finally {
                events.release();
            }
        }
    }

    /** A chat chunk: {@code id}, {@code model}, {@code created} (each when known) and one choice (null: none). */
    public static Map<String, Object> chunk(String id, Object model, Object created, Map<String, Object> choice) {
        Map<String, Object> c = JsonTree.object();
        c.put("id", id);
        c.put("object", "chat.completion.chunk");
        c.put("created", created);
        c.put("model", model);
        c.put("choices", choice == null ? List.of() : List.of(choice));
        return c;
    }

    /** A choice whose delta is {@code delta}, with {@code finishReason} (null: none yet). */
    public static Map<String, Object> choice(Map<String, Object> delta, String finishReason) {
        Map<String, Object> c = JsonTree.object();
        c.put("index", JsonTree.Num.of(0));
        c.put("delta", delta);
        c.put("finish_reason", finishReason == null ? JsonTree.NULL : finishReason);
        return c;
    }

    /** A delta with one tool call: its position among the answer's calls, id, name and arguments. */
    public static Map<String, Object> toolCall(int index, String id, String name, String arguments) {
        Map<String, Object> function = JsonTree.object();
        function.put("name", name);
        function.put("arguments", arguments);
        Map<String, Object> call = JsonTree.object();
        call.put("index", JsonTree.Num.of(index));
        call.put("id", id);
        call.put("type", "function");
        call.put("function", function);
        Map<String, Object> delta = JsonTree.object();
        delta.put("tool_calls", List.of(call));
        return delta;
    }
}
