package io.llmgateway.bench.mock.providers;

import io.llmgateway.bench.mock.MockUpstream;

/**
 * A mock of Anthropic's Messages API that refuses what {@code api.anthropic.com} refuses, with its
 * statuses and error bodies, and answers in its JSON and event-stream shapes (providers.md 3).
 *
 * <pre>{@code
 * try (MockUpstream claude = AnthropicMock.builder().apiKey("sk-ant-test").start()) {
 *     // provider base_url: claude.baseUrl() + "/v1"
 * }
 * }</pre>
 *
 * <p>What it checks: {@code POST /v1/messages} (else 404 {@code not_found_error});
 * {@code x-api-key} (or {@code Authorization: Bearer}) present and equal to the key (else 401
 * {@code authentication_error}); {@code anthropic-version} present and known; then the body as
 * {@link AnthropicRequestCheck} describes (400 {@code invalid_request_error}). The
 * {@link io.llmgateway.bench.mock.MockHeaders} work as on the OpenAI mock: {@code x-mock-status}
 * answers Anthropic's error of that status (429 and 529 with {@code retry-after}),
 * {@code error-mid-stream} sends {@code event: error} ({@code overloaded_error}; with {@code x-mock-quote-key} an
 * {@code authentication_error} quoting the request's key) and ends the stream.
 */
public final class AnthropicMock {

    public static final String DEFAULT_API_KEY = "sk-ant-mock";

    private AnthropicMock() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Also takes {@code options} and {@code apiKey} (default {@link #DEFAULT_API_KEY}). */
    public static final class Builder extends ProviderMockBuilder<Builder> {
        private boolean alternatingRoles = true;

        private Builder() {
            super(DEFAULT_API_KEY);
        }

        /**
         * Whether messages must start with {@code user} and alternate (default: true, as the API
         * enforced until 2024 and Bedrock's Converse API still does); false combines consecutive
         * same-role messages into one turn, as today's API does.
         */
        public Builder alternatingRoles(boolean alternatingRoles) {
            this.alternatingRoles = alternatingRoles;
            return this;
        }

        @Override
        public MockUpstream start() {
            return MockUpstream.start(options, new AnthropicProtocol(options, apiKey, alternatingRoles));
        }
    }
}
