package io.llmgateway.codec.json;

import static io.llmgateway.codec.testing.TestBuffers.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.spi.Usage;
import io.llmgateway.codec.sse.SseEventSplitter;
import io.llmgateway.codec.sse.SseEvents;
import io.llmgateway.codec.testing.TestBuffers;
import io.llmgateway.codec.testing.TestBuffers.Layout;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsageScannerTest {

    /** providers.md 1.3, text answer. */
    static final String TEXT_ANSWER = """
            {
              "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
              "object": "chat.completion",
              "created": 1741570283,
              "model": "gpt-4o-2024-08-06",
              "choices": [
                {
                  "index": 0,
                  "message": {
                    "role": "assistant",
                    "content": "It is 18 degrees C and cloudy in Paris.",
                    "refusal": null,
                    "annotations": []
                  },
                  "logprobs": null,
                  "finish_reason": "stop"
                }
              ],
              "usage": {
                "prompt_tokens": 1117,
                "completion_tokens": 12,
                "total_tokens": 1129,
                "prompt_tokens_details": {"cached_tokens": 1024, "audio_tokens": 0},
                "completion_tokens_details": {
                  "reasoning_tokens": 0,
                  "audio_tokens": 0,
                  "accepted_prediction_tokens": 0,
                  "rejected_prediction_tokens": 0
                }
              },
              "service_tier": "default",
              "system_fingerprint": "fp_fc9f1d7035"
            }
            """;

    /** providers.md 1.3, tool-call answer (no prompt_tokens_details). */
    static final String TOOL_CALL_ANSWER = """
            {"id":"chatcmpl-abc123","object":"chat.completion","created":1699896916,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_abc123",
             "type":"function","function":{"name":"get_current_weather","arguments":"{\\n\\"location\\": \\"Boston, MA\\"\\n}"}}]},
             "logprobs":null,"finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99,
             "completion_tokens_details":{"reasoning_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}
            """;

    /** providers.md 1.4: the usage chunk of a stream, and an ordinary chunk before it. */
    static final String USAGE_CHUNK = "{\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,"
            + "\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,"
            + "\"completion_tokens\":2,\"total_tokens\":11,\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
            + "\"rejected_prediction_tokens\":0}}}";
    static final String CONTENT_CHUNK = "{\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,"
            + "\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"delta\":"
            + "{\"content\":\"Hello\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}";

    @Test
    void nonStreamBodies() {
        assertThat(scan(TEXT_ANSWER)).isEqualTo(Usage.of(1117, 12, 1129, 1024));
        assertThat(scan(TOOL_CALL_ANSWER)).isEqualTo(Usage.of(82, 17, 99, 0));
        // providers.md 1.6: legacy completions and embeddings.
        assertThat(scan("{\"id\":\"cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7\",\"object\":\"text_completion\",\"choices\":[{\"text\":\"x\"}],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7,\"total_tokens\":12}}")).isEqualTo(Usage.of(5, 7, 12, 0));
        assertThat(scan("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.0023064255,-0.009327292]}],"
                + "\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":8,\"total_tokens\":8}}")).isEqualTo(Usage.of(8, 0, 8, 0));
    }

    @Test
    void streamChunks() {
        assertThat(scan(USAGE_CHUNK)).isEqualTo(Usage.of(9, 2, 11, 0));
        assertThat(scan(CONTENT_CHUNK)).isNull();
        assertThat(scan("[DONE]")).isNull();
    }

    @Test
    void usageChunkThroughTheSplitter() {
        String stream = "data: " + CONTENT_CHUNK + "\n\ndata: " + USAGE_CHUNK + "\n\ndata: [DONE]\n\n";
        SseEventSplitter splitter = new SseEventSplitter(1 << 16);
        List<ByteBuf> events = new ArrayList<>();
        List<Usage> usages = new ArrayList<>();
        try {
            for (byte[] piece : TestBuffers.chunks(utf8(stream), 50)) {
                splitter.split(Layout.DIRECT.of(piece), events);
            }
            for (ByteBuf event : events) {
                ByteBuf data = SseEvents.data(event, PooledByteBufAllocator.DEFAULT);
                try {
                    usages.add(UsageScanner.scan(data));
                } finally {
                    data.release();
                }
            }
        } finally {
            TestBuffers.releaseAll(events);
            splitter.release();
        }
        assertThat(usages).containsExactly(null, Usage.of(9, 2, 11, 0), null);
    }

    @Test
    void fedChunkByChunkAtEveryCut() {
        byte[] body = utf8(TEXT_ANSWER);
        Usage expected = Usage.of(1117, 12, 1129, 1024);
        for (int cut = 0; cut <= body.length; cut++) {
            assertThat(scanPieces(TestBuffers.split(body, cut))).as("cut at %d", cut).isEqualTo(expected);
        }
        assertThat(scanPieces(TestBuffers.chunks(body, 1))).isEqualTo(expected);
        for (Layout layout : Layout.values()) {
            ByteBuf buf = layout.of(body);
            try {
                assertThat(UsageScanner.scan(buf)).isEqualTo(expected);
                assertThat(buf.readerIndex()).isEqualTo(layout == Layout.OFFSET ? 7 : 0);
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void ignoresUsageKeysBelowTopLevelAndOtherContent() {
        String body = "{\"choices\":[{\"usage\":{\"prompt_tokens\":1}}],\"metadata\":{\"usage\":{\"total_tokens\":2}},"
                + "\"usage\":{\"extra\":{\"prompt_tokens\":99,\"cached_tokens\":98},\"prompt_tokens\":3,\"completion_tokens\":4,"
                + "\"completion_tokens_details\":{\"cached_tokens\":97},\"prompt_tokens_details\":{\"audio_tokens\":1,"
                + "\"nested\":{\"cached_tokens\":96},\"cached_tokens\":2},\"new_field\":[1,{\"total_tokens\":95}]},\"after\":[]}";
        assertThat(scan(body)).isEqualTo(Usage.of(3, 4, 7, 2));
    }

    @Test
    void readsCacheWritesBesideCacheReads() {
        String body = "{\"id\":\"x\",\"usage\":{\"prompt_tokens\":1401,\"completion_tokens\":65,\"total_tokens\":1466,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":1024,\"cache_write_tokens\":200}}}";
        assertThat(scan(body)).isEqualTo(new Usage(1401, 65, 1466, 1024, 200));
        assertThat(scan(body).uncachedPromptTokens()).isEqualTo(177);
        byte[] object = ("{\"prompt_tokens\":1401,\"completion_tokens\":65,\"prompt_tokens_details\":"
                + "{\"cache_write_tokens\":200,\"cached_tokens\":1024}}").getBytes(StandardCharsets.UTF_8);
        assertThat(UsageScanner.readUsageObject(object, 0, object.length)).isEqualTo(new Usage(1401, 65, 1466, 1024, 200));
        byte[] spaced = "{ \"prompt_tokens_details\" : { \"cache_write_tokens\" : 3 } , \"prompt_tokens\":\"\\u0031\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(UsageScanner.readUsageObject(spaced, 0, spaced.length)).isEqualTo(new Usage(0, 0, 0, 0, 3));
    }

    @Test
    void oddCounts() {
        assertThat(scan("{\"usage\":{}}")).isEqualTo(Usage.of(0, 0, 0, 0));
        assertThat(scan("{\"usage\":{\"prompt_tokens\":\"5\",\"completion_tokens\":2.5,\"total_tokens\":-1,"
                + "\"prompt_tokens_details\":null}}")).isEqualTo(Usage.of(0, 0, 0, 0));
        assertThat(scan("{\"usage\":{\"prompt_tokens\":99999999999999999999,\"completion_tokens\":1}}"))
                .isEqualTo(Usage.of(0, 1, 1, 0));
        assertThat(scan("{\"usage\":{\"prompt_tokens\":1},\"usage\":{\"prompt_tokens\":2}}")).isEqualTo(Usage.of(2, 0, 2, 0));
        assertThat(scan("{\"usage\":{\"prompt_tokens\":1},\"usage\":null}")).isNull();
    }

    @Test
    void aUsageObjectReadOnItsOwnCountsAsInADocument() {
        for (String usage : new String[] {"{}", "{\"prompt_tokens\":3,\"completion_tokens\":4}",
            "{\"prompt_tokens\":\"5\",\"completion_tokens\":2.5,\"total_tokens\":-1,\"prompt_tokens_details\":null}",
            "{\"prompt_tokens\":99999999999999999999,\"completion_tokens\":1,\"total_tokens\":-4}",
            "{\"extra\":{\"prompt_tokens\":99},\"prompt_tokens\":3,\"completion_tokens_details\":{\"cached_tokens\":97},"
                + "\"prompt_tokens_details\":{\"nested\":{\"cached_tokens\":96},\"cached_tokens\":2,\"x\":[1]},\"y\":[{}]}",
            "{\"prompt_tokens_details\":{\"cached_tokens\":-2}, \"total_tokens\" : 12 }",
            "{\"prompt_tokens\":10,\"completion_tokens\":16,\"total_tokens\":26,\"prompt_tokens_details\":"
                + "{\"cached_tokens\":4,\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,"
                + "\"cached_tokens\":9,\"prompt_tokens\":7}}",
            "{\"prompt_\\u0074okens\":5,\"completion_tokens\":1}",
            "{\"prompt_tokens\":5e1,\"completion_tokens\":1.0,\"total_tokens\":0}",
            "{\"prompt_tokens\":12345678901234567890123,\"completion_tokens\":123456789012345678}",
            "{\"prompt_tokens\":3,\"note\":\"a \\\"quoted\\\" {brace}\",\"flag\":true,\"x\":false,\"y\":null,"
                + "\"prompt_tokens\":4}",
            "{\"prompt_tokens_details\":{\"cached_tokens\":1},\"prompt_tokens_details\":{\"audio_tokens\":2}}",
            "{\"prompt_tokens_details\":{\"deep\":{\"cached_tokens\":5},\"cached_tokens\":6}}",
            "{\"a\":[1,{\"prompt_tokens\":9}],\"prompt_tokens\":2}"}) {
            byte[] bytes = ("  " + usage + " ").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(UsageScanner.readUsageObject(bytes, 2, bytes.length - 3)).as(usage)
                    .isEqualTo(scan("{\"usage\":" + usage + "}"))
                    .isNotNull();
        }
        for (String bad : new String[] {"", "null", "[1]", "{\"prompt_tokens\":1", "{\"prompt_tokens\":1,}", "{} {}",
            "{\"prompt_tokens\":01}", "{\"prompt_tokens\":nul}", "{\"prompt_tokens\":1}x", "{\"a\":\"x", "{\"a\" 1}",
            "{\"a\":1 \"b\":2}", "{\"a\":{\"b\":1}"}) {
            byte[] bytes = bad.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(UsageScanner.readUsageObject(bytes, 0, bytes.length)).as(bad).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "{\"usage\":{\"prompt_tokens\":1}",
        "{\"usage\":{\"prompt_tokens\":1,}}",
        "{\"usage\":{\"prompt_tokens\":1 \"completion_tokens\":2}}",
        "{\"usage\":{\"prompt_tokens\":tru}}",
        "{\"usage\":null}",
        "{\"usage\":[1,2]}",
        "{\"usage\":\"lots\"}",
        "{}",
        "[{\"usage\":{\"prompt_tokens\":1}}]",
        "\"usage\"",
        "42",
        "data: {\"usage\":{\"prompt_tokens\":1}}",
        "<html><body>502 Bad Gateway</body></html>",
        "{\"usage\":{\"prompt_tokens\":1,\"x\":\"\\q\"}}",
    })
    void nullWhenAbsentOrMalformed(String body) {
        assertThat(scan(body)).isNull();
        assertThat(scanPieces(TestBuffers.chunks(utf8(body), 1))).isNull();
    }

    @Test
    void nullOnInvalidUtf8AndDeepNesting() {
        byte[] invalid = {'{', '"', 'u', 's', 'a', 'g', 'e', '"', ':', '{', '"', (byte) 0xc3, '"', ':', '1', '}', '}'};
        assertThat(scanPieces(List.of(invalid))).isNull();
        String deep = "{\"usage\":{\"prompt_tokens\":1},\"x\":" + "[".repeat(2000) + "]".repeat(2000) + "}";
        assertThat(scan(deep)).isNull();
    }

    @Test
    void whitespaceAroundAndDataAfterTheObjectAreIgnored() {
        assertThat(scan("\n\n  " + USAGE_CHUNK + " \r\n")).isEqualTo(Usage.of(9, 2, 11, 0));
        assertThat(scan(USAGE_CHUNK + "}garbage{")).isEqualTo(Usage.of(9, 2, 11, 0));
        try (UsageScanner scanner = new UsageScanner()) {
            feed(scanner, USAGE_CHUNK);
            feed(scanner, "not json at all");
            assertThat(scanner.finish()).isEqualTo(Usage.of(9, 2, 11, 0));
        }
    }

    @Test
    void neverThrowsAndCloseIsIdempotent() {
        UsageScanner scanner = new UsageScanner();
        feed(scanner, "{\"usage\":");
        feed(scanner, "}}}}");
        feed(scanner, "more");
        assertThat(scanner.finish()).isNull();
        assertThat(scanner.finish()).isNull();
        scanner.close();
        scanner.close();
        feed(scanner, "{}");
        assertThat(scanner.finish()).isNull();
    }

    @Test
    void largeBody() {
        String content = "word é ".repeat(400_000);
        String body = "{\"choices\":[{\"message\":{\"content\":\"" + content + "\"}}],\"usage\":{\"prompt_tokens\":10,"
                + "\"completion_tokens\":400000,\"total_tokens\":400010}}";
        assertThat(scanPieces(TestBuffers.chunks(utf8(body), 16_384))).isEqualTo(Usage.of(10, 400_000, 400_010, 0));
    }

    // ---- helpers

    private static Usage scan(String json) {
        ByteBuf buf = Layout.DIRECT.of(json);
        try {
            return UsageScanner.scan(buf);
        } finally {
            buf.release();
        }
    }

    private static Usage scanPieces(List<byte[]> pieces) {
        try (UsageScanner scanner = new UsageScanner()) {
            int i = 0;
            for (byte[] piece : pieces) {
                ByteBuf buf = Layout.values()[i++ % Layout.values().length].of(piece);
                try {
                    scanner.feed(buf);
                } finally {
                    buf.release();
                }
            }
            return scanner.finish();
        }
    }

    private static void feed(UsageScanner scanner, String piece) {
        ByteBuf buf = Layout.HEAP.of(piece);
        try {
            scanner.feed(buf);
        } finally {
            buf.release();
        }
    }
}
