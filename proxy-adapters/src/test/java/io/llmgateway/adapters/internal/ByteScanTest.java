package io.llmgateway.adapters.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.adapters.testing.TestRequests;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

class ByteScanTest {

    /** Every position of the byte sought, in and out of a whole word, with high bytes around. */
    @Test
    void findsTheFirstMatchAtEveryOffset() {
        for (int len = 0; len < 40; len++) {
            for (int at = 0; at <= len; at++) {
                byte[] a = new byte[len + 3];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (byte) (i % 3 == 0 ? 0xC3 : 'x'); // UTF-8 lead bytes must not look like controls
                }
                int from = 1;
                int to = from + len;
                if (at < len) {
                    a[from + at] = '\r';
                }
                assertThat(ByteScan.lineEnd(a, from, to)).isEqualTo(from + at);
                if (at < len) {
                    a[from + at] = '"';
                }
                assertThat(ByteScan.quote(a, from, to)).isEqualTo(from + at);
                assertThat(ByteScan.stringStop(a, from, to)).isEqualTo(from + at);
                if (at < len) {
                    a[from + at] = 0x1f;
                    assertThat(ByteScan.stringStop(a, from, to)).isEqualTo(from + at);
                    a[from + at] = '\\';
                    assertThat(ByteScan.stringStop(a, from, to)).isEqualTo(from + at);
                    a[from + at] = 0x20;
                    assertThat(ByteScan.stringStop(a, from, to)).as("a space is plain").isEqualTo(to);
                }
            }
        }
    }

    @Test
    void choicesAreFoundWithoutParsing() {
        assertThat(choices("data: {\"id\":\"x\",\"choices\":[{\"index\":0}]}\n\n")).isEqualTo(ChoicesFinder.NON_EMPTY_CHOICES);
        assertThat(choices("data: {\"id\":\"choices\",\"choices\" : [ ] ,\"usage\":{}}\n\n"))
                .isEqualTo(ChoicesFinder.EMPTY_CHOICES);
        assertThat(choices("data: {\"error\":{\"message\":\"no choices\"}}\n\n")).isEqualTo(ChoicesFinder.NO_CHOICES);
        assertThat(choices("data: {\"choices\"")).isEqualTo(ChoicesFinder.NO_CHOICES);
        assertThat(choices("data: {\"choices\":[")).isEqualTo(ChoicesFinder.NON_EMPTY_CHOICES);
        assertThat(choices("x")).isEqualTo(ChoicesFinder.NO_CHOICES);
    }

    private static int choices(String event) {
        ByteBuf b = TestRequests.buf(event);
        try {
            return ChoicesFinder.find(b);
        } finally {
            b.release();
        }
    }
}
