package io.llmgateway.bench.mock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EndpointTest {

    @ParameterizedTest
    @CsvSource({
        "/v1/chat/completions, CHAT",
        "/prefix/v1/chat/completions, CHAT",
        "/chat/completions/, CHAT",
        "/v1/completions, COMPLETIONS",
        "/openai/deployments/x/embeddings, EMBEDDINGS",
        "/v1/models, MODELS",
        "/v1/models/gpt-4o, MODEL",
        "/models/gpt-4o, MODEL",
        "/v1/models/, MODELS",
        "/v1/responses, RESPONSES",
        "/openai/v1/responses, RESPONSES",
        "/v1/responses/resp_1, UNKNOWN",
        "/v1/audio/speech, UNKNOWN",
        "/, UNKNOWN",
    })
    void matchesThePathsEnd(String path, Endpoint expected) {
        assertThat(Endpoint.of(path)).isEqualTo(expected);
    }
}
