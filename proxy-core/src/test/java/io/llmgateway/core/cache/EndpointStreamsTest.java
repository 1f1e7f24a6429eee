package io.llmgateway.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.spi.Endpoint;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EndpointStreamsTest {

    private static boolean complete(Endpoint endpoint, String events) {
        byte[] b = (events + "trailing bytes beyond the length").getBytes(StandardCharsets.UTF_8);
        return EndpointStreams.complete(endpoint, b, events.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void aChatStreamIsWholeWhenItEndsWithDone() {
        assertThat(complete(Endpoint.CHAT_COMPLETIONS, "data: {}\n\ndata: [DONE]\n\n")).isTrue();
        assertThat(complete(Endpoint.COMPLETIONS, "data: {}\n\ndata: [DONE]\r\n\r\n")).isTrue();
        assertThat(complete(Endpoint.CHAT_COMPLETIONS, "data: {}\n\n")).isFalse();
    }

    @Test
    void aMessagesStreamIsWholeWhenItEndsWithMessageStop() {
        String start = "event: message_start\ndata: {\"type\":\"message_start\"}\n\n";
        assertThat(complete(Endpoint.MESSAGES, start + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"))
                .isTrue();
        assertThat(complete(Endpoint.MESSAGES, start)).isFalse();
        assertThat(complete(Endpoint.MESSAGES, start + "event: error\ndata: {\"type\":\"error\"}\n\n")).isFalse();
        assertThat(complete(Endpoint.MESSAGES, start + "data: [DONE]\n\n")).isFalse();
    }

    @Test
    void aResponsesStreamIsWholeWhenItEndsCompletedOrIncomplete() {
        String created = "event: response.created\ndata: {}\n\n";
        assertThat(complete(Endpoint.RESPONSES, created + "event: response.completed\ndata: {}\n\n")).isTrue();
        assertThat(complete(Endpoint.RESPONSES, created + "event: response.incomplete\ndata: {}\n\n")).isTrue();
        assertThat(complete(Endpoint.RESPONSES, created + "event: response.failed\ndata: {}\n\n")).isFalse();
        assertThat(complete(Endpoint.RESPONSES, created)).isFalse();
        assertThat(complete(Endpoint.RESPONSES, "event: response.completed\ndata: {}\n\nevent: error\ndata: {}\n\n"))
                .isFalse();
    }

    @Test
    void eachOperationReplaysItsOwnAnswerOnly() {
        byte[] message = ("{\"id\":\"msg_1\",\"type\":\"message\",\"model\":\"c\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"Hi\"}],\"stop_reason\":\"end_turn\"}").getBytes(StandardCharsets.UTF_8);
        byte[] response = ("{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1,\"status\":\"completed\","
                + "\"model\":\"g\",\"output\":[]}").getBytes(StandardCharsets.UTF_8);
        assertThat(new String(EndpointStreams.replay(Endpoint.MESSAGES, message, false), StandardCharsets.UTF_8))
                .startsWith("event: message_start\n").contains("\"text\":\"Hi\"").endsWith("event: message_stop\n"
                        + "data: {\"type\":\"message_stop\"}\n\n");
        assertThat(new String(EndpointStreams.replay(Endpoint.RESPONSES, response, false), StandardCharsets.UTF_8))
                .startsWith("event: response.created\n").contains("event: response.completed\n");
        assertThat(EndpointStreams.replay(Endpoint.MESSAGES, response, false)).isNull();
        assertThat(EndpointStreams.replay(Endpoint.RESPONSES, message, false)).isNull();
        assertThat(EndpointStreams.replay(Endpoint.CHAT_COMPLETIONS, message, false)).isNull();
        assertThat(EndpointStreams.replay(Endpoint.EMBEDDINGS, message, false)).isNull();
    }
}
