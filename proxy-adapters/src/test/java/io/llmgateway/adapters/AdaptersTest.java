package io.llmgateway.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AdaptersTest {

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
        "openai, https://api.openai.com/v1, openai",
        "gemini, https://generativelanguage.googleapis.com/v1, gemini",
        "claude, https://api.anthropic.com/v1, anthropic",
        "corp, https://my-res.openai.azure.com, azure",
        "corp, https://my-res.cognitiveservices.azure.com/, azure",
        "corp, https://my-res.services.ai.azure.com, azure",
        "x, https://us-central1-aiplatform.googleapis.com, vertex",
        "x, https://aiplatform.googleapis.com, vertex",
        "x, https://bedrock-runtime.us-east-1.amazonaws.com/openai/v1, bedrock",
        "x, https://generativelanguage.googleapis.com/v1beta/openai, openai-compatible",
        "my-claude, -, anthropic",
        "Anthropic-EU, -, anthropic",
        "gemini-pro, -, gemini",
        "openai-2, -, openai",
        "vllm, http://10.0.0.5:8000/v1, openai-compatible",
        "deepseek, https://api.deepseek.com, openai-compatible",
    })
    void infersTypes(String id, String baseUrl, String expected) {
        assertThat(Adapters.inferType(id, baseUrl)).isEqualTo(expected);
    }

    @Test
    void everyTypeHasAnAdapterThatServesIt() {
        for (String type : Adapters.types()) {
            assertThat(Adapters.forType(type).types()).contains(type);
        }
    }

    @Test
    void unknownTypeNamesTheKnownOnes() {
        assertThatThrownBy(() -> Adapters.forType("cohere"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cohere").hasMessageContaining("openai-compatible");
    }
}
