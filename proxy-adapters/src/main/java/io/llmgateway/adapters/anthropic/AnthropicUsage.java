package io.llmgateway.adapters.anthropic;

import io.llmgateway.adapters.internal.JsonCursor;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.UsageCounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Anthropic {@code usage} → OpenAI usage (reference 9.2), from a message body or from the stream's
 * cumulative counts ({@code message_start}, {@code message_delta}). OpenAI's {@code prompt_tokens}
 * includes cached input: input + cache read + cache write. Stateless; the stream reader allocates
 * nothing.
 */
final class AnthropicUsage {

    private static final byte[] INPUT_TOKENS = ascii("input_tokens");
    private static final byte[] OUTPUT_TOKENS = ascii("output_tokens");
    private static final byte[] CACHE_READ = ascii("cache_read_input_tokens");
    private static final byte[] CACHE_WRITE = ascii("cache_creation_input_tokens");
    private static final byte[] OUTPUT_TOKENS_DETAILS = ascii("output_tokens_details");
    private static final byte[] THINKING_TOKENS = ascii("thinking_tokens");

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
     * A stream event's {@code usage} (the cursor on its value) into {@code usage}. The counts are
     * cumulative: a later event's value replaces an earlier one.
     *
     * @param inputTokens the input tokens reported so far
     * @return the input tokens reported now
     */
    static long read(JsonCursor c, UsageCounts usage, long inputTokens) throws IOException {
        if (!c.enterObject()) {
            return inputTokens;
        }
        usage.known();
        while (c.nextField()) {
            if (c.fieldIs(OUTPUT_TOKENS_DETAILS)) {
                readDetails(c, usage);
            } else if (c.readLong()) {
                long n = c.longValue();
                if (c.fieldIs(INPUT_TOKENS)) {
                    inputTokens = n;
                } else if (c.fieldIs(OUTPUT_TOKENS)) {
                    usage.completion = n;
                } else if (c.fieldIs(CACHE_READ)) {
                    usage.cached = n;
                } else if (c.fieldIs(CACHE_WRITE)) {
                    usage.cacheWrite = n;
                }
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

    private static void readDetails(JsonCursor c, UsageCounts usage) throws IOException {
        if (!c.enterObject()) {
            return;
        }
        while (c.nextField()) {
            if (!c.fieldIs(THINKING_TOKENS)) {
                c.skipValue();
            } else if (c.readLong()) {
                usage.reasoning = c.longValue();
            }
        }
    }

    private static void totals(UsageCounts usage, long inputTokens) {
        usage.prompt = inputTokens + usage.cached + usage.cacheWrite;
        usage.total = usage.prompt + usage.completion;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
