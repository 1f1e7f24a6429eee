package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.spi.Endpoint;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DrainRefusal}: on a connection accepted while draining, API requests get 503 at once; health checks pass. */
class DrainRefusalTest {

    @RegisterExtension
    final TestServer server = new TestServer("");
    private final EventRecorder events = new EventRecorder();
    private final EmbeddedChannel channel = new EmbeddedChannel(DrainRefusal.INSTANCE, events);

    private static HttpRequest head(String uri) {
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri);
    }

    @Test
    void anApiRequestIs503ServerDrainingAndTheConnectionCloses() {
        server.open(channel, false).routed(HttpRoute.proxied(Endpoint.CHAT_COMPLETIONS), "/v1/chat/completions");
        channel.writeInbound(head("/v1/chat/completions"));
        FullHttpResponse r = channel.readOutbound();
        try {
            assertThat(r.status().code()).isEqualTo(503);
            assertThat(r.headers().get("connection")).isEqualTo("close");
            assertThat(r.headers().get("x-request-id")).isEqualTo("req-1");
            assertThat(r.content().toString(StandardCharsets.UTF_8)).isEqualTo("{\"error\":{\"message\":\"the gateway "
                    + "is shutting down: send the request again (to another instance)\",\"type\":\"server_error\","
                    + "\"param\":null,\"code\":\"server_draining\"}}");
        } finally {
            r.release();
        }
        assertThat(events.events).containsExactly(RequestFinished.CLOSE);
        assertThat(channel.isActive()).isFalse();
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aRouteWithoutClientKeyPasses() {
        server.open(channel, false).routed(HttpRoute.local(null, false, (ctx, request) -> null), "/health/ready");
        HttpRequest h = head("/health/ready");
        channel.writeInbound(h, LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat((Object) channel.readInbound()).isSameAs(h);
        assertThat((Object) channel.readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.isActive()).isTrue();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }
}
