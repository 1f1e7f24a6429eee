package io.llmgateway.adapters.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesStreamReplayTest {

    private static final String MESSAGE = """
            {"id":"msg_01abc","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"thinking","thinking":"hmm","signature":"sig"},{"type":"text","text":"Hello \\"you\\""},
                        {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}],
             "stop_reason":"tool_use","stop_sequence":null,
             "usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":4,"output_tokens":7}}""";

    private static List<String> events(String message) {
        byte[] out = MessagesStreamReplay.events(message.getBytes(StandardCharsets.UTF_8));
        assertThat(out).isNotNull();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n\n");
        return Arrays.asList(text.substring(0, text.length() - 2).split("\n\n"));
    }

    @Test
    void aMessageIsReplayedAsTheMessagesStreamWithItsIdBlocksStopReasonAndUsage() {
        assertThat(events(MESSAGE)).containsExactly(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01abc\","
                        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
                        + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":0,\"output_tokens\":0}}}",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}",
                "event: ping\ndata: {\"type\":\"ping\"}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello \\\"you\\\"\"}}",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2,"
                        + "\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,"
                        + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":2}",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
                        + "\"stop_sequence\":null},\"usage\":{\"input_tokens\":10,\"cache_read_input_tokens\":4,"
                        + "\"output_tokens\":7}}",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}");
    }

    @Test
    void eachStopReasonComesBack() {
        for (String reason : List.of("end_turn", "max_tokens", "tool_use", "refusal")) {
            String m = "{\"id\":\"msg_1\",\"type\":\"message\",\"model\":\"c\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}],"
                    + "\"stop_reason\":\"" + reason + "\"}";
            assertThat(String.join("\n\n", events(m))).contains("\"stop_reason\":\"" + reason + "\"");
        }
    }

    @Test
    void whatIsNotAMessageIsNotReplayed() {
        for (String notOne : List.of("{\"object\":\"chat.completion\",\"choices\":[]}", "[1]", "{\"type\":\"message\"}",
                "not json")) {
            assertThat(MessagesStreamReplay.events(notOne.getBytes(StandardCharsets.UTF_8))).as(notOne).isNull();
        }
    }
}
