package io.llmgateway.adapters.internal;

import static io.llmgateway.adapters.internal.TreeInput.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatMessagesTest {

    @Test
    void messagesMustBeANonEmptyArray() throws Exception {
        assertThat(ChatMessages.of(object("{\"messages\":[{}]}"))).hasSize(1);
        for (String bad : List.of("{}", "{\"messages\":[]}", "{\"messages\":null}")) {
            assertThatThrownBy(() -> ChatMessages.of(object(bad))).as(bad)
                    .isInstanceOf(RequestRejectedException.class).hasMessage("messages: expected a non-empty array");
        }
        assertThatThrownBy(() -> ChatMessages.of(object("{\"messages\":\"hi\"}"))).hasMessage("messages: expected an array");
    }

    @Test
    void everyMessageHasARole() throws Exception {
        assertThat(ChatMessages.role(object("{\"role\":\"user\"}"), "messages[0]")).isEqualTo("user");
        assertThatThrownBy(() -> ChatMessages.role(object("{}"), "messages[3]")).hasMessage("messages[3].role: missing");
        assertThatThrownBy(() -> ChatMessages.role(object("{\"role\":1}"), "messages[3]"))
                .hasMessage("messages[3].role: expected a string");
    }

    @Test
    void aConversationThatTranslatesToNothingIsRefused() {
        assertThatThrownBy(() -> ChatMessages.requireAny(List.of()))
                .hasMessage("messages: no user or assistant message with content");
    }
}
