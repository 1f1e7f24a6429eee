package io.llmgateway.codec.spi;

/**
 * The operations the gateway proxies: OpenAI's, and Anthropic's Messages API ({@link #anthropic()}).
 * {@link #suffix()} is the path below the OpenAI
 * base URL ({@code /v1}), which is also what a pass-through adapter appends to a provider's
 * {@code base_url}; a request may add a tail to it ({@code /files/{id}/content}).
 *
 * <p>{@link #configName()} is the operation's key under {@code endpoints:} in the config, where a
 * default provider serves the requests that name no model. {@link #multipart()} marks the uploads
 * whose body is {@code multipart/form-data}, streamed through rather than collected.
 */
public enum Endpoint {
    CHAT_COMPLETIONS("/chat/completions", false),
    COMPLETIONS("/completions", false),
    EMBEDDINGS("/embeddings", false),
    IMAGES_GENERATIONS("/images/generations", false),
    IMAGES_EDITS("/images/edits", true),
    AUDIO_SPEECH("/audio/speech", false),
    AUDIO_TRANSCRIPTIONS("/audio/transcriptions", true),
    AUDIO_TRANSLATIONS("/audio/translations", true),
    MODERATIONS("/moderations", false),
    FILES("/files", true),
    BATCHES("/batches", false),
    /** Anthropic's {@code POST /v1/messages}: native to Anthropic providers, translated for the others. */
    MESSAGES("/messages", false),
    /** Anthropic's {@code POST /v1/messages/count_tokens}: native to Anthropic providers, estimated for the others. */
    MESSAGES_COUNT_TOKENS("/messages/count_tokens", false),
    /** OpenAI's Responses API: native to {@code openai} and {@code azure} providers, translated over chat for the others. */
    RESPONSES("/responses", false);

    private final String suffix;
    private final boolean multipart;

    Endpoint(String suffix, boolean multipart) {
        this.suffix = suffix;
        this.multipart = multipart;
    }

    public String suffix() {
        return suffix;
    }

    /** Whether the client speaks Anthropic's Messages API (its errors are answered in Anthropic's shape). */
    public boolean anthropic() {
        return this == MESSAGES || this == MESSAGES_COUNT_TOKENS;
    }

    /**
     * Whether a {@code POST} to this operation is a {@code multipart/form-data} upload (the
     * {@code model} is a form field, not a JSON member).
     */
    public boolean multipart() {
        return multipart;
    }

    /** The key of this operation under {@code endpoints:}: its suffix without the slash, {@code /} as {@code _}. */
    public String configName() {
        return suffix.substring(1).replace('/', '_');
    }
}
