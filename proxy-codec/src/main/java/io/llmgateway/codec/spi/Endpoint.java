package io.llmgateway.codec.spi;

/**
 * The operations the gateway proxies: OpenAI's, and Anthropic's Messages API ({@link #anthropic()}).
 * {@link #suffix()} is the path below the base URL ({@code /v1}), which is also what a
 * pass-through adapter appends to a provider's {@code base_url}.
 */
public enum Endpoint {
    CHAT_COMPLETIONS("/chat/completions"),
    COMPLETIONS("/completions"),
    EMBEDDINGS("/embeddings"),
    /** Anthropic's {@code POST /v1/messages}: native to Anthropic providers, translated for the others. */
    MESSAGES("/messages"),
    /** Anthropic's {@code POST /v1/messages/count_tokens}: native to Anthropic providers, estimated for the others. */
    MESSAGES_COUNT_TOKENS("/messages/count_tokens");

    private final String suffix;

    Endpoint(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    /** Whether the client speaks Anthropic's Messages API (its errors are answered in Anthropic's shape). */
    public boolean anthropic() {
        return this == MESSAGES || this == MESSAGES_COUNT_TOKENS;
    }
}
