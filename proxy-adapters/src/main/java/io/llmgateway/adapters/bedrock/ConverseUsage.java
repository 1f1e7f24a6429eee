package io.llmgateway.adapters.bedrock;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.StreamScratch;
import io.llmgateway.adapters.internal.UsageCounts;
import java.io.IOException;
import java.util.Map;

/**
 * Converse {@code usage} → OpenAI usage (reference 9.2), from a response body or the stream's
 * {@code metadata} event. OpenAI's {@code prompt_tokens} includes cached input:
 * {@code inputTokens + cacheReadInputTokens + cacheWriteInputTokens}; the total is then
 * prompt + completion, whatever Bedrock's {@code totalTokens} counted. Stateless; the stream reader
 * allocates nothing.
 */
final class ConverseUsage {

    private ConverseUsage() {
    }

    /** The {@code usage} object of a response body into {@code usage}. */
    static void fromBody(Map<String, Object> u, UsageCounts usage) {
        usage.known();
        usage.completion = JsonTree.asLong(u.get("outputTokens"), 0);
        usage.cached = JsonTree.asLong(u.get("cacheReadInputTokens"), -1);
        usage.cacheWrite = JsonTree.asLong(u.get("cacheWriteInputTokens"), -1);
        totals(usage, JsonTree.asLong(u.get("inputTokens"), 0));
    }

    /** The {@code usage} of a {@code metadata} event (the parser on its value {@code v}) into {@code usage}. */
    static void read(JsonParser p, JsonToken v, UsageCounts usage) throws IOException {
        if (!StreamScratch.enterObject(p, v)) {
            return;
        }
        usage.known();
        long input = 0;
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                StreamScratch.skip(p);
                continue;
            }
            long n = p.getLongValue();
            switch (name) {
                case "inputTokens" -> input = n;
                case "outputTokens" -> usage.completion = n;
                case "cacheReadInputTokens" -> usage.cached = n;
                case "cacheWriteInputTokens" -> usage.cacheWrite = n;
                default -> {
                }
            }
        }
        totals(usage, input);
    }

    private static void totals(UsageCounts usage, long inputTokens) {
        usage.prompt = inputTokens + Math.max(0, usage.cached) + Math.max(0, usage.cacheWrite);
        usage.total = usage.prompt + usage.completion;
    }
}
