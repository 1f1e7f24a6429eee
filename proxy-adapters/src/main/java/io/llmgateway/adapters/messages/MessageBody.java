package io.llmgateway.adapters.messages;

import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.UsageCounts;
import io.llmgateway.codec.spi.TranslationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A chat completion body turned into an Anthropic {@code Message}: {@code reasoning_content} becomes
 * a {@code thinking} block, the text a {@code text} block, each tool call a {@code tool_use} block
 * (its arguments parsed back into {@code input}), {@code finish_reason} a {@code stop_reason}
 * ({@link StopReasons}), and the usage Anthropic's (input tokens without cache reads, which are
 * {@code cache_read_input_tokens}). Non-stream bodies only: a tree is fine here.
 */
final class MessageBody {

    private MessageBody() {
    }

    /** The Message for {@code chat}; its usage goes into {@code usage}. */
    static ByteBuf fromChat(ByteBuf chat, String provider, UsageCounts usage, ByteBufAllocator alloc)
            throws TranslationException {
        Map<String, Object> root = JsonTree.responseObject(chat, provider);
        if (root == null) {
            throw new TranslationException(provider + ": response is not a JSON object");
        }
        Map<String, Object> choice = JsonTree.asObject(first(JsonTree.asArray(root.get("choices"))));
        Map<String, Object> message = choice == null ? null : JsonTree.asObject(choice.get("message"));
        List<Object> content = new ArrayList<>(2);
        if (message != null) {
            String reasoning = JsonTree.asString(message.get("reasoning_content"));
            if (reasoning != null && !reasoning.isEmpty()) {
                Map<String, Object> b = JsonTree.object();
                b.put("type", "thinking");
                b.put("thinking", reasoning);
                b.put("signature", "");
                content.add(b);
            }
            String text = JsonTree.asString(message.get("content"));
            if (text != null && !text.isEmpty()) {
                Map<String, Object> b = JsonTree.object();
                b.put("type", "text");
                b.put("text", text);
                content.add(b);
            }
            List<Object> calls = JsonTree.asArray(message.get("tool_calls"));
            if (calls != null) {
                for (Object c : calls) {
                    content.add(toolUse(JsonTree.asObject(c), provider));
                }
            }
        }
        readUsage(JsonTree.asObject(root.get("usage")), usage);
        Map<String, Object> out = JsonTree.object();
        out.put("id", MessageIds.of(JsonTree.asString(root.get("id"))));
        out.put("type", "message");
        out.put("role", "assistant");
        out.put("model", root.get("model") == null ? "" : root.get("model"));
        out.put("content", content);
        out.put("stop_reason", StopReasons.of(choice == null ? null : JsonTree.asString(choice.get("finish_reason"))));
        out.put("stop_sequence", JsonTree.NULL);
        Map<String, Object> u = JsonTree.object();
        u.put("input_tokens", JsonTree.Num.of(Math.max(0, usage.prompt - Math.max(0, usage.cached))));
        u.put("cache_creation_input_tokens", JsonTree.Num.of(0));
        u.put("cache_read_input_tokens", JsonTree.Num.of(Math.max(0, usage.cached)));
        u.put("output_tokens", JsonTree.Num.of(usage.completion));
        out.put("usage", u);
        return JsonTree.toByteBuf(out, alloc);
    }

    private static Object first(List<Object> list) {
        return list == null || list.isEmpty() ? null : list.get(0);
    }

    private static Map<String, Object> toolUse(Map<String, Object> call, String provider) throws TranslationException {
        Map<String, Object> fn = call == null ? null : JsonTree.asObject(call.get("function"));
        if (fn == null) {
            throw new TranslationException(provider + ": a tool call without a function");
        }
        String arguments = JsonTree.asString(fn.get("arguments"));
        Object input;
        try {
            input = arguments == null || arguments.isBlank() ? JsonTree.object()
                    : JsonTree.parse(io.netty.buffer.Unpooled.wrappedBuffer(
                            arguments.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new TranslationException(provider + ": tool call arguments are not JSON: " + e.getMessage());
        }
        Map<String, Object> b = JsonTree.object();
        b.put("type", "tool_use");
        b.put("id", call.get("id"));
        b.put("name", fn.get("name"));
        b.put("input", input);
        return b;
    }

    private static void readUsage(Map<String, Object> u, UsageCounts usage) {
        if (u == null) {
            return;
        }
        usage.known();
        usage.prompt = JsonTree.asLong(u.get("prompt_tokens"), 0);
        usage.completion = JsonTree.asLong(u.get("completion_tokens"), 0);
        usage.total = JsonTree.asLong(u.get("total_tokens"), usage.prompt + usage.completion);
        usage.cached = JsonTree.asLong(JsonTree.path(u, "prompt_tokens_details", "cached_tokens"), -1);
    }
}
