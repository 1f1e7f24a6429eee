package io.llmgateway.adapters.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompletionBodyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_761_000_000L), ZoneOffset.UTC);

    @Test
    void aCompletionInOpenAisKeyOrder() {
        UsageCounts usage = new UsageCounts().known();
        usage.prompt = 3;
        usage.completion = 4;
        Object choice = CompletionBody.choice(0, "hi", List.of(CompletionBody.toolCall("c1", "f", "{}")),
                new StringBuilder("hm"), "tool_calls");
        assertThat(JsonTree.toJson(CompletionBody.completion("chatcmpl-1", CLOCK, "m", List.of(choice), usage)))
                .isEqualTo("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1761000000,\"model\":\"m\","
                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\",\"refusal\":null,"
                        + "\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}],"
                        + "\"reasoning_content\":\"hm\"},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],"
                        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}");
    }

    @Test
    void emptyPartsAreLeftOut() {
        Object choice = CompletionBody.choice(2, JsonTree.NULL, List.of(), "", "stop");
        assertThat(JsonTree.toJson(CompletionBody.completion("x", CLOCK, "m", List.of(choice), null)))
                .isEqualTo("{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1761000000,\"model\":\"m\","
                        + "\"choices\":[{\"index\":2,\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":null},"
                        + "\"logprobs\":null,\"finish_reason\":\"stop\"}]}");
    }
}
