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
 * @param hasStreamOptions    a top-level {@code stream_options} key is present (any value): the body
 *                            cannot be given one without a duplicate key
 * @param maxTokens           top-level {@code max_tokens}, or -1 when absent or null
 * @param maxCompletionTokens top-level {@code max_completion_tokens} (or the Responses API's
 *                            {@code max_output_tokens}), or -1 when absent or null
 * @param user                top-level {@code user} string, or null
 * @param tags                {@code metadata.tags}: an array of strings, or one comma-separated string;
 *                            empty when absent (for tag-based routing)
 * @param storedObjectId      the stored object the request builds on, which lives with the key
 *                            that created it: {@code previous_response_id} (Responses) or
 *                            {@code input_file_id} (batches); null when absent
 * @param storeFalse          top-level {@code store} is {@code false} (the answer is not kept upstream)
 */
public record RequestFields(
        String model,
        int modelStart,
        int modelEnd,
        boolean stream,
        boolean includeUsage,
        boolean hasStreamOptions,
        long maxTokens,
        long maxCompletionTokens,
        String user,
        java.util.List<String> tags,
        String storedObjectId,
        boolean storeFalse) {

    public RequestFields {
        tags = tags == null ? java.util.List.of() : java.util.List.copyOf(tags);
    }

    /** Fields of a request that names no stored object. */
    public RequestFields(String model, int modelStart, int modelEnd, boolean stream, boolean includeUsage,
            boolean hasStreamOptions, long maxTokens, long maxCompletionTokens, String user,
            java.util.List<String> tags) {
        this(model, modelStart, modelEnd, stream, includeUsage, hasStreamOptions, maxTokens, maxCompletionTokens, user,
                tags, null, false);
    }

    /** Fields without tags; {@code stream_options} present exactly when {@code includeUsage}. */
    public RequestFields(String model, int modelStart, int modelEnd, boolean stream, boolean includeUsage,
            long maxTokens, long maxCompletionTokens, String user) {
        this(model, modelStart, modelEnd, stream, includeUsage, includeUsage, maxTokens, maxCompletionTokens, user,
                java.util.List.of());
    }

    /** The output-token limit the client asked for, whichever field it used; -1 if none. */
    public long outputTokenLimit() {
        return maxCompletionTokens >= 0 ? maxCompletionTokens : maxTokens;
    }
}
