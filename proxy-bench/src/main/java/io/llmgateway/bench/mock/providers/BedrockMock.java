package io.llmgateway.bench.mock.providers;

import static java.util.Objects.requireNonNull;

import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.codec.spi.AwsCredentials;

/**
 * A mock of Bedrock's runtime Converse API (providers.md 7) that checks the SigV4 signature of
 * every request as AWS does — recomputed from the request as received with the configured secret —
 * and answers in Converse's JSON and in the binary event stream of ConverseStream.
 *
 * <pre>{@code
 * try (MockUpstream bedrock = BedrockMock.builder().credentials("AKIDMOCK", "secret", null).start()) {
 *     // provider base_url: bedrock.baseUrl(), region: BedrockMock.REGION, api: converse
 * }
 * }</pre>
 *
 * <p>What it checks: {@code POST /model/{modelId}/converse} or {@code /converse-stream} (else 404
 * {@code UnknownOperationException}); the credential ({@link SigV4Check}: a wrong access key or
 * session token is 403 {@code UnrecognizedClientException}, a wrong signature 403
 * {@code InvalidSignatureException}; a Bedrock API key as {@code Authorization: Bearer} is
 * accepted when it equals {@code apiKey}); then the body as {@link BedrockRequestCheck} describes
 * (400 {@code ValidationException}). The {@link io.llmgateway.bench.mock.MockHeaders} work as on
 * the OpenAI mock: {@code x-mock-status} answers the AWS exception of that status,
 * {@code error-mid-stream} sends a {@code throttlingException} message and ends the stream.
 */
public final class BedrockMock {

    public static final String DEFAULT_API_KEY = "br-mock-api-key";
    /** The region the mock signs in. */
    public static final String REGION = "us-east-1";

    private BedrockMock() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Also takes {@code options} and {@code apiKey} (the Bedrock API key, default {@link #DEFAULT_API_KEY}). */
    public static final class Builder extends ProviderMockBuilder<Builder> {
        private AwsCredentials credentials = new AwsCredentials("AKIDMOCKEXAMPLE", "mock-secret-access-key", null);

        private Builder() {
            super(DEFAULT_API_KEY);
        }

        /** The only AWS credential the mock accepts ({@code sessionToken} may be null). */
        public Builder credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
            this.credentials = new AwsCredentials(requireNonNull(accessKeyId, "accessKeyId"),
                    requireNonNull(secretAccessKey, "secretAccessKey"), sessionToken);
            return this;
        }

        @Override
        public MockUpstream start() {
            return MockUpstream.start(options, new BedrockProtocol(options, apiKey, credentials));
        }
    }
}
