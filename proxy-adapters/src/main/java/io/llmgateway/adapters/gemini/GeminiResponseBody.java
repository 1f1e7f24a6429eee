package io.llmgateway.adapters.gemini;

import io.llmgateway.adapters.internal.CompletionBody;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.codec.spi.TranslationException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A whole Gemini {@code GenerateContentResponse} → an OpenAI {@code chat.completion} (reference
 * 4.4): one choice per candidate (text parts joined, thought parts into
 * {@code reasoning_content}, {@code functionCall} parts into tool calls with minted ids), a prompt
 * blocked before any candidate as one {@code content_filter} choice, usage counted. Once per
 * non-stream answer; stateless.
 */
final class GeminiResponseBody {

    private GeminiResponseBody() {
    }

    /** The completion of {@code root} (null: not a JSON object); its usage goes to {@code usage}. */
    static Map<String, Object> toCompletion(Map<String, Object> root, String provider, Supplier<String> callIds,
            Clock clock, String fallbackModel, GeminiUsage usage) throws TranslationException {
        if (root == null) {
            throw new TranslationException(provider + ": response is not a GenerateContentResponse");
        }
        List<Object> choices = new ArrayList<>();
        List<Object> candidates = JsonTree.asArray(root.get("candidates"));
        if (candidates != null) {
            for (int i = 0; i < candidates.size(); i++) {
                Map<String, Object> c = JsonTree.asObject(candidates.get(i));
                if (c != null) {
                    choices.add(choice(c, i, callIds));
                }
            }
        }
        if (choices.isEmpty()) {
            if (JsonTree.path(root, "promptFeedback", "blockReason") == null) {
                throw new TranslationException(provider + ": response has neither candidates nor promptFeedback");
            }
            choices.add(choice(null, 0, callIds));
        }
        Map<String, Object> um = JsonTree.asObject(root.get("usageMetadata"));
        if (um != null) {
            usage.fromBody(um);
        }
        String id = "chatcmpl-" + (root.get("responseId") instanceof String r ? r : callIds.get());
        return CompletionBody.completion(id, clock, root.get("modelVersion") instanceof String m ? m : fallbackModel,
                choices, usage.counts().isKnown() ? usage.counts() : null);
    }

    private static Map<String, Object> choice(Map<String, Object> candidate, int position, Supplier<String> callIds) {
        StringBuilder text = new StringBuilder();
        StringBuilder thoughts = new StringBuilder();
        List<Object> toolCalls = new ArrayList<>();
        String reason = "content_filter";
        long index = position;
        if (candidate != null) {
            index = JsonTree.asLong(candidate.get("index"), position);
            List<Object> parts = JsonTree.asArray(JsonTree.path(candidate, "content", "parts"));
            if (parts != null) {
                for (Object o : parts) {
                    Map<String, Object> part = JsonTree.asObject(o);
                    if (part == null) {
                        continue;
                    }
                    if (part.get("text") instanceof String t) {
                        (Boolean.TRUE.equals(part.get("thought")) ? thoughts : text).append(t);
                    }
                    Map<String, Object> fc = JsonTree.asObject(part.get("functionCall"));
                    if (fc != null) {
                        String arguments = JsonTree.toJson(fc.get("args") == null ? JsonTree.object() : fc.get("args"));
                        toolCalls.add(CompletionBody.toolCall(
                                GeminiCallIds.mint(callIds, JsonTree.asString(part.get("thoughtSignature"))), fc.get("name"),
                                arguments));
                    }
                }
            }
            reason = toolCalls.isEmpty() ? finishReason(JsonTree.asString(candidate.get("finishReason"))) : "tool_calls";
        }
        return CompletionBody.choice(index, text.length() > 0 ? text.toString() : JsonTree.NULL, toolCalls, thoughts, reason);
    }

    /** Gemini {@code finishReason} → OpenAI {@code finish_reason} (9.1); tool calls override it. The stream maps it alike. */
    static String finishReason(String r) {
        if (r == null) {
            return "stop";
        }
        return switch (r) {
            case "MAX_TOKENS" -> "length";
            case "SAFETY", "RECITATION", "LANGUAGE", "OTHER", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
                    "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "IMAGE_OTHER", "NO_IMAGE" -> "content_filter";
            default -> "stop"; // STOP, FINISH_REASON_UNSPECIFIED, MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL...
        };
    }
}
