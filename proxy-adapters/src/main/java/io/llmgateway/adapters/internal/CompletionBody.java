package io.llmgateway.adapters.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The pieces of an OpenAI {@code chat.completion} body as a JSON tree, for the translating
 * adapters' non-stream answers: the completion, a choice with its assistant message, a tool call.
 * Keys in OpenAI's order. Once per non-stream answer; stateless.
 */
public final class CompletionBody {

    private CompletionBody() {
    }

    /**
     * The completion object.
     *
     * @param usage the usage to report, or null to leave it out
     */
    public static Map<String, Object> completion(String id, Clock clock, String model, List<Object> choices,
            UsageCounts usage) {
        Map<String, Object> out = JsonTree.object();
        out.put("id", id);
        out.put("object", "chat.completion");
        out.put("created", clock.millis() / 1000);
        out.put("model", model);
        out.put("choices", choices);
        if (usage != null) {
            out.put("usage", usage.toTree());
        }
        return out;
    }

    /**
     * A choice and its assistant message.
     *
     * @param content   the message's content: text, or {@link JsonTree#NULL}
     * @param toolCalls the message's tool calls ({@link #toolCall}), left out when empty
     * @param reasoning thinking text, as {@code reasoning_content} (LiteLLM/DeepSeek convention), left out when empty
     */
    public static Map<String, Object> choice(long index, Object content, List<Object> toolCalls, CharSequence reasoning,
            String finishReason) {
        Map<String, Object> message = JsonTree.object();
        message.put("role", "assistant");
        message.put("content", content);
        message.put("refusal", JsonTree.NULL);
        if (!toolCalls.isEmpty()) {
            message.put("tool_calls", toolCalls);
        }
        if (reasoning.length() > 0) {
            message.put("reasoning_content", reasoning.toString());
        }
        Map<String, Object> choice = JsonTree.object();
        choice.put("index", index);
        choice.put("message", message);
        choice.put("logprobs", JsonTree.NULL);
        choice.put("finish_reason", finishReason);
        return choice;
    }

    /** A function tool call; {@code arguments} is JSON text. */
    public static Map<String, Object> toolCall(Object id, Object name, String arguments) {
        Map<String, Object> fn = JsonTree.object();
        fn.put("name", name);
        fn.put("arguments", arguments);
        Map<String, Object> call = JsonTree.object();
        call.put("id", id);
        call.put("type", "function");
        call.put("function", fn);
        return call;
    }
}
