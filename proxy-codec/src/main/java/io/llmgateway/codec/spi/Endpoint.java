package io.llmgateway.codec.spi;

/**
 * The OpenAI operations the gateway proxies. {@link #suffix()} is the path below the OpenAI
 * base URL ({@code /v1}), which is also what a pass-through adapter appends to a provider's
 * {@code base_url}.
 */
public enum Endpoint {
    CHAT_COMPLETIONS("/chat/completions"),
    COMPLETIONS("/completions"),
    EMBEDDINGS("/embeddings"),
    /** OpenAI's Responses API: native to {@code openai} and {@code azure} providers, translated over chat for the others. */
    RESPONSES("/responses");

    private final String suffix;

    Endpoint(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }
}
