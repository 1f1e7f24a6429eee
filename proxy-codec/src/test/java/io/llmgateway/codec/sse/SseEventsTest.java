package io.llmgateway.codec.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SseEventsTest {

    private static <T> T with(String event, Function<ByteBuf, T> f) {
        ByteBuf b = Unpooled.copiedBuffer(event, StandardCharsets.UTF_8);
        try {
            return f.apply(b);
        } finally {
            b.release();
        }
    }

    private static String data(String event) {
        return with(event, b -> {
            ByteBuf d = SseEvents.data(b, ByteBufAllocator.DEFAULT);
            if (d == null) {
                return null;
            }
            try {
                return d.toString(StandardCharsets.UTF_8);
            } finally {
                d.release();
            }
        });
    }

    @Test
    void dataOfOneAndOfSeveralLines() {
        assertThat(data("data: {\"a\":1}\n\n")).isEqualTo("{\"a\":1}");
        assertThat(data("data:{\"a\":1}\r\n\r\n")).isEqualTo("{\"a\":1}");
        assertThat(data("event: x\ndata: one\ndata: two\n\n")).isEqualTo("one\ntwo");
        assertThat(data(": comment\n\n")).isNull();
        assertThat(data("data\n\n")).isEmpty();
    }

    @Test
    void doneErrorNameAndComments() {
        assertThat(with("data: [DONE]\n\n", SseEvents::isDone)).isTrue();
        assertThat(with("data: [DONE] \n\n", SseEvents::isDone)).isFalse();
        assertThat(with("data: {\"choices\":[]}\n\n", SseEvents::isDone)).isFalse();

        assertThat(with("data: {\"error\":{\"message\":\"boom\"}}\n\n", SseEvents::isError)).isTrue();
        assertThat(with("data:  { \"error\" : {}}\r\n\r\n", SseEvents::isError)).isTrue();
        assertThat(with("data: {\"choices\":[{\"delta\":{\"content\":\"\\\"error\\\"\"}}]}\n\n", SseEvents::isError))
                .isFalse();
        assertThat(with("data: [DONE]\n\n", SseEvents::isError)).isFalse();

        assertThat(with("data: {\"type\":\"error\",\"error\":{}}\n\n", SseEvents::isError)).as("OpenAI's shape only")
                .isFalse();

        assertThat(with("event: message_start\ndata: {}\n\n", SseEvents::eventName)).isEqualTo("message_start");
    }

    @Test
    void errorEventsOfEveryDialect() {
        assertThat(with("data: {\"error\":{\"message\":\"boom\"}}\n\n", SseEvents::isErrorEvent)).isTrue();
        assertThat(with("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}\n\n",
                SseEvents::isErrorEvent)).as("Anthropic").isTrue();
        assertThat(with("event: error\r\ndata: {\"type\":\"error\",\"code\":\"x\",\"message\":\"m\"}\r\n\r\n",
                SseEvents::isErrorEvent)).as("Responses").isTrue();
        assertThat(with("event: response.failed\ndata: {\"type\":\"response.failed\"}\n\n",
                SseEvents::isErrorEvent)).isTrue();
        assertThat(with(": ping\nid: 7\nevent:error\ndata: {}\n\n", SseEvents::isErrorEvent)).isTrue();
        assertThat(with("data: { \"type\" : \"error\", \"error\":{}}\n\n", SseEvents::isErrorEvent))
                .as("no event line").isTrue();
        assertThat(with("data: {\"type\":\"response.failed\",\"response\":{}}\n\n", SseEvents::isErrorEvent))
                .isTrue();

        assertThat(with("event: content_block_delta\ndata: {\"type\":\"error\"}\n\n", SseEvents::isErrorEvent))
                .as("the event line decides").isFalse();
        assertThat(with("event: errors\ndata: {}\n\n", SseEvents::isErrorEvent)).isFalse();
        assertThat(with("event: response.failed.x\ndata: {}\n\n", SseEvents::isErrorEvent)).isFalse();
        assertThat(with("data: {\"type\":\"response.output_text.delta\",\"delta\":\"error\"}\n\n",
                SseEvents::isErrorEvent)).isFalse();
        assertThat(with("data: {\"type\":\"response.failedx\"}\n\n", SseEvents::isErrorEvent)).isFalse();
        assertThat(with("data: {\"type\":\"err\n\n", SseEvents::isErrorEvent)).isFalse();
        assertThat(with("data: {\"choices\":[{\"delta\":{\"content\":\"\\\"error\\\"\"}}]}\n\n",
                SseEvents::isErrorEvent)).isFalse();
        assertThat(with("data: [DONE]\n\n", SseEvents::isErrorEvent)).isFalse();
        assertThat(with(": keep-alive\n\n", SseEvents::isErrorEvent)).isFalse();
        assertThat(with("data: {}\n\n", SseEvents::eventName)).isNull();
        assertThat(with(": keep-alive\n\n", SseEvents::isCommentOnly)).isTrue();
        assertThat(with("data: x\n\n", SseEvents::isCommentOnly)).isFalse();
    }

    @Test
    void encoders() {
        ByteBuf e = SseEvents.encodeData(ByteBufAllocator.DEFAULT, "{\"x\":\"é\"}");
        ByteBuf d = SseEvents.done(ByteBufAllocator.DEFAULT);
        try {
            assertThat(e.toString(StandardCharsets.UTF_8)).isEqualTo("data: {\"x\":\"é\"}\n\n");
            assertThat(d.toString(StandardCharsets.UTF_8)).isEqualTo("data: [DONE]\n\n");
        } finally {
            e.release();
            d.release();
        }
    }
}
