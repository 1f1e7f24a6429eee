package io.llmgateway.bench.mock;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.util.List;

/**
 * The stream of a Responses API answer, as OpenAI sends it: named events, each with its
 * {@code type} and {@code sequence_number}, no {@code [DONE]}.
 *
 * <pre>
 *   start:  response.created, response.in_progress, response.output_item.added[, response.content_part.added]
 *   pieces: response.output_text.delta (one per content piece) | response.function_call_arguments.delta (one)
 *   end:    response.output_text.done, response.content_part.done | response.function_call_arguments.done;
 *           response.output_item.done, response.completed
 *   fault:  error (the error-mid-stream fault)
 * </pre>
 *
 * Used on one event loop only.
 */
final class ResponsesApiStream implements MockStream {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ResponsesApiBodies bodies;
    private int sequence;

    ResponsesApiStream(ResponsesApiBodies bodies) {
        this.bodies = bodies;
    }

    @Override
    public CharSequence contentType() {
        return "text/event-stream; charset=utf-8";
    }

    @Override
    public void start(ByteBufAllocator alloc, List<ByteBuf> out) {
        out.add(event(alloc, "response.created", e -> e.set("response", bodies.response("in_progress", false))));
        out.add(event(alloc, "response.in_progress", e -> e.set("response", bodies.response("in_progress", false))));
        out.add(event(alloc, "response.output_item.added", e -> e.put("output_index", 0)
                .set("item", bodies.item("in_progress"))));
        if (bodies.tool == null) {
            out.add(event(alloc, "response.content_part.added", e -> itemRef(e).put("content_index", 0)
                    .set("part", bodies.textPart(""))));
        }
    }

    @Override
    public int pieces() {
        return bodies.tool == null ? bodies.pieces : 1;
    }

    @Override
    public ByteBuf piece(ByteBufAllocator alloc, int index) {
        if (bodies.tool != null) {
            return event(alloc, "response.function_call_arguments.delta", e -> callRef(e)
                    .put("delta", bodies.arguments()));
        }
        return event(alloc, "response.output_text.delta", e -> {
            itemRef(e).put("content_index", 0).put("delta", MockContent.piece(bodies.model, index));
            e.putArray("logprobs");
        });
    }

    @Override
    public void end(ByteBufAllocator alloc, List<ByteBuf> out) {
        if (bodies.tool != null) {
            out.add(event(alloc, "response.function_call_arguments.done", e -> callRef(e)
                    .put("name", bodies.tool.path("name").asText()).put("arguments", bodies.arguments())));
        } else {
            String text = MockContent.full(bodies.model, bodies.pieces);
            out.add(event(alloc, "response.output_text.done", e -> {
                itemRef(e).put("content_index", 0).put("text", text);
                e.putArray("logprobs");
            }));
            out.add(event(alloc, "response.content_part.done", e -> itemRef(e).put("content_index", 0)
                    .set("part", bodies.textPart(text))));
        }
        out.add(event(alloc, "response.output_item.done", e -> e.put("output_index", 0)
                .set("item", bodies.item("completed"))));
        out.add(event(alloc, "response.completed", e -> e.set("response", bodies.response("completed", true))));
    }

    @Override
    public ByteBuf error(ByteBufAllocator alloc) {
        return event(alloc, "error", e -> e.put("code", "server_error")
                .put("message", "The server had an error while processing your request. Sorry about that!")
                .putNull("param"));
    }

    /** The error event with {@code messageJson} (JSON string content, already escaped) as its message, as it is. */
    @Override
    public ByteBuf error(ByteBufAllocator alloc, String messageJson) {
        return ByteBufUtil.writeUtf8(alloc, "event: error\ndata: {\"type\":\"error\",\"sequence_number\":"
                + sequence++ + ",\"code\":\"invalid_api_key\",\"message\":\"" + messageJson + "\",\"param\":null}\n\n");
    }

    private ObjectNode itemRef(ObjectNode e) {
        return e.put("item_id", bodies.messageId()).put("output_index", 0);
    }

    private ObjectNode callRef(ObjectNode e) {
        return e.put("item_id", "fc_" + bodies.id.substring(5)).put("output_index", 0);
    }

    private ByteBuf event(ByteBufAllocator alloc, String type, java.util.function.Consumer<ObjectNode> fields) {
        ObjectNode e = JSON.objectNode();
        e.put("type", type).put("sequence_number", sequence++);
        fields.accept(e);
        return ByteBufUtil.writeUtf8(alloc, "event: " + type + "\ndata: " + e + "\n\n");
    }
}
