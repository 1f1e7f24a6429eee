package io.llmgateway.codec.json;

/**
 * The routing fields of an OpenAI request body, as found by {@link RequestFieldScanner}.
 *
 * @param model               the top-level {@code model} string, or null when absent
 * @param modelStart          offset of the opening quote of the {@code model} value, relative to the
 *                            body's first byte; -1 when absent
 * @param modelEnd            offset just past the closing quote of the {@code model} value; -1 when absent
 * @param stream              top-level {@code stream} is {@code true}
 * @param includeUsage        {@code stream_options.include_usage} is {@code true}
 * @param maxTokens           top-level {@code max_tokens}, or -1 when absent or null
 * @param maxCompletionTokens top-level {@code max_completion_tokens}, or -1 when absent or null
 * @param user                top-level {@code user} string, or null
 */
public record RequestFields(
        String model,
        int modelStart,
        int modelEnd,
        boolean stream,
        boolean includeUsage,
        long maxTokens,
        long maxCompletionTokens,
        String user) {

    /** The output-token limit the client asked for, whichever field it used; -1 if none. */
    public long outputTokenLimit() {
        return maxCompletionTokens >= 0 ? maxCompletionTokens : maxTokens;
    }
}
