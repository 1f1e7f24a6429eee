package io.llmgateway.codec.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponsesErrorEventTest {

    @Test
    void writesTheResponsesApisErrorEventEscapingTheMessage() {
        ByteBuf e = ResponsesErrorEvent.of(ByteBufAllocator.DEFAULT, GatewayError.UPSTREAM_ERROR_WITHHELD,
                "quoted \"x\"\n", 12);
        try {
            assertThat(e.toString(StandardCharsets.UTF_8)).isEqualTo("event: error\ndata: {\"type\":\"error\","
                    + "\"code\":\"upstream_error\",\"message\":\"quoted \\\"x\\\"\\n\",\"param\":null,"
                    + "\"sequence_number\":12}\n\n");
        } finally {
            e.release();
        }
    }

    @Test
    void aNegativeSequenceNumberIsRefused() {
        assertThatThrownBy(() -> ResponsesErrorEvent.of(ByteBufAllocator.DEFAULT, GatewayError.UPSTREAM_ERROR_WITHHELD,
                "m", -1)).hasMessage("sequenceNumber: -1 (expected: >= 0)");
    }
}
