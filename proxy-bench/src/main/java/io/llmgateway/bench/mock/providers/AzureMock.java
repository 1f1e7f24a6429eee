package io.llmgateway.bench.mock.providers;

import static java.util.Objects.requireNonNull;

import io.llmgateway.bench.mock.MockUpstream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A mock of Azure OpenAI that refuses what Azure refuses, with its statuses and error bodies, and
 * answers like the OpenAI mock with Azure's content-filter annotations (providers.md 2).
 *
 * <pre>{@code
 * try (MockUpstream azure = AzureMock.builder().apiKey("az-key").deployment("gpt4o-prod", "gpt-4o").start()) {
 *     // provider base_url: azure.baseUrl(); deployments: {gpt-4o: gpt4o-prod}
 * }
 * }</pre>
 *
 * <p>What it checks: the URL ({@code /openai/deployments/{d}/{operation}} or {@code /openai/v1/{operation}};
 * else 404 "Resource not found"); {@code api-key} (or an Entra ID {@code Authorization: Bearer})
 * equal to the configured one (else 401, code "401"); on the classic URL an {@code api-version}
 * that exists (else 404) and that is recent enough for {@code stream_options},
 * {@code max_completion_tokens}... (else 400 "Unrecognized request argument supplied"); a known
 * deployment (else 404 {@code DeploymentNotFound}) whose model serves the operation (else 400
 * {@code OperationNotSupported}: embeddings only on embedding models, legacy completions only on
 * instruct models). Answers are the OpenAI mock's, as the deployment's model. {@code x-mock-status}
 * answers Azure's error of that status (429 with {@code retry-after} and {@code retry-after-ms}).
 */
public final class AzureMock {

    public static final String DEFAULT_API_KEY = "azure-mock-key";

    private AzureMock() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Also takes {@code options} and {@code apiKey} (the {@code api-key} header; default {@link #DEFAULT_API_KEY}). */
    public static final class Builder extends ProviderMockBuilder<Builder> {
        private String entraToken;
        private final Map<String, String> deployments = new LinkedHashMap<>();

        private Builder() {
            super(DEFAULT_API_KEY);
        }

        /** An Entra ID access token accepted as {@code Authorization: Bearer}; default none. */
        public Builder entraToken(String entraToken) {
            this.entraToken = entraToken;
            return this;
        }

        /** A deployment named {@code name} serving {@code model}; answers name the model. */
        public Builder deployment(String name, String model) {
            deployments.put(requireNonNull(name, "name"), requireNonNull(model, "model"));
            return this;
        }

        /** Starts; without {@link #deployment} calls, {@code gpt-4o} and {@code text-embedding-3-small} are deployed under their names. */
        @Override
        public MockUpstream start() {
            Map<String, String> d = deployments.isEmpty()
                    ? Map.of("gpt-4o", "gpt-4o-2024-08-06", "text-embedding-3-small", "text-embedding-3-small")
                    : deployments;
            return MockUpstream.start(options, new AzureProtocol(options, apiKey, entraToken, d));
        }
    }
}
