package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.json.RequestFieldScanner;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.core.proxy.ClientRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ProxyExchangeHandler}: runs the exchange of a ClientRequest, finishes the request, meets exceptions, stops. */
class ProxyExchangeHandlerTest {

    @RegisterExtension
    final TestServer server = new TestServer("");
    private final EventRecorder events = new EventRecorder();
    private final EmbeddedChannel channel = new EmbeddedChannel(events, new ProxyExchangeHandler(server.state));

    private ClientRequest request(String json) throws Exception {
        ByteBuf body = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        var fields = RequestFieldScanner.scan(body);
        return new ClientRequest(server.snapshot(), Endpoint.CHAT_COMPLETIONS, new DefaultHttpHeaders(), body, fields,
                server.snapshot().routing().resolve(fields.model()), "req-1", true, null, System.nanoTime());
    }

    @Test
    void anExchangeRunsAndItsEndFinishesTheRequest() throws Exception {
        server.open(channel, true);
        // The alias's only key has no secret: the exchange answers 503 at once.
        channel.writeInbound(request("{\"model\":\"gpt-4o\",\"messages\":[]}"));
        FullHttpResponse r = channel.readOutbound();
        assertThat(r.status().code()).isEqualTo(503);
        assertThat(r.content().toString(StandardCharsets.UTF_8)).contains("no_available_deployment");
        r.release();
        assertThat(events.events).containsExactly(RequestFinished.KEEP_ALIVE);
        assertThat(server.state.inFlight()).isZero();
        assertThat(channel.isActive()).isTrue();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aBugBeforeAnyAnswerIs500AndCloses() {
        server.open(channel, true);
        channel.pipeline().fireExceptionCaught(new IllegalStateException("bug"));
        FullHttpResponse r = channel.readOutbound();
        assertThat(r.status().code()).isEqualTo(500);
        assertThat(r.headers().get("connection")).isEqualTo("close");
        assertThat(r.content().toString(StandardCharsets.UTF_8)).contains("internal gateway error").doesNotContain("bug");
        r.release();
        assertThat(events.events).containsExactly(RequestFinished.CLOSE);
        assertThat(channel.isActive()).isFalse();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void bytesTheCodecCouldNotTakeOnlyClose() {
        server.open(channel, true);
        channel.pipeline().fireExceptionCaught(new DecoderException(new IllegalStateException("maxPipelineDepth")));
        assertThat(channel.isActive()).isFalse();
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void stoppingWithoutAnExchangeWritesNothing() {
        ProxyExchangeHandler handler = channel.pipeline().get(ProxyExchangeHandler.class);
        assertThat(handler.stop(GatewayError.SERVER_SHUTTING_DOWN, "stopping")).isFalse();
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.isActive()).isTrue();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void anIoErrorOrABugBetweenRequestsOnlyCloses() {
        channel.pipeline().fireExceptionCaught(new IOException("connection reset"));
        assertThat(channel.isActive()).isFalse();
        EmbeddedChannel other = new EmbeddedChannel(new ProxyExchangeHandler(server.state));
        other.pipeline().fireExceptionCaught(new IllegalStateException("bug"));
        assertThat(other.isActive()).isFalse();
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat((Object) other.readOutbound()).isNull();
        assertThat(other.finishAndReleaseAll()).isFalse();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }
}
