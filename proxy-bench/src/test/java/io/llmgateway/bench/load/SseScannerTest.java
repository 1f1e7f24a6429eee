package io.llmgateway.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseScannerTest {

    private final SseScanner scanner = new SseScanner();
    private final List<String> events = new ArrayList<>();
    private final SseScanner.Listener listener = (content, done) -> events.add(done ? "done" : content ? "content" : "other");

    @Test
    void classifiesOpenAiChatEvents() {
        feed("data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
                + "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n\n"
                + "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                + ": keep-alive\n\n"
                + "data: [DONE]\n\n");

        assertThat(events).containsExactly("other", "content", "other", "other", "done");
    }

    @Test
    void joinsEventsSplitAcrossBuffersAndCrlf() {
        String stream = "data: {\"choices\":[{\"text\": \"x\"}]}\r\n\r\ndata: [DONE]\r\n\r\n";
        for (int i = 0; i < stream.length(); i++) {
            feed(stream.substring(i, i + 1));
        }

        assertThat(events).containsExactly("content", "done");
    }

    @Test
    void recognisesOtherProvidersDeltas() {
        feed("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"In\"}\n\n"
                + "event: content_block_delta\ndata: {\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}\n\n"
                + "data: {\"choices\":[{\"delta\":{\"content\":\"data: [DONE]\"}}]}\n\n");

        assertThat(events).containsExactly("content", "content", "content");
    }

    private void feed(String text) {
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        try {
            scanner.feed(buf, listener);
        } finally {
            buf.release();
        }
    }
}
