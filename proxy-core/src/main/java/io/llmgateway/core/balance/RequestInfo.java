package io.llmgateway.core.balance;

import java.util.ArrayList;
import java.util.List;

/**
 * What the balancer needs to know about a request.
 *
 * @param promptTokens estimated prompt tokens (see {@link #estimatePromptTokens})
 * @param maxTokens    {@code max_tokens} / {@code max_completion_tokens} of the request, or 0 when absent
 * @param stream       whether the client asked for a stream (latency is then time to first token)
 * @param tags         tags for {@code tag-based} routing (header or {@code metadata.tags}); empty for none
 */
public record RequestInfo(long promptTokens, long maxTokens, boolean stream, List<String> tags) {

    public RequestInfo {
        if (promptTokens < 0 || maxTokens < 0) {
            throw new IllegalArgumentException("promptTokens: " + promptTokens + ", maxTokens: " + maxTokens
                    + " (expected: >= 0)");
        }
        tags = List.copyOf(tags);
    }

    /** A request estimated from its body size: about four bytes per token. */
    public static RequestInfo of(int bodyBytes, long maxTokens, boolean stream, List<String> tags) {
        return new RequestInfo(estimatePromptTokens(bodyBytes), maxTokens, stream, tags);
    }

    /** Prompt tokens of a body of {@code bodyBytes} bytes: bytes / 4, the usual rule of thumb for English text and JSON. */
    public static long estimatePromptTokens(long bodyBytes) {
        return Math.max(0, bodyBytes) / 4;
    }

    /** The completion tokens to plan for: {@code max_tokens}, else the configured default. */
    public long completionTokens(long defaultMaxTokens) {
        return maxTokens > 0 ? maxTokens : defaultMaxTokens;
    }

    /** The tokens reserved against a key's TPM at admission: prompt estimate + completion budget. */
    public long tokensToReserve(long defaultMaxTokens) {
        long sum = promptTokens + completionTokens(defaultMaxTokens);
        return sum < 0 ? Long.MAX_VALUE : sum; // a max_tokens of 2^63 - 1 must not wrap around
    }

    /** Tags from a header value: comma-separated, trimmed, empty ones dropped; null gives none. */
    public static List<String> parseTags(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(2);
        for (String t : header.split(",")) {
            String s = t.trim();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }
}
