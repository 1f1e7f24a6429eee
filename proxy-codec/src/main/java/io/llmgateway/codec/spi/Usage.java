package io.llmgateway.codec.spi;

/**
 * Token usage of one response in OpenAI's terms: {@code promptTokens} includes cached input,
 * {@code completionTokens} includes reasoning. Unknown counts are 0.
 */
public record Usage(long promptTokens, long completionTokens, long totalTokens, long cachedTokens) {

    public static Usage of(long prompt, long completion) {
        return new Usage(prompt, completion, prompt + completion, 0);
    }
}
