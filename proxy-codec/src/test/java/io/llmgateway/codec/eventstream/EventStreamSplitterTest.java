package io.llmgateway.codec.eventstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.codec.testing.TestBuffers;
import io.llmgateway.codec.testing.TestBuffers.Layout;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventStreamSplitterTest {

    /** providers.md 7.5: the decoded ConverseStream example, as (event type, payload). */
    static final String[][] CONVERSE_STREAM = {
        {"messageStart", "{\"role\":\"assistant\"}"},
        {"contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"I'll check\"}}"},
        {"contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\" the weather.\"}}"},
        {"contentBlockStop", "{\"contentBlockIndex\":0}"},
        {"contentBlockStart", "{\"contentBlockIndex\":1,\"start\":{\"toolUse\":{\"toolUseId\":\"tooluse_kZJ\",\"name\":\"get_weather\"}}}"},
        {"contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"{\\\"city\\\": \\\"Par\"}}}"},
        {"contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"is\\\"}\"}}}"},
        {"contentBlockStop", "{\"contentBlockIndex\":1}"},
        {"messageStop", "{\"stopReason\":\"tool_use\"}"},
        {"metadata", "{\"usage\":{\"inputTokens\":377,\"outputTokens\":65,\"totalTokens\":442},\"metrics\":{\"latencyMs\":1520}}"},
    };

    static byte[] converseStream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String[] e : CONVERSE_STREAM) {
            out.writeBytes(EventStreamWriter.bytes(event(e[0]), e[1]));
        }
        return out.toByteArray();
    }

    static Map<String, String> event(String type) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(":event-type", type);
        h.put(":content-type", "application/json");
        h.put(":message-type", "event");
        return h;
    }

    @Test
    void aKnownEmptyMessageFromAwssTestSuiteIsRead() {
        // AWS event-stream test vector "empty_message": no headers, no payload, both CRCs.
        byte[] empty = {0, 0, 0, 0x10, 0, 0, 0, 0, 0x05, (byte) 0xc2, 0x48, (byte) 0xeb, 0x7d, (byte) 0x98,
            (byte) 0xc8, (byte) 0xff};
        assertThat(EventStreamWriter.bytes(Map.of(), "")).containsExactly(empty);
        List<ByteBuf> out = split(new EventStreamSplitter(1024), List.of(empty), Layout.HEAP);
        try {
            assertThat(out).hasSize(1);
            assertThat(EventStreamMessage.payload(out.get(0)).readableBytes()).isZero();
            assertThat(EventStreamMessage.match(out.get(0), ":event-type", "x")).isEqualTo(EventStreamMessage.NO_HEADER);
        } finally {
            TestBuffers.releaseAll(out);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void theWholeStreamInOneChunkGivesEveryMessage(Layout layout) {
        assertMessages(List.of(converseStream()), layout);
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void everySplitPointGivesTheSameMessages(Layout layout) {
        byte[] stream = converseStream();
        for (int cut = 1; cut < stream.length; cut++) {
            assertMessages(TestBuffers.split(stream, cut), layout);
        }
    }

    @Test
    void oneByteAtATimeGivesTheSameMessages() {
        assertMessages(TestBuffers.chunks(converseStream(), 1), Layout.DIRECT);
    }

    @Test
    void everyPairOfSplitPointsInOneMessageGivesIt() {
        byte[] one = EventStreamWriter.bytes(event("contentBlockDelta"), CONVERSE_STREAM[1][1]);
        for (int a = 1; a < one.length; a++) {
            for (int b = a + 1; b < one.length; b++) {
                EventStreamSplitter splitter = new EventStreamSplitter(1024);
                List<ByteBuf> out = split(splitter, TestBuffers.split(one, a, b), Layout.HEAP);
                try {
                    assertThat(out).hasSize(1);
                    assertThat(payload(out.get(0))).isEqualTo(CONVERSE_STREAM[1][1]);
                    assertThat(splitter.hasPartialMessage()).isFalse();
                } finally {
                    TestBuffers.releaseAll(out);
                }
            }
        }
    }

    @Test
    void aPartialMessageWaitsAndIsFreedByRelease() {
        byte[] stream = converseStream();
        EventStreamSplitter splitter = new EventStreamSplitter(1024);
        List<ByteBuf> out = new ArrayList<>();
        splitter.split(Unpooled.wrappedBuffer(stream, 0, 5), out);
        assertThat(out).isEmpty();
        assertThat(splitter.hasPartialMessage()).isTrue();
        splitter.release();
        assertThat(splitter.hasPartialMessage()).isFalse();
        ByteBuf late = Unpooled.wrappedBuffer(stream);
        assertThatThrownBy(() -> splitter.split(late, out)).isInstanceOf(IllegalStateException.class);
        assertThat(late.refCnt()).as("the chunk is released even when refused").isZero();
    }

    @Test
    void aCorruptPreludeIsRefusedNamingBothCrcs() {
        byte[] stream = converseStream();
        stream[9] ^= 0x01;
        assertRefused(stream, "event-stream prelude CRC mismatch");
    }

    @Test
    void aCorruptPayloadIsRefusedByTheMessageCrc() {
        byte[] stream = converseStream();
        int first = EventStreamWriter.bytes(event(CONVERSE_STREAM[0][0]), CONVERSE_STREAM[0][1]).length;
        stream[first + 40] ^= 0x20;
        assertRefused(stream, "event-stream message CRC mismatch");
    }

    @Test
    void aMessageLongerThanTheLimitIsRefused() {
        byte[] stream = converseStream();
        EventStreamSplitter splitter = new EventStreamSplitter(40);
        List<ByteBuf> out = new ArrayList<>();
        assertThatThrownBy(() -> splitter.split(Unpooled.wrappedBuffer(stream), out))
                .isInstanceOf(EventStreamFormatException.class)
                .hasMessageMatching("event-stream message length \\d+ \\(expected: 16\\.\\.40\\)");
        assertThat(splitter.hasPartialMessage()).isFalse();
        TestBuffers.releaseAll(out);
    }

    @Test
    void headersOfOtherTypesAreSkippedAndStringsMatched() {
        ByteBuf m = Unpooled.buffer();
        ByteBuf h = Unpooled.buffer();
        h.writeByte(4).writeBytes(ascii("flag")).writeByte(0);
        h.writeByte(3).writeBytes(ascii("num")).writeByte(4).writeInt(42);
        h.writeByte(2).writeBytes(ascii("id")).writeByte(9).writeZero(16);
        h.writeByte(11).writeBytes(ascii(":event-type")).writeByte(7).writeShort(8).writeBytes(ascii("metadata"));
        byte[] payload = ascii("{}");
        int total = 16 + h.readableBytes() + payload.length;
        m.writeInt(total).writeInt(h.readableBytes());
        m.writeInt((int) crc(m, 8)).writeBytes(h).writeBytes(payload);
        m.writeInt((int) crc(m, total - 4));
        h.release();
        List<ByteBuf> out = split(new EventStreamSplitter(1024), List.of(bytes(m)), Layout.DIRECT);
        m.release();
        try {
            ByteBuf message = out.get(0);
            assertThat(EventStreamMessage.match(message, ":event-type", "messageStop", "metadata")).isEqualTo(1);
            assertThat(EventStreamMessage.match(message, ":event-type", "messageStop")).isEqualTo(EventStreamMessage.OTHER);
            assertThat(EventStreamMessage.match(message, "num", "42")).as("not a string header")
                    .isEqualTo(EventStreamMessage.NO_HEADER);
            assertThat(EventStreamMessage.string(message, ":event-type")).isEqualTo("metadata");
            assertThat(payload(message)).isEqualTo("{}");
        } finally {
            TestBuffers.releaseAll(out);
        }
    }

    private static void assertRefused(byte[] stream, String message) {
        for (Layout layout : Layout.values()) {
            EventStreamSplitter splitter = new EventStreamSplitter(1024);
            List<ByteBuf> out = new ArrayList<>();
            assertThatThrownBy(() -> {
                for (byte[] piece : TestBuffers.chunks(stream, 7)) {
                    splitter.split(layout.of(piece), out);
                }
            }).isInstanceOf(EventStreamFormatException.class).hasMessageContaining(message)
                    .hasMessageContaining("(expected: ");
            assertThat(splitter.hasPartialMessage()).isFalse();
            TestBuffers.releaseAll(out);
        }
    }

    private static void assertMessages(List<byte[]> pieces, Layout layout) {
        EventStreamSplitter splitter = new EventStreamSplitter(1024);
        List<ByteBuf> out = split(splitter, pieces, layout);
        try {
            assertThat(out).hasSize(CONVERSE_STREAM.length);
            String[] types = {"messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockStop",
                "messageStop", "metadata"};
            for (int i = 0; i < out.size(); i++) {
                ByteBuf m = out.get(i);
                assertThat(types[EventStreamMessage.match(m, ":event-type", types)]).isEqualTo(CONVERSE_STREAM[i][0]);
                assertThat(EventStreamMessage.match(m, ":message-type", "event")).isZero();
                assertThat(payload(m)).isEqualTo(CONVERSE_STREAM[i][1]);
            }
            assertThat(splitter.hasPartialMessage()).isFalse();
        } finally {
            TestBuffers.releaseAll(out);
            splitter.release();
        }
    }

    private static List<ByteBuf> split(EventStreamSplitter splitter, List<byte[]> pieces, Layout layout) {
        List<ByteBuf> out = new ArrayList<>();
        for (byte[] piece : pieces) {
            splitter.split(layout.of(piece), out);
        }
        return out;
    }

    private static String payload(ByteBuf message) {
        return EventStreamMessage.payload(message).toString(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(ByteBuf b) {
        return io.netty.buffer.ByteBufUtil.getBytes(b);
    }

    private static long crc(ByteBuf b, int length) {
        java.util.zip.CRC32 c = new java.util.zip.CRC32();
        c.update(io.netty.buffer.ByteBufUtil.getBytes(b, 0, length));
        return c.getValue();
    }
}
