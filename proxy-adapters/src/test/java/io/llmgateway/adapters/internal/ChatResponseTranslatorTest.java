package io.llmgateway.adapters.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.adapters.testing.TestRequests;
import io.llmgateway.codec.spi.HeaderLookup;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.TranslationException;
import io.llmgateway.codec.spi.UpstreamError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatResponseTranslatorTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_761_000_000L), ZoneOffset.UTC);

    /** Reads {"text":...} events into content chunks; {"end":true} completes the stream. */
    private static final class TextTranslator extends ChatResponseTranslator {
        private ChatChunks chunks;
        private boolean done;
        private boolean end;

        TextTranslator(boolean includeUsage) {
            super("p", CLOCK, includeUsage, "m", false);
        }

        @Override
        protected boolean ignoresEvents() {
            return done;
        }

        @Override
        protected void readEvent(StreamScratch s, JsonParser p) throws IOException {
            s.text.clear();
            StreamScratch.enterObject(p, StreamScratch.next(p));
            String name;
            while ((name = StreamScratch.nextField(p)) != null) {
                if (name.equals("text") && p.currentToken() == JsonToken.VALUE_STRING) {
                    s.text.appendText(p);
                } else if (name.equals("end")) {
                    end = p.currentToken() == JsonToken.VALUE_TRUE;
                } else {
                    StreamScratch.skip(p);
                }
            }
            s.finish(p);
        }

        @Override
        protected void writeChunks(StreamScratch s, ByteBufAllocator alloc, List<ByteBuf> out) throws IOException {
            if (chunks == null) {
                chunks = startChunks("x", null, alloc, out);
            }
            if (!s.text.isEmpty()) {
                ChatChunks.add(out, chunks.content(alloc, s, s.text));
            }
            if (end) {
                usage.known().prompt = 2;
                chunks.complete(alloc, usage, out);
                done = true;
            }
        }

        @Override
        public ByteBuf translateBody(ByteBuf upstreamBody, ByteBufAllocator alloc) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StreamEnd endOfStream(ByteBufAllocator alloc, List<ByteBuf> out) {
            return done ? StreamEnd.COMPLETE : StreamEnd.TRUNCATED;
        }

        @Override
        public UpstreamError translateError(int status, HeaderLookup headers, ByteBuf body, ByteBufAllocator alloc) {
            throw new UnsupportedOperationException();
        }
    }

    private static List<String> feed(ChatResponseTranslator t, String event) throws TranslationException {
        ByteBuf b = TestRequests.buf(event);
        List<ByteBuf> out = new ArrayList<>();
        try {
            t.translateEvent(b, TestRequests.ALLOC, out);
        } finally {
            b.release();
        }
        List<String> texts = new ArrayList<>();
        for (ByteBuf o : out) {
            texts.add(TestRequests.drain(o));
        }
        return texts;
    }

    @Test
    void eventsBecomeChunksUntilTheStreamIsOver() throws Exception {
        TextTranslator t = new TextTranslator(true);
        assertThat(feed(t, ": heartbeat\n\n")).isEmpty();
        assertThat(feed(t, "data: {\"text\":\"hi\"}\n\n")).containsExactly(
                "data: {\"id\":\"chatcmpl-x\",\"object\":\"chat.completion.chunk\",\"created\":1761000000,\"model\":\"m\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,"
                        + "\"finish_reason\":null}],\"usage\":null}\n\n",
                "data: {\"id\":\"chatcmpl-x\",\"object\":\"chat.completion.chunk\",\"created\":1761000000,\"model\":\"m\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"logprobs\":null,"
                        + "\"finish_reason\":null}],\"usage\":null}\n\n");
        assertThat(feed(t, "data: {\"end\":true}\n\n")).containsExactly(
                "data: {\"id\":\"chatcmpl-x\",\"object\":\"chat.completion.chunk\",\"created\":1761000000,\"model\":\"m\","
                        + "\"choices\":[],\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":0,\"total_tokens\":2}}\n\n",
                "data: [DONE]\n\n");
        assertThat(feed(t, "data: {\"text\":\"late\"}\n\n")).as("after the end").isEmpty();
        assertThat(t.usage().promptTokens()).isEqualTo(2);
    }

    @Test
    void withoutIncludeUsageTheEndIsOnlyDone() throws Exception {
        TextTranslator t = new TextTranslator(false);
        feed(t, "data: {\"text\":\"hi\"}\n\n");
        assertThat(feed(t, "data: {\"end\":true}\n\n")).containsExactly("data: [DONE]\n\n");
    }

    @Test
    void anUnreadableEventNamesTheProviderAndTheNextStreamReadsCleanly() throws Exception {
        TextTranslator t = new TextTranslator(false);
        assertThatThrownBy(() -> feed(t, "data: {\"text\":\n\n"))
                .isInstanceOf(TranslationException.class).hasMessage("p: unreadable stream event");
        assertThatThrownBy(() -> feed(t, "data: [1]\n\n")).hasMessage("p: unreadable stream event");
        assertThat(feed(new TextTranslator(false), "data: {\"text\":\"ok\"}\n\n")).hasSize(2);
    }
}
