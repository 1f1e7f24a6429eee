package io.llmgateway.adapters.responses;

import io.llmgateway.adapters.internal.ChatChunkReplay;
import io.llmgateway.adapters.internal.JsonTree;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replays a stored Response object (the body a plain {@code /v1/responses} request got) as the
 * stream a streaming request expects, {@code response.created} ... {@code response.completed}, for
 * the response cache. The Response is told back as chat chunks — each {@code message} item's text
 * (and refusal) as {@code content}, each {@code function_call} item as a tool call, the status
 * ({@code incomplete} for {@code max_output_tokens} or {@code content_filter}) as a finish reason,
 * the usage — and written by {@link ResponsesStream}, the translator of live streams, so that there
 * is one writer of the format. What the Response echoes of its request ({@code instructions},
 * {@code tools}, {@code text}...) is read back from the stored Response ({@link ResponseEcho}); its
 * id ({@code resp_...}), {@code created_at}, model and call ids are the stored ones, message item
 * ids are derived from the response id as a translated stream derives them. Items the chat shapes
 * have no place for (reasoning, built-in tool calls) are not replayed.
 *
 * <p>Once per cache hit, off the per-event path: the Response is read as a tree. Stateless.
 */
public final class ResponsesStreamReplay {

    private ResponsesStreamReplay() {
    }

    /** The event stream of {@code response}; null when it is not a Response (then it cannot be replayed). */
    public static byte[] events(byte[] response) {
        Map<String, Object> r;
        try {
            r = JsonTree.asObject(JsonTree.parse(Unpooled.wrappedBuffer(response)));
        } catch (IOException e) {
            return null;
        }
        if (r == null || !"response".equals(r.get("object")) || JsonTree.asArray(r.get("output")) == null) {
            return null;
        }
        String responseId = JsonTree.asString(r.get("id"));
        String id = responseId != null && responseId.startsWith("resp_") ? responseId.substring(5) : responseId;
        Object model = r.get("model");
        Object created = r.get("created_at");
        List<Map<String, Object>> chunks = new ArrayList<>();
        Map<String, Object> role = JsonTree.object();
        role.put("role", "assistant");
        chunks.add(ChatChunkReplay.chunk(id, model, created, ChatChunkReplay.choice(role, null)));
        int calls = 0;
        for (Object o : JsonTree.asArray(r.get("output"))) {
            Map<String, Object> item = JsonTree.asObject(o);
            Map<String, Object> delta = item == null ? null : delta(item, calls);
            if (delta != null) {
                calls += delta.containsKey("tool_calls") ? 1 : 0;
                chunks.add(ChatChunkReplay.chunk(id, model, created, ChatChunkReplay.choice(delta, null)));
            }
        }
        chunks.add(ChatChunkReplay.chunk(id, model, created,
                ChatChunkReplay.choice(JsonTree.object(), finishReason(r, calls))));
        Map<String, Object> usage = JsonTree.asObject(r.get("usage"));
        if (usage != null) {
            Map<String, Object> last = ChatChunkReplay.chunk(id, model, created, null);
            last.put("usage", usage); // UsageReader reads the Responses names as well as chat's
            chunks.add(last);
        }
        try {
            return ChatChunkReplay.events(chunks, new ResponsesStream(ResponseEcho.of(r))::translate);
        } catch (IOException e) {
            return null;
        }
    }

    /** The chat delta of one output item; null for an item that has none. */
    private static Map<String, Object> delta(Map<String, Object> item, int callIndex) {
        Object type = item.get("type");
        if ("function_call".equals(type)) {
            String arguments = JsonTree.asString(item.get("arguments"));
            return ChatChunkReplay.toolCall(callIndex, JsonTree.asString(item.get("call_id")),
                    JsonTree.asString(item.get("name")), arguments == null ? "{}" : arguments);
        }
        if (!"message".equals(type) || JsonTree.asArray(item.get("content")) == null) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (Object p : JsonTree.asArray(item.get("content"))) {
            Map<String, Object> part = JsonTree.asObject(p);
            if (part != null && part.get("text") instanceof String t) {
                text.append(t);
            } else if (part != null && part.get("refusal") instanceof String t) {
                text.append(t);
            }
        }
        if (text.isEmpty()) {
            return null;
        }
        Map<String, Object> delta = JsonTree.object();
        delta.put("content", text.toString());
        return delta;
    }

    /** {@link IncompleteReason} read right to left; a complete answer with calls ends as {@code tool_calls}. */
    private static String finishReason(Map<String, Object> response, int calls) {
        if ("incomplete".equals(response.get("status"))) {
            Object reason = JsonTree.path(response, "incomplete_details", "reason");
            if ("max_output_tokens".equals(reason)) {
                return "length";
            }
            if ("content_filter".equals(reason)) {
                return "content_filter";
            }
        }
        return calls > 0 ? "tool_calls" : "stop";
    }
}
