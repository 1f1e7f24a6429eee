package io.llmgateway.adapters.responses;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesStreamReplayTest {

    private static final String RESPONSE = """
            {"id":"resp_abc","object":"response","created_at":1700000000,"status":"completed","incomplete_details":null,
             "model":"gpt-4o-2024-08-06","instructions":"be brief","store":false,"temperature":0.2,
             "tools":[{"type":"function","name":"get_weather","description":null,"parameters":{"type":"object"},"strict":false}],
             "output":[{"type":"reasoning","id":"rs_1","summary":[]},
                       {"type":"message","id":"msg_abc","status":"completed","role":"assistant",
                        "content":[{"type":"output_text","text":"Hello","annotations":[]}]},
                       {"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather",
                        "arguments":"{\\"city\\":\\"Paris\\"}","status":"completed"}],
             "usage":{"input_tokens":9,"input_tokens_details":{"cached_tokens":2},"output_tokens":5,
                      "output_tokens_details":{"reasoning_tokens":1},"total_tokens":14}}""";

    private static List<String> events(String response) {
        byte[] out = ResponsesStreamReplay.events(response.getBytes(StandardCharsets.UTF_8));
        assertThat(out).isNotNull();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n\n");
        return Arrays.asList(text.substring(0, text.length() - 2).split("\n\n"));
    }

    private static String name(String event) {
        return event.substring("event: ".length(), event.indexOf('\n'));
    }

    @Test
    void aResponseIsReplayedAsTheResponsesStreamFromCreatedToCompleted() {
        List<String> e = events(RESPONSE);
        assertThat(e).extracting(ResponsesStreamReplayTest::name).containsExactly(
                "response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.completed");
        for (int i = 0; i < e.size(); i++) {
            assertThat(e.get(i)).contains("\"sequence_number\":" + i + ",");
        }
        assertThat(e.get(0)).contains("\"id\":\"resp_abc\"", "\"created_at\":1700000000", "\"status\":\"in_progress\"",
                "\"instructions\":\"be brief\"", "\"temperature\":0.2", "\"name\":\"get_weather\"");
        assertThat(e.get(4)).contains("\"delta\":\"Hello\"");
        assertThat(e.get(9)).contains("\"delta\":\"{\\\"city\\\":\\\"Paris\\\"}\"");
        String completed = e.get(e.size() - 1);
        assertThat(completed).contains("\"status\":\"completed\"", "\"call_id\":\"call_1\"", "\"text\":\"Hello\"",
                "\"input_tokens\":9", "\"cached_tokens\":2", "\"output_tokens\":5", "\"reasoning_tokens\":1",
                "\"total_tokens\":14", "\"model\":\"gpt-4o-2024-08-06\"");
    }

    @Test
    void anIncompleteResponseEndsIncompleteWithItsReason() {
        String incomplete = RESPONSE.replace("\"status\":\"completed\",\"incomplete_details\":null",
                "\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"max_output_tokens\"}");
        List<String> e = events(incomplete);
        assertThat(name(e.get(e.size() - 1))).isEqualTo("response.incomplete");
        assertThat(e.get(e.size() - 1)).contains("\"reason\":\"max_output_tokens\"");
    }

    @Test
    void whatIsNotAResponseIsNotReplayed() {
        for (String notOne : List.of("{\"type\":\"message\",\"content\":[]}", "[1]", "{\"object\":\"response\"}",
                "not json")) {
            assertThat(ResponsesStreamReplay.events(notOne.getBytes(StandardCharsets.UTF_8))).as(notOne).isNull();
        }
    }
}
