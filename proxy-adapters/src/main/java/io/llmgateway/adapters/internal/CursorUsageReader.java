package io.llmgateway.adapters.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a stream's {@code usage} object with a {@link JsonCursor}, in chat's words
 * ({@code prompt_tokens}, {@code completion_tokens}, {@code prompt_tokens_details}...) or the
 * Responses API's ({@code input_tokens}, {@code output_tokens}, {@code input_tokens_details}...):
 * any nested object is a details object ({@code cached_tokens}, {@code cache_write_tokens},
 * {@code reasoning_tokens}). Allocates nothing; stateless.
 */
final class CursorUsageReader {

    private static final byte[] PROMPT_TOKENS = ascii("prompt_tokens");
    private static final byte[] INPUT_TOKENS = ascii("input_tokens");
    private static final byte[] COMPLETION_TOKENS = ascii("completion_tokens");
    private static final byte[] OUTPUT_TOKENS = ascii("output_tokens");
    private static final byte[] TOTAL_TOKENS = ascii("total_tokens");
    private static final byte[] CACHED_TOKENS = ascii("cached_tokens");
    private static final byte[] CACHE_WRITE_TOKENS = ascii("cache_write_tokens");
    private static final byte[] REASONING_TOKENS = ascii("reasoning_tokens");

    private CursorUsageReader() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads the object the cursor has entered into {@code usage}, which becomes known. */
    static void read(JsonCursor c, UsageCounts usage) throws IOException {
        usage.known();
        while (c.nextField()) {
            if (c.fieldIs(PROMPT_TOKENS) || c.fieldIs(INPUT_TOKENS)) {
                if (c.readLong()) {
                    usage.prompt = c.longValue();
                }
            } else if (c.fieldIs(COMPLETION_TOKENS) || c.fieldIs(OUTPUT_TOKENS)) {
                if (c.readLong()) {
                    usage.completion = c.longValue();
                }
            } else if (c.fieldIs(TOTAL_TOKENS)) {
                if (c.readLong()) {
                    usage.total = c.longValue();
                }
            } else if (c.enterObject()) {
                details(c, usage);
            }
        }
    }

    private static void details(JsonCursor c, UsageCounts usage) throws IOException {
        while (c.nextField()) {
            if (c.fieldIs(CACHED_TOKENS)) {
                if (c.readLong()) {
                    usage.cached = c.longValue();
                }
            } else if (c.fieldIs(CACHE_WRITE_TOKENS)) {
                if (c.readLong()) {
                    usage.cacheWrite = c.longValue();
                }
            } else if (c.fieldIs(REASONING_TOKENS)) {
                if (c.readLong()) {
                    usage.reasoning = c.longValue();
                }
            } else {
                c.skipValue();
            }
        }
    }
}
