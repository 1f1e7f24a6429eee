package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import org.junit.jupiter.api.Test;

/** {@link TlsHandshakeFailures}: a failed handshake closes quietly; a good one removes the handler. */
class TlsHandshakeFailuresTest {

    private final EventRecorder after = new EventRecorder();
    private final EmbeddedChannel channel = new EmbeddedChannel(new TlsHandshakeFailures(), after);

    @Test
    void aSuccessfulHandshakeTakesTheHandlerOutOfThePipeline() {
        channel.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);

        assertThat(channel.pipeline().get(TlsHandshakeFailures.class)).isNull();
        assertThat(channel.isOpen()).isTrue();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aHandshakeThatTimedOutClosesTheConnection() {
        channel.pipeline().fireUserEventTriggered(new SslHandshakeCompletionEvent(
                new SslHandshakeTimeoutException("handshake timed out after 500ms")));

        assertThat(channel.isOpen()).isFalse();
        assertThat(after.events).isEmpty();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aTlsDecoderFailureClosesWithoutReachingTheHandlersAfter() {
        channel.pipeline().fireExceptionCaught(new DecoderException(new NotSslRecordException("not an SSL/TLS record")));

        assertThat(channel.isOpen()).isFalse();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void otherFailuresGoOn() {
        channel.pipeline().fireExceptionCaught(new IllegalStateException("not TLS"));

        assertThat(channel.isOpen()).isTrue();
        try {
            channel.checkException();
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("not TLS");
        }
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }
}
