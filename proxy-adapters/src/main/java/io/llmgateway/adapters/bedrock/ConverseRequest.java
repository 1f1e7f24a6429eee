package io.llmgateway.adapters.bedrock;

import static io.llmgateway.adapters.internal.Requests.reject;

import io.llmgateway.adapters.internal.ChatOptions;
import io.llmgateway.adapters.internal.JsonModeTool;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.Requests;
import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OpenAI Chat Completions request → Bedrock Converse request (reference 7.3). The model goes in the
 * URL and {@code stream} picks {@code /converse-stream}, so neither is in the body. Sampling goes to
 * {@code inferenceConfig}; messages are {@link ConverseMessages}', tools {@link ConverseTools}'.
 * Claude models on Bedrock also take {@code reasoning_effort} (as a thinking budget) and
 * {@code top_k} through {@code additionalModelRequestFields}. JSON mode ({@code response_format}
 * {@code json_object} or {@code json_schema}) is a forced tool ({@link ConverseTools}), whose
 * answer the response translator makes the content again. Once per request (a JSON tree in, a
 * JSON tree out), never per stream event.
 *
 * <p>Dropped without a word: hints Converse has no field for, which never change the answer's
 * shape ({@code user}, {@code seed}, penalties, {@code logit_bias}, {@code stream_options},
 * {@code parallel_tool_calls}, {@code metadata}, {@code store}...); refused with a 400: {@code n}
 * other than 1, a {@code response_format} type other than text, json_object or json_schema,
 * {@code tool_choice: none} beside JSON mode, and the options only OpenAI serves
 * ({@link ChatOptions#rejectUnsupported}).
 */
final class ConverseRequest {

    /** Thinking budgets for {@code reasoning_effort} on Claude models (as the Anthropic adapter's). */
    static final int BUDGET_LOW = 1024;
    static final int BUDGET_MEDIUM = 2048;
    static final int BUDGET_HIGH = 4096;
    /** {@code maxTokens} beside a thinking budget when the client set no limit (Claude requires budget < max). */
    static final int DEFAULT_MAX_TOKENS = 4096;

    private ConverseRequest() {
    }

    /** The translated body and what the response translator must know about it. */
    record Result(Map<String, Object> body, boolean jsonMode) {
    }

    static Result translate(Map<String, Object> req, String model) throws RequestRejectedException {
        JsonTree.Num n = Requests.number(req, "n", "n");
        if (n != null && n.asLong() != 1) {
            throw reject("n", n + " (expected: 1; bedrock converse returns one choice)");
        }
        ChatOptions.rejectUnsupported(req, "by bedrock converse", "on bedrock converse");
        JsonModeTool json = JsonModeTool.of(req, "bedrock converse");

        Map<String, Object> out = JsonTree.object();
        ConverseMessages.Result messages = ConverseMessages.translate(req);
        out.put("messages", messages.messages());
        if (!messages.system().isEmpty()) {
            out.put("system", messages.system());
        }

        boolean claude = model.toLowerCase(Locale.ROOT).contains("anthropic.");
        Map<String, Object> inference = JsonTree.object();
        Map<String, Object> additional = JsonTree.object();
        long maxTokens = ChatOptions.maxTokens(req);
        if (maxTokens == 0) {
            throw reject(req.containsKey("max_completion_tokens") ? "max_completion_tokens" : "max_tokens",
                    "0 (expected: > 0)");
        }
        int budget = thinkingBudget(req, claude);
        if (budget > 0) {
            if (maxTokens < 0) {
                maxTokens = budget + DEFAULT_MAX_TOKENS;
            } else if (maxTokens <= BUDGET_LOW) {
                throw reject("reasoning_effort", "needs max_completion_tokens > " + BUDGET_LOW + " on bedrock");
            } else {
                budget = (int) Math.min(budget, maxTokens - 1);
            }
            Map<String, Object> thinking = JsonTree.object();
            thinking.put("type", "enabled");
            thinking.put("budget_tokens", (long) budget);
            additional.put("thinking", thinking);
        }
        if (maxTokens > 0) {
            inference.put("maxTokens", maxTokens);
        }
        // With thinking on, Claude accepts only the default sampling: these are dropped then.
        JsonTree.Num temperature = Requests.number(req, "temperature", "temperature");
        if (temperature != null && budget == 0) {
            inference.put("temperature", temperature);
        }
        JsonTree.Num topP = Requests.number(req, "top_p", "top_p");
        if (topP != null && budget == 0) {
            inference.put("topP", topP);
        }
        JsonTree.Num topK = Requests.number(req, "top_k", "top_k");
        if (topK != null && claude && budget == 0) {
            additional.put("top_k", topK);
        }
        List<String> stop = Requests.stop(req);
        if (stop != null) {
            List<Object> seqs = new ArrayList<>(stop.size());
            for (String s : stop) {
                if (!s.isEmpty()) {
                    seqs.add(s);
                }
            }
            if (!seqs.isEmpty()) {
                inference.put("stopSequences", seqs);
            }
        }
        if (!inference.isEmpty()) {
            out.put("inferenceConfig", inference);
        }
        Map<String, Object> toolConfig = ConverseTools.toolConfig(req, json, messages.toolBlocks(), budget > 0);
        if (toolConfig != null) {
            out.put("toolConfig", toolConfig);
        }
        if (!additional.isEmpty()) {
            out.put("additionalModelRequestFields", additional);
        }
        return new Result(out, json != null);
    }

    private static int thinkingBudget(Map<String, Object> req, boolean claude) throws RequestRejectedException {
        String effort = Requests.string(req, "reasoning_effort", "reasoning_effort");
        if (effort == null) {
            return 0;
        }
        int budget = ChatOptions.thinkingBudget(effort, BUDGET_LOW, BUDGET_MEDIUM, BUDGET_HIGH);
        if (budget > 0 && !claude) {
            throw reject("reasoning_effort", effort + " (expected: none; bedrock converse takes a thinking budget "
                    + "for anthropic.* models only)");
        }
        return budget;
    }
}
