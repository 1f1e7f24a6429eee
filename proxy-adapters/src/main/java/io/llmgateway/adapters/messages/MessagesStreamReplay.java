package io.llmgateway.adapters.messages;

import io.llmgateway.adapters.internal.ChatChunkReplay;
import io.llmgateway.adapters.internal.JsonTree;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replays a stored {@code Message} (the body a plain {@code /v1/messages} request got) as the
 * Messages stream a streaming request expects, {@code message_start} ... {@code message_stop}, for
 * the response cache. The Message is told back as chat chunks — a {@code thinking} block as
 * {@code reasoning_content}, a {@code text} block as {@code content}, a {@code tool_use} block as a
 * tool call with its {@code input} as arguments, the {@code stop_reason} as a finish reason, the
 * usage — and written by {@link MessagesStream}, the translator of live streams, so that there is
 * one writer of the format. The id ({@code msg_...}) and model are the stored Message's. Blocks the
 * chat shapes have no place for (a thinking block's signature, {@code redacted_thinking}, server
 * tools) are not replayed; nor are {@code cache_creation_input_tokens}.
 *
 * <p>Once per cache hit, off the per-event path: the Message is read as a tree. Stateless.
 */
public final class MessagesStreamReplay {

    private MessagesStreamReplay() {
    }

    /** The event stream of {@code message}; null when it is not a Message (then it cannot be replayed). */
    public static byte[] events(byte[] message) {
        Map<String, Object> m;
        try {
            m = JsonTree.asObject(JsonTree.parse(Unpooled.wrappedBuffer(message)));
        } catch (IOException e) {
            return null;
        }
        if (m == null || !"message".equals(m.get("type")) || JsonTree.asArray(m.get("content")) == null) {
            return null;
        }
        String id = JsonTree.asString(m.get("id"));
        Object model = m.get("model");
        List<Map<String, Object>> chunks = new ArrayList<>();
        Map<String, Object> role = JsonTree.object();
        role.put("role", "assistant");
        chunks.add(ChatChunkReplay.chunk(id, model, null, ChatChunkReplay.choice(role, null)));
        int calls = 0;
        for (Object o : JsonTree.asArray(m.get("content"))) {
            Map<String, Object> block = JsonTree.asObject(o);
            Map<String, Object> delta = block == null ? null : delta(block, calls);
            if (delta != null) {
                calls += delta.containsKey("tool_calls") ? 1 : 0;
                chunks.add(ChatChunkReplay.chunk(id, model, null, ChatChunkReplay.choice(delta, null)));
            }
        }
        chunks.add(ChatChunkReplay.chunk(id, model, null,
                ChatChunkReplay.choice(JsonTree.object(), finishReason(JsonTree.asString(m.get("stop_reason"))))));
        Map<String, Object> usage = usage(JsonTree.asObject(m.get("usage")));
        if (usage != null) {
            Map<String, Object> last = ChatChunkReplay.chunk(id, model, null, null);
            last.put("usage", usage);
            chunks.add(last);
        }
        try {
            return ChatChunkReplay.events(chunks, new MessagesStream()::translate);
        } catch (IOException e) {
            return null;
        }
    }

    /** The chat delta of one content block; null for a block that has none. */
    private static Map<String, Object> delta(Map<String, Object> block, int callIndex) {
        Object type = block.get("type");
        Map<String, Object> delta = JsonTree.object();
        if ("text".equals(type) && block.get("text") instanceof String text) {
            delta.put("content", text);
            return delta;
        }
        if ("thinking".equals(type) && block.get("thinking") instanceof String thinking) {
            delta.put("reasoning_content", thinking);
            return delta;
        }
        if ("tool_use".equals(type)) {
            Object input = block.get("input");
            return ChatChunkReplay.toolCall(callIndex, JsonTree.asString(block.get("id")),
                    JsonTree.asString(block.get("name")), JsonTree.toJson(input == null ? JsonTree.object() : input));
        }
        return null;
    }

    /** {@link StopReasons} read left to right: a stop sequence and a paused turn end as {@code stop}. */
    private static String finishReason(String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop";
        };
    }

    /** Anthropic's usage as chat's: cache reads are part of the prompt there. */
    private static Map<String, Object> usage(Map<String, Object> u) {
        if (u == null) {
            return null;
        }
        long input = Math.max(0, JsonTree.asLong(u.get("input_tokens"), 0));
        long cacheRead = Math.max(0, JsonTree.asLong(u.get("cache_read_input_tokens"), 0));
        long output = Math.max(0, JsonTree.asLong(u.get("output_tokens"), 0));
        Map<String, Object> details = JsonTree.object();
        details.put("cached_tokens", JsonTree.Num.of(cacheRead));
        Map<String, Object> chat = JsonTree.object();
        chat.put("prompt_tokens", JsonTree.Num.of(input + cacheRead));
        chat.put("completion_tokens", JsonTree.Num.of(output));
        chat.put("total_tokens", JsonTree.Num.of(input + cacheRead + output));
        chat.put("prompt_tokens_details", details);
        return chat;
    }
}
