package io.llmgateway.core.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.spi.Usage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A stream's usage: the final report as is, else an estimate that never says 0 for relayed text. */
class StreamUsageTest {

    private static StreamUsage relayed(long promptEstimate, String text) {
        StreamUsage u = new StreamUsage(promptEstimate);
        ByteBuf b = Unpooled.copiedBuffer("data: {\"choices\":[{\"delta\":{\"content\":\"" + text + "\"}}]}\n\n",
                StandardCharsets.UTF_8);
        u.text().onEvent(b);
        b.release();
        return u;
    }

    @Test
    void aFinalReportIsTakenAsItIs() {
        StreamUsage u = relayed(100, "x".repeat(400));
        Usage reported = new Usage(1233, 5, 1238, 1024, 188);
        assertThat(u.usage(reported, true)).isSameAs(reported);
        assertThat(u.estimated()).isFalse();
    }

    @Test
    void withoutAReportThePromptIsTheRequestsEstimateAndTheCompletionTheRelayedText() {
        StreamUsage u = relayed(100, "x".repeat(41));
        assertThat(u.usage(null, false)).isEqualTo(Usage.of(100, 11));
        assertThat(u.estimated()).isTrue();
        assertThat(u.usage(null, true)).as("no report is no report, final or not").isEqualTo(Usage.of(100, 11));
    }

    @Test
    void aPartialReportKeepsItsPromptAndCacheCountsAndTheLargerCompletion() {
        StreamUsage u = relayed(100, "x".repeat(40));
        assertThat(u.usage(new Usage(1233, 1, 1234, 1024, 188), false)).isEqualTo(new Usage(1233, 10, 1243, 1024, 188));
        assertThat(u.estimated()).isTrue();
        assertThat(u.usage(Usage.of(20, 50, 70, 0), false)).as("a running count above the text's").isEqualTo(Usage.of(20, 50));
        assertThat(u.usage(Usage.of(0, 0), false)).as("a report without prompt").isEqualTo(Usage.of(100, 10));
    }

    @Test
    void nothingRelayedStillCountsThePrompt() {
        StreamUsage u = new StreamUsage(100);
        assertThat(u.usage(null, false)).isEqualTo(Usage.of(100, 0));
        assertThat(u.estimated()).isTrue();
    }
}
