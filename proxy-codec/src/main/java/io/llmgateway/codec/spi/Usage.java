package io.llmgateway.codec.spi;

/**
 * Token usage of one response in OpenAI's terms: {@code promptTokens} includes every input token,
 * those read from the provider's prompt cache ({@code cachedTokens}) and those written to it
 * ({@code cacheWriteTokens}) included; {@code completionTokens} includes reasoning. Unknown counts
 * are 0.
 *
 * <p>Providers price the three kinds of input differently (a cache read costs a fraction of a
 * fresh input token, a cache write more), so they are kept apart rather than summed away:
 * {@link #uncachedPromptTokens()} is what remains at the plain prompt price.
 *
 * @param promptTokens     every input token (OpenAI {@code prompt_tokens})
 * @param completionTokens every output token (OpenAI {@code completion_tokens})
 * @param totalTokens      prompt + completion as the provider reported it
 * @param cachedTokens     input tokens read from the prompt cache (OpenAI
 *                         {@code prompt_tokens_details.cached_tokens}, Anthropic
 *                         {@code cache_read_input_tokens}, Gemini {@code cachedContentTokenCount})
 * @param cacheWriteTokens input tokens written to the prompt cache (Anthropic
 *                         {@code cache_creation_input_tokens}); 0 for providers that do not report it
 */
public record Usage(long promptTokens, long completionTokens, long totalTokens, long cachedTokens,
        long cacheWriteTokens) {

    public static Usage of(long prompt, long completion) {
        return new Usage(prompt, completion, prompt + completion, 0, 0);
    }

    /** Usage without cache writes (every provider but Anthropic). */
    public static Usage of(long prompt, long completion, long total, long cached) {
        return new Usage(prompt, completion, total, cached, 0);
    }

    /** Input tokens neither read from nor written to the prompt cache; never negative. */
    public long uncachedPromptTokens() {
        return Math.max(0, promptTokens - cachedTokens - cacheWriteTokens);
    }
}
