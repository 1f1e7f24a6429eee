package io.llmgateway.adapters.anthropic;

import io.llmgateway.adapters.internal.CompletionBody;
import io.llmgateway.adapters.internal.JsonModeTool;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.UsageCounts;
import io.llmgateway.codec.spi.TranslationException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An Anthropic message body → an OpenAI {@code chat.completion} (reference 3.4): text blocks
 * joined into the content, thinking into {@code reasoning_content}, {@code tool_use} blocks into
 * tool calls (the JSON-mode tool's input into the content instead), the stop reason into the
 * finish reason, usage counted. Once per non-stream answer; stateless.
 */
final class AnthropicMessageBody {

    private AnthropicMessageBody() {
    }

    /** The completion of message {@code msg}; its usage goes to {@code usage}. */
    static Map<String, Object> toCompletion(Map<String, Object> msg, String provider, Clock clock, String fallbackModel,
            boolean jsonMode, UsageCounts usage) throws TranslationException {
        if (msg == null || !(msg.get("id") instanceof String id)) {
            throw new TranslationException(provider + ": response is not an Anthropic message");
        }
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        String jsonContent = null;
        List<Object> toolCalls = new ArrayList<>();
        List<Object> blocks = JsonTree.asArray(msg.get("content"));
        if (blocks != null) {
            for (Object o : blocks) {
                Map<String, Object> b = JsonTree.asObject(o);
                if (b == null) {
                    continue;
                }
                Object type = b.get("type");
                if ("text".equals(type) && b.get("text") instanceof String t) {
                    text.append(t);
                } else if ("thinking".equals(type) && b.get("thinking") instanceof String t) {
                    reasoning.append(t);
                } else if ("tool_use".equals(type)) {
                    Object input = b.get("input") == null ? JsonTree.object() : b.get("input");
                    if (JsonModeTool.carriesAnswer(jsonMode, b.get("name"))) {
                        jsonContent = JsonTree.toJson(input);
                        continue;
                    }
                    toolCalls.add(CompletionBody.toolCall(b.get("id"), b.get("name"), JsonTree.toJson(input)));
                }
            }
        }
        Object content = jsonContent != null ? jsonContent : text.length() > 0 ? text.toString() : JsonTree.NULL;
        Map<String, Object> choice = CompletionBody.choice(0, content, toolCalls, reasoning,
                finishReason(JsonTree.asString(msg.get("stop_reason")), !toolCalls.isEmpty()));

        Map<String, Object> u = JsonTree.asObject(msg.get("usage"));
        if (u != null) {
            AnthropicUsage.fromBody(u, usage);
        }

        return CompletionBody.completion("chatcmpl-" + id, clock, msg.get("model") instanceof String m ? m : fallbackModel,
                List.of(choice), u != null ? usage : null);
    }

    /** Anthropic {@code stop_reason} → OpenAI {@code finish_reason} (reference 9.1); the stream maps it alike. */
    static String finishReason(String stopReason, boolean toolCalls) {
        if (stopReason == null) {
            return toolCalls ? "tool_calls" : "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            // JSON mode answers through the forced tool: that is a normal stop for the client.
            case "tool_use" -> toolCalls ? "tool_calls" : "stop";
            case "refusal" -> "content_filter";
            default -> "stop"; // end_turn, stop_sequence, pause_turn
        };
    }
}
