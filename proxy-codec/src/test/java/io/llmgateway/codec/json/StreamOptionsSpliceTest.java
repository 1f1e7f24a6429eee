package io.llmgateway.codec.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamOptionsSpliceTest {

    private static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private static String asked(String json) throws Exception {
        ByteBuf body = Unpooled.copiedBuffer("xx" + json, StandardCharsets.UTF_8);
        body.readerIndex(2);
        ByteBuf sent = StreamOptionsSplice.askForUsage(body, ALLOC);
        try {
            assertThat(body.readerIndex()).as("borrowed: indexes untouched").isEqualTo(2);
            String text = sent.toString(StandardCharsets.UTF_8);
            RequestFields fields = RequestFieldScanner.scan(sent);
            assertThat(fields.includeUsage()).isTrue();
            assertThat(fields.hasStreamOptions()).isTrue();
            return text;
        } finally {
            sent.release();
            assertThat(body.refCnt()).as("the result held its own reference").isEqualTo(1);
            body.release();
        }
    }

    @Test
    void theMemberComesFirstAndEveryOtherByteIsTheClients() throws Exception {
        assertThat(asked("{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}"))
                .isEqualTo("{\"stream_options\":{\"include_usage\":true},\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}");
        assertThat(asked(" \n{ \"model\" : \"m\" }"))
                .isEqualTo(" \n{\"stream_options\":{\"include_usage\":true}, \"model\" : \"m\" }");
        assertThat(StreamOptionsSplice.MEMBER_TEXT).isEqualTo("\"stream_options\":{\"include_usage\":true},");
    }

    @Test
    void theSharedMemberSurvivesEveryRelease() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(asked("{\"model\":\"m\"}")).startsWith("{\"stream_options\"");
        }
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        ByteBuf body = Unpooled.copiedBuffer("[1]", StandardCharsets.UTF_8);
        try {
            assertThatThrownBy(() -> StreamOptionsSplice.askForUsage(body, ALLOC))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not starting with '{'");
        } finally {
            body.release();
        }
    }
}
