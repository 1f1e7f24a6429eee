package io.llmgateway.adapters.internal;

import static io.llmgateway.adapters.testing.TestRequests.ALLOC;
import static io.llmgateway.adapters.testing.TestRequests.drain;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chunks written from a provider's escaped bytes are the chunks written from the decoded text. */
class ChatChunksTest {

    private static final String[] TEXTS = {"", "plain", "quote \" backslash \\ newline \n tab \t",
        "é — 日本語", "emoji 😀", "</b> & {\"json\": [1]}"};

    // The text as jackson escapes it, without the quotes: what a provider that escapes canonically sends.
    private static byte[] escaped(String text) throws Exception {
        ByteBuf quoted = Unpooled.buffer();
        try {
            StreamScratch.get().writeString(quoted, text);
            String s = quoted.toString(StandardCharsets.UTF_8);
            return s.substring(1, s.length() - 1).getBytes(StandardCharsets.UTF_8);
        } finally {
            quoted.release();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void escapedTextGivesTheBytesOfTheDecodedText(boolean textCompletion) throws Exception {
        ChatChunks chunks = new ChatChunks("chatcmpl-1", 1_761_000_000L, "m", true, textCompletion);
        StreamScratch s = StreamScratch.get();
        for (String text : TEXTS) {
            // Padded on both sides: the range, not the array, is the text.
            byte[] e = escaped(text);
            byte[] padded = new byte[e.length + 4];
            System.arraycopy(e, 0, padded, 2, e.length);
            int from = 2;
            int to = 2 + e.length;

            assertThat(drain(chunks.content(ALLOC, padded, from, to))).as("content %s", text)
                    .isEqualTo(drain(chunks.content(ALLOC, s, text)));
            assertThat(drain(chunks.toolArguments(ALLOC, 3, padded, from, to))).as("arguments %s", text)
                    .isEqualTo(drain(chunks.toolArguments(ALLOC, s, 3, text)));
            if (textCompletion) {
                assertThat(chunks.reasoning(ALLOC, padded, from, to)).isNull();
            } else {
                assertThat(drain(chunks.reasoning(ALLOC, padded, from, to))).as("reasoning %s", text)
                        .isEqualTo(drain(chunks.reasoning(ALLOC, s, text)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 9, 10, 123})
    void toolIndexIsWrittenInDecimal(int index) throws Exception {
        ChatChunks chunks = new ChatChunks("chatcmpl-1", 1_761_000_000L, "m", false);
        byte[] args = "{}".getBytes(StandardCharsets.US_ASCII);
        assertThat(drain(chunks.toolArguments(ALLOC, index, args, 0, args.length)))
                .contains("{\"tool_calls\":[{\"index\":" + index + ",\"function\":{\"arguments\":\"{}\"}}]}");
    }
}
