package io.llmgateway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatStreamReplayTest {

    private static final String COMPLETION = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-2024-08-06",
             "system_fingerprint":"fp_1","choices":[{"index":0,"message":{"role":"assistant","content":"Hello \\"you\\"",
             "refusal":null},"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}""";

    private static List<String> events(String completion, boolean includeUsage) {
        byte[] out = ChatStreamReplay.events(completion.getBytes(StandardCharsets.UTF_8), includeUsage);
        assertThat(out).isNotNull();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n\n");
        return Arrays.asList(text.substring(0, text.length() - 2).split("\n\n"));
    }

    @Test
    void aCompletionBecomesAContentChunkAFinishChunkAndDone() {
        List<String> e = events(COMPLETION, false);
        assertThat(e).containsExactly(
                "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                        + "\"model\":\"gpt-4o-2024-08-06\",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"role\":\"assistant\",\"content\":\"Hello \\\"you\\\"\"},\"logprobs\":null,"
                        + "\"finish_reason\":null}]}",
                "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                        + "\"model\":\"gpt-4o-2024-08-06\",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}",
                "data: [DONE]");
    }

    @Test
    void usageComesAsAChunkWithoutChoicesWhenAsked() {
        List<String> e = events(COMPLETION, true);
        assertThat(e).hasSize(4);
        assertThat(e.get(2)).isEqualTo("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1700000000,\"model\":\"gpt-4o-2024-08-06\",\"system_fingerprint\":\"fp_1\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}");
        assertThat(e.get(3)).isEqualTo("data: [DONE]");
    }

    @Test
    void toolCallsGetTheirIndexAndEveryChoiceItsChunks() {
        String completion = """
                {"id":"c","object":"chat.completion","created":1,"model":"m","choices":[
                 {"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
                   {"id":"call_1","type":"function","function":{"name":"f","arguments":"{\\"a\\":1}"}},
                   {"id":"call_2","type":"function","function":{"name":"g","arguments":"{}"}}]},"finish_reason":"tool_calls"},
                 {"index":1,"message":{"role":"assistant","content":"two"},"finish_reason":"length"}]}""";
        List<String> e = events(completion, true);
        assertThat(e).hasSize(5); // no usage in the answer: no usage chunk
        assertThat(e.get(0)).contains("\"delta\":{\"role\":\"assistant\",\"tool_calls\":["
                + "{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}},"
                + "{\"index\":1,\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]}")
                .doesNotContain("\"content\"");
        assertThat(e.get(1)).contains("\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"tool_calls\"");
        assertThat(e.get(2)).contains("\"index\":1,\"delta\":{\"role\":\"assistant\",\"content\":\"two\"}");
        assertThat(e.get(3)).contains("\"index\":1,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"length\"");
        assertThat(e.get(4)).isEqualTo("data: [DONE]");
    }

    @Test
    void whatIsNotAChatCompletionIsNotReplayed() {
        assertThat(ChatStreamReplay.events("{\"object\":\"list\",\"data\":[]}".getBytes(StandardCharsets.UTF_8), false))
                .isNull();
        assertThat(ChatStreamReplay.events("{\"object\":\"chat.completion\",\"choices\":[]}"
                .getBytes(StandardCharsets.UTF_8), false)).isNull();
        assertThat(ChatStreamReplay.events("data: x".getBytes(StandardCharsets.UTF_8), false)).isNull();
        assertThat(ChatStreamReplay.events("{\"object\":".getBytes(StandardCharsets.UTF_8), false)).isNull();
    }
}
