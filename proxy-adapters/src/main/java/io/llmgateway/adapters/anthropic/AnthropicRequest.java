package io.llmgateway.adapters.anthropic;

import static io.llmgateway.adapters.internal.Requests.reject;

import io.llmgateway.adapters.internal.ChatOptions;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.Requests;
import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * OpenAI Chat Completions request → Anthropic Messages request (reference 3.3). Every OpenAI field
 * is passed, translated, dropped or rejected on purpose; ADAPTERS.md lists which. This class builds
 * the request and owns its scalar options ({@code max_tokens}, thinking, sampling, stop sequences,
 * stream, the user id); the messages are {@link AnthropicMessages}', the tools and JSON mode
 * {@link AnthropicTools}'. Once per request (a JSON tree in, a JSON tree out), never per stream event.
 */
final class AnthropicRequest {

    /**
     * {@code max_tokens} when the client sent no limit. Anthropic requires one; 4096 is accepted by
     * every Claude model (the smallest maximum output) and keeps the output-token rate-limit
     * estimate, which Anthropic derives from {@code max_tokens}, modest.
     */
    static final int DEFAULT_MAX_TOKENS = 4096;

    /** Thinking budgets for {@code reasoning_effort} (LiteLLM's values). */
    static final int BUDGET_LOW = 1024;
    static final int BUDGET_MEDIUM = 2048;
    static final int BUDGET_HIGH = 4096;

    /** Fields dropped without a word: hints Anthropic has no use for, which never change the answer's shape. */
    static final Set<String> DROPPED = Set.of("stream_options", "presence_penalty", "frequency_penalty", "logit_bias",
            "seed", "store", "metadata", "service_tier", "prompt_cache_key", "prompt_cache_retention",
            "safety_identifier", "verbosity", "prediction");

    private static final Pattern PHONE = Pattern.compile("[+()\\d\\s.-]{7,}");

    /** The translated body and what the response translator must know about it. */
    record Result(Map<String, Object> body, boolean jsonMode) {
    }

    private AnthropicRequest() {
    }

    static Result translate(Map<String, Object> req, String model) throws RequestRejectedException {
        Map<String, Object> out = JsonTree.object();
        out.put("model", model);
        JsonTree.Num n = Requests.number(req, "n", "n");
        if (n != null && n.asLong() != 1) {
            throw reject("n", n + " (expected: 1; anthropic returns one choice)");
        }
        ChatOptions.rejectUnsupported(req, "by anthropic", "on anthropic");

        long maxTokens = ChatOptions.maxTokens(req);
        if (maxTokens == 0) {
            throw reject(req.containsKey("max_completion_tokens") ? "max_completion_tokens" : "max_tokens",
                    "0 (expected: > 0)");
        }
        String effort = Requests.string(req, "reasoning_effort", "reasoning_effort");
        int budget = effort == null ? 0 : ChatOptions.thinkingBudget(effort, BUDGET_LOW, BUDGET_MEDIUM, BUDGET_HIGH);
        if (budget > 0) {
            if (maxTokens < 0) {
                maxTokens = budget + DEFAULT_MAX_TOKENS;
            } else if (maxTokens <= BUDGET_LOW) {
                throw reject("reasoning_effort", "needs max_completion_tokens > " + BUDGET_LOW + " on anthropic");
            } else {
                budget = (int) Math.min(budget, maxTokens - 1);
            }
        }
        out.put("max_tokens", maxTokens < 0 ? (long) DEFAULT_MAX_TOKENS : maxTokens);

        List<Object> system = new ArrayList<>();
        out.put("messages", AnthropicMessages.translate(req, system));
        if (!system.isEmpty()) {
            out.put("system", system);
        }

        boolean jsonMode = AnthropicTools.translate(req, out, budget > 0);

        if (budget > 0) {
            Map<String, Object> thinking = JsonTree.object();
            thinking.put("type", "enabled");
            thinking.put("budget_tokens", (long) budget);
            out.put("thinking", thinking);
        } else {
            // With thinking on, Anthropic accepts only the default sampling: these are dropped then.
            JsonTree.Num temperature = Requests.number(req, "temperature", "temperature");
            if (temperature != null) {
                double t = temperature.asDouble();
                if (t < 0 || t > 1) {
                    throw reject("temperature", temperature + " (expected: 0..1 for anthropic models)");
                }
                out.put("temperature", temperature);
            }
            JsonTree.Num topK = Requests.number(req, "top_k", "top_k");
            if (topK != null) {
                out.put("top_k", topK);
            }
        }
        JsonTree.Num topP = Requests.number(req, "top_p", "top_p");
        if (topP != null && budget == 0) {
            out.put("top_p", topP);
        }

        List<String> stop = Requests.stop(req);
        if (stop != null) {
            List<Object> seqs = new ArrayList<>(stop.size());
            for (String s : stop) {
                if (!s.isBlank()) {
                    seqs.add(s);
                }
            }
            if (!seqs.isEmpty()) {
                out.put("stop_sequences", seqs);
            }
        }
        Boolean stream = Requests.bool(req, "stream", "stream");
        if (Boolean.TRUE.equals(stream)) {
            out.put("stream", Boolean.TRUE);
        }
        String user = Requests.string(req, "user", "user");
        if (user != null && !user.isBlank() && user.indexOf('@') < 0 && !PHONE.matcher(user).matches()) {
            Map<String, Object> metadata = JsonTree.object();
            metadata.put("user_id", user);
            out.put("metadata", metadata);
        }
        return new Result(out, jsonMode);
    }
}
