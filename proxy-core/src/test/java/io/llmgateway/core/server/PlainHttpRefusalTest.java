package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link PlainHttpRefusal}: plain HTTP on the TLS port gets a 400 and a close; a TLS record passes untouched. */
class PlainHttpRefusalTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new PlainHttpRefusal());

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    /** The first bytes of a TLS 1.2+ ClientHello record: handshake, version 3.1, length. */
    private static ByteBuf clientHelloStart() {
        return Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x03});
    }

    @Test
    void aPlainHttpRequestIsAnsweredWith400ThenClosed() {
        channel.writeInbound(ascii("GET /v1/models HTTP/1.1\r\nHost: gw\r\n\r\n"));

        StringBuilder answer = new StringBuilder();
        for (ByteBuf out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            answer.append(out.toString(StandardCharsets.US_ASCII));
            out.release();
        }
        assertThat(answer.toString()).startsWith("HTTP/1.1 400 Bad Request\r\n").containsIgnoringCase("connection: close")
                .contains("\"code\":\"malformed_http\"").contains("a plain HTTP request was sent to it (expected: an https:// URL)");
        assertThat((Object) channel.readInbound()).as("nothing reaches the TLS handler").isNull();
        assertThat(channel.isOpen()).isFalse();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aTlsRecordPassesAndTheHandlerStepsOut() {
        ByteBuf hello = clientHelloStart();
        channel.writeInbound(hello);

        ByteBuf passed = channel.readInbound();
        assertThat(passed).isSameAs(hello);
        passed.release();
        assertThat(channel.pipeline().get(PlainHttpRefusal.class)).isNull();
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.isOpen()).isTrue();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void tooFewBytesToTellPassToTheTlsHandler() {
        channel.writeInbound(ascii("GET"));

        ByteBuf passed = channel.readInbound();
        assertThat(passed.toString(StandardCharsets.US_ASCII)).isEqualTo("GET");
        passed.release();
        assertThat(channel.pipeline().get(PlainHttpRefusal.class)).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void binaryThatIsNeitherPassesToTheTlsHandlerWhichRefusesIt() {
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5, 6}));

        ByteBuf passed = channel.readInbound();
        assertThat(passed.readableBytes()).isEqualTo(6);
        passed.release();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }
}
