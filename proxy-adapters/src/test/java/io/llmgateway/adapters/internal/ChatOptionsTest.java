package io.llmgateway.adapters.internal;

import static io.llmgateway.adapters.internal.TreeInput.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.llmgateway.codec.spi.RequestRejectedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ChatOptionsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"logprobs\":true}                 | logprobs: not supported by p",
        "{\"top_logprobs\":2}                | top_logprobs: not supported by p",
        "{\"audio\":{\"voice\":\"x\"}}       | audio: audio output is not supported by p",
        "{\"modalities\":[\"text\",\"audio\"]} | modalities: audio (expected: text only on p)",
        "{\"functions\":[]}                  | functions: deprecated; use tools and tool_choice",
        "{\"function_call\":\"auto\"}        | function_call: deprecated; use tools and tool_choice",
        "{\"web_search_options\":{}}         | web_search_options: not supported by p",
    })
    void refusesWhatOnlyOpenAiServes(String json, String message) {
        assertThatThrownBy(() -> ChatOptions.rejectUnsupported(object(json), "by p", "on p"))
                .isInstanceOf(RequestRejectedException.class).hasMessage(message);
    }

    @Test
    void letsTheHarmlessFormsThrough() {
        assertThatNoException().isThrownBy(() -> ChatOptions.rejectUnsupported(
                object("{\"logprobs\":false,\"top_logprobs\":0,\"audio\":null,\"modalities\":[\"text\"]}"), "by p", "on p"));
    }

    @Test
    void maxTokensPrefersMaxCompletionTokens() throws Exception {
        assertThat(ChatOptions.maxTokens(object("{\"max_completion_tokens\":5,\"max_tokens\":9}"))).isEqualTo(5);
        assertThat(ChatOptions.maxTokens(object("{\"max_tokens\":9}"))).isEqualTo(9);
        assertThat(ChatOptions.maxTokens(object("{}"))).isEqualTo(-1);
        assertThatThrownBy(() -> ChatOptions.maxTokens(object("{\"max_tokens\":-2}")))
                .hasMessage("max_tokens: -2 (expected: an integer >= 0)");
    }

    @ParameterizedTest
    @CsvSource({"none, 0", "minimal, 1", "low, 1", "medium, 2", "high, 3"})
    void reasoningEffortIsABudget(String effort, int budget) throws Exception {
        assertThat(ChatOptions.thinkingBudget(effort, 1, 2, 3)).isEqualTo(budget);
    }

    @Test
    void unknownReasoningEffortIsRefused() {
        assertThatThrownBy(() -> ChatOptions.thinkingBudget("max", 1, 2, 3))
                .hasMessage("reasoning_effort: max (expected: none, minimal, low, medium or high)");
    }
}
