package io.llmgateway.adapters.anthropic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.StreamScratch;
import io.llmgateway.adapters.internal.UsageCounts;
import java.io.IOException;
import java.util.Map;

/**
 * Anthropic {@code usage} → OpenAI usage (reference 9.2), from a message body or from the stream's
 * cumulative counts ({@code message_start}, {@code message_delta}). OpenAI's {@code prompt_tokens}
 * includes cached input: input + cache read + cache write. Stateless; the stream reader allocates
 * nothing.
 */
final class AnthropicUsage {

    private AnthropicUsage() {
    }

    /** The {@code usage} object of a message body into {@code usage}. */
    static void fromBody(Map<String, Object> u, UsageCounts usage) {
        usage.known();
        long input = JsonTree.asLong(u.get("input_tokens"), 0);
        usage.cached = JsonTree.asLong(u.get("cache_read_input_tokens"), 0);
        usage.cacheWrite = JsonTree.asLong(u.get("cache_creation_input_tokens"), 0);
        usage.completion = JsonTree.asLong(u.get("output_tokens"), 0);
        usage.reasoning = JsonTree.asLong(JsonTree.path(u, "output_tokens_details", "thinking_tokens"), -1);
        totals(usage, input);
    }

    /**
     * A stream event's {@code usage} (the parser on its value {@code v}) into {@code usage}. The
     * counts are cumulative: a later event's value replaces an earlier one.
     *
     * @param inputTokens the input tokens reported so far
     * @return the input tokens reported now
     */
    static long read(JsonParser p, JsonToken v, UsageCounts usage, long inputTokens) throws IOException {
        if (!StreamScratch.enterObject(p, v)) {
            return inputTokens;
        }
        usage.known();
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NUMBER_INT) {
                long n = p.getLongValue();
                switch (name) {
                    case "input_tokens" -> inputTokens = n;
                    case "output_tokens" -> usage.completion = n;
                    case "cache_read_input_tokens" -> usage.cached = n;
                    case "cache_creation_input_tokens" -> usage.cacheWrite = n;
                    default -> {
                    }
                }
            } else if (name.equals("output_tokens_details") && t == JsonToken.START_OBJECT) {
                String detail;
                while ((detail = StreamScratch.nextField(p)) != null) {
                    if (detail.equals("thinking_tokens") && p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                        usage.reasoning = p.getLongValue();
                    } else {
                        StreamScratch.skip(p);
                    }
                }
            } else {
                StreamScratch.skip(p);
            }
        }
        if (usage.cached < 0) {
            usage.cached = 0;
        }
        if (usage.cacheWrite < 0) {
            usage.cacheWrite = 0;
        }
        totals(usage, inputTokens);
        return inputTokens;
    }

    private static void totals(UsageCounts usage, long inputTokens) {
        usage.prompt = inputTokens + usage.cached + usage.cacheWrite;
        usage.total = usage.prompt + usage.completion;
    }
}
