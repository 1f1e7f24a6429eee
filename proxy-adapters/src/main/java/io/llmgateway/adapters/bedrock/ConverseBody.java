package io.llmgateway.adapters.bedrock;

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
 * A Converse response body → an OpenAI {@code chat.completion} (reference 7.4): text blocks joined
 * into the content, {@code reasoningContent} into {@code reasoning_content}, {@code toolUse} blocks
 * into tool calls (their {@code input} object as the JSON-string arguments; the JSON-mode tool's
 * input, {@link JsonModeTool}, into the content instead), the stop reason into the finish reason,
 * usage counted. Once per non-stream answer; stateless.
 */
final class ConverseBody {

    private ConverseBody() {
    }

    /** The completion of {@code response}, named {@code id}; its usage goes to {@code usage}. */
    static Map<String, Object> toCompletion(Map<String, Object> response, String id, String provider, Clock clock,
            String model, boolean jsonMode, UsageCounts usage) throws TranslationException {
        Map<String, Object> message = JsonTree.asObject(JsonTree.path(response, "output", "message"));
        if (message == null) {
            throw new TranslationException(provider + ": response is not a Converse response (no output.message)");
        }
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        String jsonContent = null;
        List<Object> toolCalls = new ArrayList<>();
        List<Object> blocks = JsonTree.asArray(message.get("content"));
        if (blocks != null) {
            for (Object o : blocks) {
                Map<String, Object> b = JsonTree.asObject(o);
                if (b == null) {
                    continue;
                }
                if (b.get("text") instanceof String t) {
                    text.append(t);
                } else if (JsonTree.path(b, "reasoningContent", "reasoningText", "text") instanceof String t) {
                    reasoning.append(t);
                } else if (JsonTree.asObject(b.get("toolUse")) != null) {
                    Map<String, Object> use = JsonTree.asObject(b.get("toolUse"));
                    Object input = use.get("input") == null ? JsonTree.object() : use.get("input");
                    if (JsonModeTool.carriesAnswer(jsonMode, use.get("name"))) {
                        jsonContent = JsonTree.toJson(input);
                        continue;
                    }
                    toolCalls.add(CompletionBody.toolCall(use.get("toolUseId"), use.get("name"), JsonTree.toJson(input)));
                }
            }
        }
        Object content = jsonContent != null ? jsonContent : text.length() > 0 ? text.toString() : JsonTree.NULL;
        Map<String, Object> choice = CompletionBody.choice(0, content, toolCalls, reasoning,
                finishReason(JsonTree.asString(response.get("stopReason")), !toolCalls.isEmpty()));
        Map<String, Object> u = JsonTree.asObject(response.get("usage"));
        if (u != null) {
            ConverseUsage.fromBody(u, usage);
        }
        return CompletionBody.completion(id, clock, model, List.of(choice), u != null ? usage : null);
    }

    /** Converse {@code stopReason} → OpenAI {@code finish_reason} (reference 9.1); the stream maps it alike. */
    static String finishReason(String stopReason, boolean toolCalls) {
        if (stopReason == null) {
            return toolCalls ? "tool_calls" : "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            // JSON mode answers through the forced tool: that is a normal stop for the client.
            case "tool_use" -> toolCalls ? "tool_calls" : "stop";
            case "guardrail_intervened", "content_filtered" -> "content_filter";
            default -> toolCalls ? "tool_calls" : "stop"; // end_turn, stop_sequence, malformed_*
        };
    }
}
