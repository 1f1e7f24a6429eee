package io.llmgateway.codec.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LeadingIdScannerTest {

    private static final String BODY = "{\n  \"id\": \"resp_67ccd2bed1ec8190\",\n  \"object\": \"response\"}";
    private static final String STREAM = "event: response.created\n"
            + "data: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_abc.1\","
            + "\"object\":\"response\",\"status\":\"in_progress\"}}\n\n"
            + "event: response.in_progress\ndata: {\"type\":\"response.in_progress\"}\n\n";

    @Test
    void findsTheFirstIdOfABody() {
        assertThat(scanWhole(BODY)).isEqualTo("resp_67ccd2bed1ec8190");
        assertThat(scanWhole("{\"object\":\"file\",\"id\":\"file-abc123\",\"bytes\":12}")).isEqualTo("file-abc123");
    }

    @Test
    void findsTheResponseIdOfAStream() {
        assertThat(scanWhole(STREAM)).isEqualTo("resp_abc.1");
    }

    @Test
    void findsTheIdSplitAcrossBuffersAtEveryPoint() {
        for (String text : new String[] {BODY, STREAM}) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            String expected = scanWhole(text);
            for (int cut1 = 1; cut1 < bytes.length - 1; cut1++) {
                int cut2 = Math.min(bytes.length - 1, cut1 + 7);
                LeadingIdScanner s = new LeadingIdScanner(4096);
                boolean done = feed(s, bytes, 0, cut1) || feed(s, bytes, cut1, cut2) || feed(s, bytes, cut2, bytes.length);
                assertThat(done).as("cut at %d", cut1).isTrue();
                assertThat(s.id()).as("cut at %d", cut1).isEqualTo(expected);
            }
        }
    }

    @Test
    void anIdInsideAStringValueIsNoKey() {
        assertThat(scanWhole("{\"note\":\"\\\"id\\\": \\\"x\\\"\",\"idx\":\"no\",\"id\":\"yes\"}")).isEqualTo("yes");
    }

    @Test
    void anIdThatCannotGoIntoAPathEndsTheSearchWithout() {
        assertThat(scanWhole("{\"id\":\"a/b\",\"x\":1}")).isNull();
        assertThat(scanWhole("{\"id\":\"\"}")).isNull();
        assertThat(scanWhole("{\"id\":\"" + "a".repeat(LeadingIdScanner.MAX_ID_CHARS + 1) + "\"}")).isNull();
    }

    @Test
    void aNonStringIdIsSkipped() {
        assertThat(scanWhole("{\"id\": null, \"inner\": {\"id\" : \"later\"}}")).isEqualTo("later");
    }

    @Test
    void givesUpAfterItsBudget() {
        LeadingIdScanner s = new LeadingIdScanner(16);
        ByteBuf b = Unpooled.copiedBuffer("{\"padding\":\"0123456789\",\"id\":\"late\"}", StandardCharsets.UTF_8);
        try {
            assertThat(s.feed(b)).isTrue();
            assertThat(s.id()).isNull();
            assertThat(b.readerIndex()).isZero();
        } finally {
            b.release();
        }
    }

    @Test
    void keepsSearchingWhileTheIdIsNotThereYet() {
        LeadingIdScanner s = new LeadingIdScanner(4096);
        ByteBuf b = Unpooled.copiedBuffer("{\"object\":\"batch\",", StandardCharsets.UTF_8);
        try {
            assertThat(s.feed(b)).isFalse();
            assertThat(s.done()).isFalse();
            assertThat(s.id()).isNull();
        } finally {
            b.release();
        }
    }

    private static String scanWhole(String text) {
        LeadingIdScanner s = new LeadingIdScanner(4096);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        feed(s, bytes, 0, bytes.length);
        return s.id();
    }

    private static boolean feed(LeadingIdScanner s, byte[] bytes, int from, int to) {
        ByteBuf b = Unpooled.wrappedBuffer(bytes, from, to - from);
        try {
            return s.feed(b);
        } finally {
            b.release();
        }
    }
}
