package io.llmgateway.adapters.responses;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.adapters.internal.StreamScratch;
import io.llmgateway.adapters.internal.UsageCounts;
import java.io.IOException;

/**
 * Reads a {@code usage} object in either API's words — chat's ({@code prompt_tokens},
 * {@code completion_tokens}, {@code prompt_tokens_details}...) or the Responses API's
 * ({@code input_tokens}, {@code output_tokens}, {@code input_tokens_details}...) — with the loop's
 * streaming parser, allocating nothing. Stateless.
 */
final class UsageReader {

    private UsageReader() {
    }

    /** Reads the object the parser is on (its START_OBJECT) into {@code u}, which becomes known. */
    static void read(JsonParser p, UsageCounts u) throws IOException {
        u.known();
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            JsonToken v = p.currentToken();
            if (v == JsonToken.START_OBJECT) {
                details(p, u);
                continue;
            }
            if (v != JsonToken.VALUE_NUMBER_INT) {
                StreamScratch.skip(p);
                continue;
            }
            switch (name) {
                case "prompt_tokens", "input_tokens" -> u.prompt = p.getLongValue();
                case "completion_tokens", "output_tokens" -> u.completion = p.getLongValue();
                case "total_tokens" -> u.total = p.getLongValue();
                default -> {
                }
            }
        }
    }

    private static void details(JsonParser p, UsageCounts u) throws IOException {
        String name;
        while ((name = StreamScratch.nextField(p)) != null) {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                StreamScratch.skip(p);
                continue;
            }
            switch (name) {
                case "cached_tokens" -> u.cached = p.getLongValue();
                case "cache_write_tokens" -> u.cacheWrite = p.getLongValue();
                case "reasoning_tokens" -> u.reasoning = p.getLongValue();
                default -> {
                }
            }
        }
    }
}
