package io.llmgateway.codec.sse;

import static io.llmgateway.codec.testing.TestBuffers.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.codec.testing.TestBuffers;
import io.llmgateway.codec.testing.TestBuffers.Layout;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseEventSplitterTest {

    /** providers.md 1.4: an OpenAI text stream with usage. */
    static final String OPENAI_STREAM = """
            data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}

            : keep-alive

            data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}

            data: [DONE]

            """;

    @Test
    void splitsOpenAiStream() {
        List<String> events = splitWhole(OPENAI_STREAM);

        assertThat(events).hasSize(6);
        assertThat(String.join("", events)).isEqualTo(OPENAI_STREAM);
        assertThat(events).allSatisfy(e -> assertThat(e).endsWith("\n\n"));
        assertThat(events.get(3)).isEqualTo(": keep-alive\n\n");
        assertThat(events.get(5)).isEqualTo("data: [DONE]\n\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void everyLineEnding(String eol) {
        String stream = ("event: a" + eol + "data: 1" + eol + eol + "data: 2" + eol + "data: 3" + eol + eol
                + ": c" + eol + eol);
        List<String> events = splitWhole(stream);

        assertThat(events).containsExactly("event: a" + eol + "data: 1" + eol + eol,
                "data: 2" + eol + "data: 3" + eol + eol, ": c" + eol + eol);
    }

    @Test
    void mixedLineEndings() {
        // Each blank line may use any of the three breaks, whatever ended the line before it.
        String stream = "data: a\r\n\ndata: b\n\r\ndata: c\r\rdata: d\r\n\rdata: e\n\rdata: f\r\n\r\n";
        assertThat(splitWhole(stream)).containsExactly("data: a\r\n\n", "data: b\n\r\n", "data: c\r\r",
                "data: d\r\n\r", "data: e\n\r", "data: f\r\n\r\n");
    }

    @Test
    void leadingAndRepeatedBlankLinesYieldNoEvents() {
        String stream = "\n\r\n\r\ndata: a\n\n\n\r\n\rdata: b\r\n\r\n\n\n";
        assertThat(splitWhole(stream)).containsExactly("data: a\n\n", "data: b\r\n\r\n");
        assertThat(splitWhole("\n\n\r\n")).isEmpty();
    }

    @Test
    void manyEventsInOneChunkAreSlicesOfIt() {
        SseEventSplitter splitter = new SseEventSplitter(1024);
        List<ByteBuf> out = new ArrayList<>();
        ByteBuf chunk = Layout.DIRECT.of("data: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4");
        chunk.retain();
        try {
            splitter.split(chunk, out);
            assertThat(chunk.refCnt()).as("one reference per event slice, plus the test's").isEqualTo(1 + 3 + 1);
            assertThat(out).hasSize(3).noneMatch(e -> e instanceof CompositeByteBuf);
            assertThat(splitter.hasPartialEvent()).isTrue();
        } finally {
            TestBuffers.releaseAll(out);
            splitter.release();
            assertThat(chunk.refCnt()).isEqualTo(1);
            chunk.release();
        }
        assertThat(splitter.hasPartialEvent()).isFalse();
    }

    @Test
    void eventSpanningChunksIsACompositeOfSlices() {
        SseEventSplitter splitter = new SseEventSplitter(1024);
        List<ByteBuf> out = new ArrayList<>();
        try {
            splitter.split(Layout.DIRECT.of("data: {\"a\":"), out);
            splitter.split(Layout.HEAP.of("1,"), out);
            assertThat(out).isEmpty();
            assertThat(splitter.hasPartialEvent()).isTrue();
            splitter.split(Layout.DIRECT.of("\"b\":2}\n\ndata: x\n\n"), out);

            assertThat(out).hasSize(2);
            assertThat(out.get(0)).isInstanceOf(CompositeByteBuf.class);
            assertThat(((CompositeByteBuf) out.get(0)).numComponents()).isEqualTo(3);
            assertThat(out.get(0).toString(StandardCharsets.UTF_8)).isEqualTo("data: {\"a\":1,\"b\":2}\n\n");
            assertThat(out.get(1)).isNotInstanceOf(CompositeByteBuf.class);
            assertThat(splitter.hasPartialEvent()).isFalse();
        } finally {
            TestBuffers.releaseAll(out);
            splitter.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void everySplitPoint(String eol) {
        String stream = OPENAI_STREAM.replace("\n", eol) + ": a" + eol + "é: 😀" + eol + eol + eol;
        List<String> expected = splitWhole(stream);
        byte[] bytes = utf8(stream);

        for (int cut = 0; cut <= bytes.length; cut++) {
            List<String> events = splitPieces(TestBuffers.split(bytes, cut), Integer.MAX_VALUE);
            assertThat(events).as("cut at %d", cut).isEqualTo(dropLfAfterCut(expected, bytes, cut));
        }
        for (int cut = 0; cut + 1 <= bytes.length; cut += 3) {
            List<String> events = splitPieces(TestBuffers.split(bytes, cut, cut + 1), Integer.MAX_VALUE);
            assertThat(events).as("cuts at %d and %d", cut, cut + 1).isEqualTo(dropLfAfterCut(expected, bytes, cut, cut + 1));
        }
    }

    @Test
    void oneByteChunks() {
        for (String eol : List.of("\n", "\r")) {
            String stream = OPENAI_STREAM.replace("\n", eol);
            assertThat(splitPieces(TestBuffers.chunks(utf8(stream), 1), Integer.MAX_VALUE)).isEqualTo(splitWhole(stream));
        }
        // With \r\n every blank line's \n arrives alone after the \r that already ended the event.
        String crlf = OPENAI_STREAM.replace("\n", "\r\n");
        List<String> expected = splitWhole(crlf).stream().map(e -> e.substring(0, e.length() - 1)).toList();
        assertThat(splitPieces(TestBuffers.chunks(utf8(crlf), 1), Integer.MAX_VALUE)).isEqualTo(expected);
    }

    @Test
    void crlfCutBetweenCrAndLf() {
        SseEventSplitter splitter = new SseEventSplitter(1024);
        List<ByteBuf> out = new ArrayList<>();
        try {
            // Cut inside the line break that ends a data line: the event is not over yet.
            splitter.split(Layout.DIRECT.of("data: a\r"), out);
            splitter.split(Layout.DIRECT.of("\ndata: b\r"), out);
            splitter.split(Layout.DIRECT.of("\n\r"), out);
            assertThat(strings(out)).containsExactly("data: a\r\ndata: b\r\n\r");
            // The \n completing the blank line's \r\n is not a blank line of its own.
            splitter.split(Layout.DIRECT.of("\ndata: c\r\n\r\n"), out);
            assertThat(strings(out)).containsExactly("data: a\r\ndata: b\r\n\r", "data: c\r\n\r\n");
            assertThat(splitter.hasPartialEvent()).isFalse();
        } finally {
            TestBuffers.releaseAll(out);
            splitter.release();
        }
    }

    @Test
    void eventOfExactlyTheLimitPasses() {
        String event = "data: " + "x".repeat(10) + "\n\n";
        int size = event.length();
        assertThat(splitPieces(TestBuffers.chunks(utf8(event + event), 5), size)).containsExactly(event, event);
    }

    @Test
    void oversizeEventIsRejectedAndStateReleased() {
        SseEventSplitter splitter = new SseEventSplitter(16);
        List<ByteBuf> out = new ArrayList<>();
        ByteBuf last = Layout.DIRECT.of("3456789\n\n");
        try {
            splitter.split(Layout.DIRECT.of("data: ok\n\ndata: 0"), out);
            splitter.split(Layout.DIRECT.of("12"), out);
            assertThat(splitter.hasPartialEvent()).isTrue();
            assertThatThrownBy(() -> splitter.split(last, out))
                    .isInstanceOf(SseFormatException.class)
                    .hasMessageContaining("longer than 16 bytes");
            assertThat(last.refCnt()).isZero();
            assertThat(splitter.hasPartialEvent()).isFalse();
            assertThat(strings(out)).containsExactly("data: ok\n\n");

            ByteBuf after = Layout.DIRECT.of("data: x\n\n");
            assertThatThrownBy(() -> splitter.split(after, out)).isInstanceOf(IllegalStateException.class);
            assertThat(after.refCnt()).isZero();
        } finally {
            TestBuffers.releaseAll(out);
            splitter.release();
        }
    }

    @Test
    void oversizeEventInOneChunkIsRejected() {
        SseEventSplitter splitter = new SseEventSplitter(8);
        List<ByteBuf> out = new ArrayList<>();
        ByteBuf chunk = Layout.HEAP.of("data: 123456\n\n");
        try {
            assertThatThrownBy(() -> splitter.split(chunk, out)).isInstanceOf(SseFormatException.class);
            assertThat(chunk.refCnt()).isZero();
            assertThat(out).isEmpty();
        } finally {
            splitter.release();
        }
    }

    @Test
    void releaseFreesPartialEventAndIsIdempotent() {
        SseEventSplitter splitter = new SseEventSplitter(1024);
        List<ByteBuf> out = new ArrayList<>();
        ByteBuf first = Layout.DIRECT.of("data: par");
        ByteBuf second = Layout.COMPOSITE.of("tial");
        first.retain();
        second.retain();
        try {
            splitter.split(first, out);
            splitter.split(second, out);
            assertThat(out).isEmpty();
            assertThat(first.refCnt()).isEqualTo(2);
            splitter.release();
            splitter.release();
            assertThat(first.refCnt()).isEqualTo(1);
            assertThat(second.refCnt()).isEqualTo(1);
            assertThat(splitter.hasPartialEvent()).isFalse();
        } finally {
            first.release();
            second.release();
        }
    }

    @Test
    void emptyChunksAreReleased() {
        SseEventSplitter splitter = new SseEventSplitter(1024);
        List<ByteBuf> out = new ArrayList<>();
        ByteBuf empty = Layout.DIRECT.of(new byte[0]);
        splitter.split(empty, out);
        assertThat(empty.refCnt()).isZero();
        assertThat(out).isEmpty();
        splitter.release();
    }

    @Test
    void rejectsNonPositiveLimit() {
        assertThatThrownBy(() -> new SseEventSplitter(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEventBytes");
    }

    @Test
    void worksWithSseEventsReader() {
        SseEventSplitter splitter = new SseEventSplitter(4096);
        List<ByteBuf> out = new ArrayList<>();
        try {
            for (byte[] piece : TestBuffers.chunks(utf8(OPENAI_STREAM), 37)) {
                splitter.split(Layout.DIRECT.of(piece), out);
            }
            assertThat(out).hasSize(6);
            assertThat(SseEvents.isCommentOnly(out.get(3))).isTrue();
            assertThat(SseEvents.isDone(out.get(5))).isTrue();
            ByteBuf data = SseEvents.data(out.get(1), io.netty.buffer.PooledByteBufAllocator.DEFAULT);
            try {
                assertThat(data.toString(StandardCharsets.UTF_8)).contains("\"content\":\"Hello\"");
            } finally {
                data.release();
            }
        } finally {
            TestBuffers.releaseAll(out);
            splitter.release();
        }
    }

    // ---- helpers

    private static List<String> splitWhole(String stream) {
        return splitPieces(List.of(utf8(stream)), Integer.MAX_VALUE);
    }

    /** Feeds the pieces (alternating layouts) and returns the events as strings, releasing everything. */
    private static List<String> splitPieces(List<byte[]> pieces, int maxEventBytes) {
        SseEventSplitter splitter = new SseEventSplitter(maxEventBytes);
        List<ByteBuf> out = new ArrayList<>();
        try {
            int i = 0;
            for (byte[] piece : pieces) {
                splitter.split(Layout.values()[i++ % Layout.values().length].of(piece), out);
            }
            return strings(out);
        } finally {
            TestBuffers.releaseAll(out);
            splitter.release();
        }
    }

    private static List<String> strings(List<ByteBuf> events) {
        List<String> strings = new ArrayList<>(events.size());
        for (ByteBuf event : events) {
            strings.add(event.toString(StandardCharsets.UTF_8));
        }
        return strings;
    }

    /**
     * The events expected when the stream is cut at {@code cuts}: a cut between the \r and \n of
     * the blank line that ends an event ends the event at the \r (documented behaviour).
     */
    private static List<String> dropLfAfterCut(List<String> whole, byte[] bytes, int... cuts) {
        List<String> expected = new ArrayList<>(whole.size());
        int offset = 0;
        for (String event : whole) {
            int length = utf8(event).length;
            int end = offset + length;
            boolean cutBeforeFinalLf = false;
            for (int cut : cuts) {
                cutBeforeFinalLf |= cut == end - 1 && event.endsWith("\r\n\r\n") || cut == end - 1 && event.endsWith("\n\r\n");
            }
            expected.add(cutBeforeFinalLf ? event.substring(0, event.length() - 1) : event);
            // Blank padding after the event is not part of any event.
            offset = end;
            while (offset < bytes.length && (bytes[offset] == '\n' || bytes[offset] == '\r')) {
                offset++;
            }
        }
        return expected;
    }
}
