package io.llmgateway.core.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.spi.Usage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RelayedUsageTest {

    private static final String BODY = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"the \\\"usage\\\" is {high}\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,\"total_tokens\":18,"
            + "\"prompt_tokens_details\":{\"cached_tokens\":3}},\"system_fingerprint\":\"fp\"}";

    private static Usage relayInPieces(String body, int... cuts) {
        RelayedUsage u = new RelayedUsage();
        try {
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : body.length();
                ByteBuf piece = Unpooled.copiedBuffer(body.substring(from, to), StandardCharsets.UTF_8);
                u.onBody(piece);
                piece.release(); // the relay writes it on; the tracker kept its own reference
                from = to;
            }
            return u.usage(ByteBufAllocator.DEFAULT);
        } finally {
            u.release();
        }
    }

    @Test
    void readsTheUsageAtTheEndOfABodyWhereverTheChunksAreCut() {
        Usage expected = Usage.of(11, 7, 18, 3);
        assertThat(relayInPieces(BODY)).isEqualTo(expected);
        for (int cut = 1; cut < BODY.length(); cut++) {
            assertThat(relayInPieces(BODY, cut)).as("cut at %d", cut).isEqualTo(expected);
        }
        int u = BODY.indexOf("\"usage\":{");
        assertThat(relayInPieces(BODY, 10, u + 3, u + 30)).as("usage spanning three chunks, only two kept")
                .isNull();
    }

    @Test
    void usageAsAValueIsNotTheKeyAndOnlyTheTailIsSearched() {
        assertThat(relayInPieces("{\"usage\":{\"prompt_tokens\":2},\"type\":\"usage\" , \"k\":\"usage\"}"))
                .isEqualTo(Usage.of(2, 0, 2, 0));
        String padding = "x".repeat(RelayedUsage.TAIL_BYTES);
        String late = "{\"choices\":[{\"message\":{\"content\":\"" + padding + "\"}}],\"usage\":{\"prompt_tokens\":5}}";
        assertThat(relayInPieces(late, 100, late.length() - 20)).isEqualTo(Usage.of(5, 0, 5, 0));
        String early = "{\"usage\":{\"prompt_tokens\":5},\"choices\":[{\"message\":{\"content\":\"" + padding + "\"}}]}";
        assertThat(relayInPieces(early, 100, early.length() - 20)).as("beyond the searched tail").isNull();
    }

    @Test
    void onlyAnEventWithAUsageObjectIsKeptSoContentEventsPinNothing() {
        RelayedUsage u = new RelayedUsage();
        RelayedContent text = new RelayedContent();
        try {
            ByteBuf usage = Unpooled.copiedBuffer("data: {\"choices\":[],\"usage\" : {\"prompt_tokens\":4,"
                    + "\"completion_tokens\":2}}\n\n", StandardCharsets.UTF_8);
            ByteBuf content = Unpooled.copiedBuffer("data: {\"choices\":[{\"delta\":{\"content\":\"\\\"usage\\\": {\"}}],"
                    + "\"usage\":null}\n\n", StandardCharsets.UTF_8);
            for (ByteBuf event : new ByteBuf[] {usage, content}) {
                if (text.onEvent(event)) { // as the stream relay does
                    u.onUsageEvent(event);
                }
            }
            assertThat(content.refCnt()).as("a content event is not retained").isEqualTo(1);
            assertThat(usage.refCnt()).as("the usage event is").isEqualTo(2);
            usage.release();
            content.release();
            assertThat(u.usage(ByteBufAllocator.DEFAULT)).as("a later usage:null does not hide the usage")
                    .isEqualTo(Usage.of(4, 2, 6, 0));
        } finally {
            u.release();
        }
    }

    @Test
    void noUsageOrANullUsageIsUnknown() {
        assertThat(relayInPieces("{\"id\":\"x\",\"choices\":[]}")).isNull();
        assertThat(relayInPieces("{\"id\":\"x\",\"usage\":null}")).isNull();
        assertThat(relayInPieces("{\"usage\":{\"prompt_tokens\":1")).isNull();
    }

    @Test
    void aStreamsUsageChunkOrNothing() {
        RelayedUsage u = new RelayedUsage();
        try {
            ByteBuf b = Unpooled.copiedBuffer("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":4,"
                    + "\"completion_tokens\":2,\"total_tokens\":6}}\n\n", StandardCharsets.UTF_8);
            u.onUsageEvent(b);
            b.release();
            assertThat(u.usage(ByteBufAllocator.DEFAULT)).isEqualTo(Usage.of(4, 2, 6, 0));
        } finally {
            u.release();
        }
        RelayedUsage none = new RelayedUsage();
        try {
            assertThat(none.usage(ByteBufAllocator.DEFAULT)).as("no report: the estimate is StreamUsage's").isNull();
        } finally {
            none.release();
        }
    }
}
