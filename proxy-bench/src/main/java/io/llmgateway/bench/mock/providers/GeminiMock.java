package io.llmgateway.bench.mock.providers;

import static java.util.Objects.requireNonNull;

import io.llmgateway.bench.mock.MockUpstream;

/**
 * A mock of Google's Gemini API, on AI Studio's URLs and Vertex AI's, that refuses what Google
 * refuses, with its statuses and {@code google.rpc.Status} bodies, and answers in its JSON and
 * stream shapes (providers.md 4, 5, 10.1).
 *
 * <pre>{@code
 * try (MockUpstream gemini = GeminiMock.builder().apiKey("AIza-test").accessToken("ya29.test").start()) {
 *     // gemini provider base_url: gemini.baseUrl() + "/v1beta"; vertex provider base_url: gemini.baseUrl()
 * }
 * }</pre>
 *
 * <p>What it checks: the route ({@code /v1beta/models/{m}:generateContent}, {@code :streamGenerateContent},
 * {@code :batchEmbedContents}, {@code :embedContent}; Vertex {@code /v1/projects/{p}/locations/{l}/publishers/google/models/{m}:...}
 * and {@code :predict}; an unknown URL is Google's HTML 404, a method the model does not serve a
 * 404 {@code NOT_FOUND}); the credential (AI Studio: no key 403 {@code PERMISSION_DENIED}, a wrong
 * key 400 {@code INVALID_ARGUMENT} with {@code API_KEY_INVALID}; Vertex: a missing or wrong bearer
 * token 401 {@code UNAUTHENTICATED}; with {@link Builder#tokenEndpoint} the tokens of a service
 * account's signed-JWT exchange too); the body as {@link GeminiRequestCheck} describes. Streaming
 * without {@code alt=sse} answers a JSON array, as Google does. {@code x-mock-status} answers
 * Google's error of that status (429 {@code RESOURCE_EXHAUSTED} with a {@code RetryInfo}, 503
 * {@code UNAVAILABLE}); {@code error-mid-stream} sends a {@code {"error":...}} chunk and ends. With
 * {@code x-mock-quote-key} the error (body or chunk) quotes the request's credential (an API key, or a
 * service account's bearer token).
 */
public final class GeminiMock {

    public static final String DEFAULT_API_KEY = "AIza-mock-key";
    public static final String DEFAULT_ACCESS_TOKEN = "ya29.mock-token";

    private GeminiMock() {
    }

    /** The {@code thoughtSignature} the mock attaches to its calls of {@code function} (and wants back). */
    public static String thoughtSignature(String function) {
        return GeminiExchange.thoughtSignature(function);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Also takes {@code options} and {@code apiKey} (AI Studio and Vertex express mode; default
     * {@link #DEFAULT_API_KEY}).
     */
    public static final class Builder extends ProviderMockBuilder<Builder> {
        private String accessToken = DEFAULT_ACCESS_TOKEN;
        private String project;
        private boolean thoughtSignatures = true;
        private GoogleTokenEndpoint tokens;

        private Builder() {
            super(DEFAULT_API_KEY);
        }

        /** The only accepted OAuth access token (Vertex); default {@link #DEFAULT_ACCESS_TOKEN}. */
        public Builder accessToken(String accessToken) {
            this.accessToken = requireNonNull(accessToken, "accessToken");
            return this;
        }

        /** The only Vertex project the token may use (403 for another); default: any. */
        public Builder project(String project) {
            this.project = project;
            return this;
        }

        /**
         * Whether function calls carry a {@code thoughtSignature} that must come back with the call
         * in later turns (default true, as Gemini 3 requires); false answers like Gemini 2.0.
         */
        public Builder thoughtSignatures(boolean thoughtSignatures) {
            this.thoughtSignatures = thoughtSignatures;
            return this;
        }

        /**
         * Serves Google's token endpoint at {@code /token} for {@code tokens}' service account; Vertex
         * then also accepts the tokens it issued, until they expire (401 after). The service-account
         * file's {@code token_uri} is the mock's {@code baseUrl() + "/token"}.
         */
        public Builder tokenEndpoint(GoogleTokenEndpoint tokens) {
            this.tokens = requireNonNull(tokens, "tokens");
            return this;
        }

        @Override
        public MockUpstream start() {
            MockUpstream mock = MockUpstream.start(options,
                    new GeminiProtocol(options, apiKey, accessToken, project, thoughtSignatures, tokens));
            if (tokens != null) {
                tokens.audience(mock.baseUrl() + GoogleTokenEndpoint.PATH);
            }
            return mock;
        }
    }
}
