package io.llmgateway.adapters.internal;

import static io.llmgateway.adapters.internal.Requests.reject;

import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.List;
import java.util.Map;

/**
 * The options of an OpenAI chat request that every translating adapter (Anthropic, Gemini) reads
 * alike: the output-token limit, the reasoning effort as a thinking budget, and the options only
 * OpenAI serves, which are refused with a 400 naming the field rather than silently ignored.
 * Per request, never per stream event; stateless.
 */
public final class ChatOptions {

    private ChatOptions() {
    }

    /**
     * Refuses what the provider cannot do: {@code logprobs}, {@code top_logprobs}, audio output,
     * modalities other than text, the deprecated {@code functions} / {@code function_call}, and
     * {@code web_search_options}.
     *
     * @param by how the provider is named after "not supported" ({@code "by anthropic"})
     * @param on how it is named after "text only" ({@code "on anthropic"})
     */
    public static void rejectUnsupported(Map<String, Object> req, String by, String on) throws RequestRejectedException {
        if (Boolean.TRUE.equals(Requests.bool(req, "logprobs", "logprobs"))) {
            throw reject("logprobs", "not supported " + by);
        }
        JsonTree.Num top = Requests.number(req, "top_logprobs", "top_logprobs");
        if (top != null && top.asLong() != 0) {
            throw reject("top_logprobs", "not supported " + by);
        }
        if (req.get("audio") != null && req.get("audio") != JsonTree.NULL) {
            throw reject("audio", "audio output is not supported " + by);
        }
        List<Object> modalities = Requests.array(req, "modalities", "modalities");
        if (modalities != null) {
            for (Object m : modalities) {
                if (!"text".equals(m)) {
                    throw reject("modalities", m + " (expected: text only " + on + ")");
                }
            }
        }
        if (req.containsKey("functions") || req.containsKey("function_call")) {
            throw reject(req.containsKey("functions") ? "functions" : "function_call",
                    "deprecated; use tools and tool_choice");
        }
        if (req.get("web_search_options") != null) {
            throw reject("web_search_options", "not supported " + by);
        }
    }

    /** {@code max_completion_tokens}, else {@code max_tokens}: the client's output limit, or -1 when it set none. */
    public static long maxTokens(Map<String, Object> req) throws RequestRejectedException {
        long max = Requests.integer(req, "max_completion_tokens", "max_completion_tokens");
        return max >= 0 ? max : Requests.integer(req, "max_tokens", "max_tokens");
    }

    /**
     * The thinking budget a {@code reasoning_effort} stands for on the provider: 0 for
     * {@code none}, {@code low} for {@code minimal} and {@code low}, and so on; anything else is a 400.
     */
    public static int thinkingBudget(String effort, int low, int medium, int high) throws RequestRejectedException {
        return switch (effort) {
            case "none" -> 0;
            case "minimal", "low" -> low;
            case "medium" -> medium;
            case "high" -> high;
            default -> throw reject("reasoning_effort", effort + " (expected: none, minimal, low, medium or high)");
        };
    }
}
