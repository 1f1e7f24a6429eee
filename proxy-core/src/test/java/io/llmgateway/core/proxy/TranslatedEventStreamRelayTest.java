package io.llmgateway.core.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.eventstream.EventStreamMessage;
import io.llmgateway.codec.eventstream.EventStreamWriter;
import io.llmgateway.codec.spi.HeaderLookup;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.codec.stream.StreamFraming;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A translated relay of an AWS event stream (Bedrock's ConverseStream): messages, not SSE events, reach the translator. */
class TranslatedEventStreamRelayTest {

    /** One client event per message: its {@code :event-type} and payload; complete after a "messageStop". */
    private static final class PerMessage implements ResponseTranslator {
        boolean stopped;

        @Override
        public ByteBuf translateBody(ByteBuf upstreamBody, ByteBufAllocator alloc) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void translateEvent(ByteBuf message, ByteBufAllocator alloc, List<ByteBuf> out) {
            String type = EventStreamMessage.string(message, ":event-type");
            stopped |= "messageStop".equals(type);
            out.add(ByteBufUtil.writeUtf8(alloc, "data: " + type + ' '
                    + EventStreamMessage.payload(message).toString(StandardCharsets.UTF_8) + "\n\n"));
        }

        @Override
        public StreamEnd endOfStream(ByteBufAllocator alloc, List<ByteBuf> out) {
            return stopped ? StreamEnd.COMPLETE : StreamEnd.TRUNCATED;
        }

        @Override
        public UpstreamError translateError(int status, HeaderLookup headers, ByteBuf body, ByteBufAllocator alloc) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Usage usage() {
            return null;
        }
    }

    private final RelayFixtures f = new RelayFixtures();
    private final TranslatedStreamRelay relay = new TranslatedStreamRelay(f.out,
            StreamFraming.AWS_EVENT_STREAM.newSplitter(1024), new PerMessage(), RelayFixtures.DEPLOYMENT, 25, f.end);

    @AfterEach
    void close() {
        f.close(relay);
    }

    private static byte[] stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(EventStreamWriter.bytes(Map.of(":event-type", "contentBlockDelta"), "{\"t\":1}"));
        out.writeBytes(EventStreamWriter.bytes(Map.of(":event-type", "messageStop"), "{}"));
        return out.toByteArray();
    }

    @Test
    void messagesSplitAcrossChunksAreTranslatedWhole() {
        byte[] s = stream();
        relay.onContent(new DefaultHttpContent(Unpooled.wrappedBuffer(Arrays.copyOf(s, 20))), false);
        assertThat(f.written()).isEmpty();
        relay.onContent(new DefaultLastHttpContent(Unpooled.wrappedBuffer(Arrays.copyOfRange(s, 20, s.length))), true);
        assertThat(f.written()).containsExactly("data: contentBlockDelta {\"t\":1}\n\n", "data: messageStop {}\n\n");
        assertThat(f.end.last).isNotNull();
        assertThat(f.end.failed).isFalse();
    }

    @Test
    void aCorruptMessageFailsTheStreamAndFreesWhatTheSplitterHeld() {
        byte[] s = stream();
        s[s.length - 1] ^= 0x01;
        int cut = EventStreamWriter.bytes(Map.of(":event-type", "contentBlockDelta"), "{\"t\":1}").length + 10;
        relay.onContent(new DefaultHttpContent(Unpooled.wrappedBuffer(Arrays.copyOf(s, cut))), false);
        assertThat(f.written()).containsExactly("data: contentBlockDelta {\"t\":1}\n\n");
        relay.onContent(new DefaultLastHttpContent(Unpooled.wrappedBuffer(Arrays.copyOfRange(s, cut, s.length))), true);
        assertThat(f.written()).isEmpty();
        assertThat(f.end.error).isEqualTo(GatewayError.RESPONSE_TRANSLATION_FAILED);
        assertThat(f.end.message).contains("event-stream message CRC mismatch");
        assertThat(RelayScratch.events()).isEmpty();
    }
}
