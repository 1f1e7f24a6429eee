package io.llmgateway.bench.mock;

/**
 * Request headers that override {@link MockOptions} for one request. A header always wins over the
 * server-wide option; an unparsable value is answered with a 400 naming the header.
 */
public final class MockHeaders {

    /** Milliseconds to wait before the response head. */
    public static final String LATENCY_MS = "x-mock-latency-ms";
    /** Number of content events in a stream (and of content pieces in a JSON answer). */
    public static final String CHUNKS = "x-mock-chunks";
    /** Milliseconds between two stream events. */
    public static final String CHUNK_INTERVAL_MS = "x-mock-chunk-interval-ms";
    /** Answer this status with an OpenAI error body (429 also carries {@code retry-after}); 2xx means normal. */
    public static final String STATUS = "x-mock-status";
    /** One of {@link MockFault}'s spellings. */
    public static final String FAULT = "x-mock-fault";
    /** Minimum size of a non-stream chat or legacy completion body: the content is padded to reach it. */
    public static final String BODY_BYTES = "x-mock-body-bytes";
    /** Milliseconds the {@code slow-first-byte} fault waits before the response head. */
    public static final String SLOW_FIRST_BYTE_MS = "x-mock-slow-first-byte-ms";
    /**
     * One of {@link KeyQuote}'s spellings: the credential the request presented is quoted in that
     * form in a response header {@link #KEY_ECHO} and in the message of an injected error (status
     * body or {@code error-mid-stream} event; OpenAI's protocol).
     */
    public static final String QUOTE_KEY = "x-mock-quote-key";
    /**
     * Input tokens the answer's usage reports as read from the provider's prompt cache, on top of
     * the usual prompt (OpenAI and Azure {@code prompt_tokens_details.cached_tokens}, Anthropic
     * {@code cache_read_input_tokens}, Gemini {@code cachedContentTokenCount}); 0 when absent.
     */
    public static final String CACHED_TOKENS = "x-mock-cached-tokens";
    /** The response header that carries the quoted credential when {@link #QUOTE_KEY} asks for it. */
    public static final String KEY_ECHO = "x-mock-key-echo";

    private MockHeaders() {
    }
}
