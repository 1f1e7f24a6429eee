package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.spi.Endpoint;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RouteDispatch}: the route table, 404 and 405 answered once the body has been read. */
class RouteDispatchTest {

    @RegisterExtension
    final TestServer server = new TestServer("");
    private final EventRecorder events = new EventRecorder();
    private final EmbeddedChannel channel =
            new EmbeddedChannel(new RouteDispatch(RouteDispatch.routes(server.state)), events);

    private InboundRequest send(HttpMethod method, String uri) {
        InboundRequest request = server.open(channel, true);
        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri));
        return request;
    }

    private void passesThrough() {
        HttpRequest head = channel.readInbound();
        assertThat(head).isNotNull();
        channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat((Object) channel.readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void apiPathsAreProxiedWithTheirEndpoint() {
        InboundRequest r = send(HttpMethod.POST, "/v1/chat/completions?api-version=1");
        assertThat(r.route().endpoint()).isEqualTo(Endpoint.CHAT_COMPLETIONS);
        assertThat(r.route().clientKey()).isTrue();
        assertThat(r.path()).isEqualTo("/v1/chat/completions");
        passesThrough();
        assertThat(send(HttpMethod.POST, "/v1/completions").route().endpoint()).isEqualTo(Endpoint.COMPLETIONS);
        passesThrough();
        assertThat(send(HttpMethod.POST, "/v1/embeddings").route().endpoint()).isEqualTo(Endpoint.EMBEDDINGS);
        passesThrough();
        assertThat(send(HttpMethod.POST, "/v1/responses").route().endpoint()).isEqualTo(Endpoint.RESPONSES);
        passesThrough();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void messagesPathsAreProxiedWithAnAnthropicVersion() {
        assertThat(send(HttpMethod.POST, "/v1/messages").route().endpoint()).isEqualTo(Endpoint.MESSAGES);
        HttpRequest head = channel.readInbound();
        assertThat(head.headers().get("anthropic-version")).isEqualTo("2023-06-01");
        channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat((Object) channel.readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);

        server.open(channel, true);
        HttpRequest count = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/messages/count_tokens");
        count.headers().set("anthropic-version", "2023-01-01");
        channel.writeInbound(count);
        assertThat(InboundRequest.current(channel.pipeline().firstContext()).route().endpoint())
                .isEqualTo(Endpoint.MESSAGES_COUNT_TOKENS);
        HttpRequest passed = channel.readInbound();
        assertThat(passed.headers().get("anthropic-version")).isEqualTo("2023-01-01");
        channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat((Object) channel.readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void localRoutesAreRecordedForTheHandlersAfter() {
        InboundRequest models = send(HttpMethod.GET, "/v1/models");
        assertThat(models.route().local()).isNotNull();
        assertThat(models.route().clientKey()).isTrue();
        passesThrough();
        InboundRequest model = send(HttpMethod.GET, "/v1/models/up%2Fgpt-4o-2024-08-06?x=1");
        assertThat(model.route().local()).isNotNull();
        assertThat(model.path()).isEqualTo("/v1/models/up%2Fgpt-4o-2024-08-06");
        passesThrough();
        InboundRequest stored = send(HttpMethod.DELETE, "/v1/responses/resp_1");
        assertThat(stored.route().endpoint()).isEqualTo(Endpoint.RESPONSES);
        assertThat(stored.route().clientKey()).isTrue();
        assertThat(stored.pathTail()).isEqualTo("/resp_1");
        passesThrough();
        InboundRequest health = send(HttpMethod.POST, "/health/live");
        assertThat(health.route().clientKey()).isFalse();
        passesThrough();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void anUnknownPathIs404OnceItsBodyIsRead() {
        send(HttpMethod.POST, "/v2/nothing?x=1");
        channel.writeInbound(new DefaultHttpContent(Unpooled.copiedBuffer("ignored", StandardCharsets.UTF_8)));
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
        FullHttpResponse r = channel.readOutbound();
        assertThat(r.status().code()).isEqualTo(404);
        assertThat(r.headers().get("x-request-id")).isEqualTo("req-1");
        assertThat(r.content().toString(StandardCharsets.UTF_8)).isEqualTo("{\"error\":{\"message\":"
                + "\"unknown route: POST /v2/nothing\",\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":\"unknown_url\"}}");
        r.release();
        assertThat(events.events).containsExactly(RequestFinished.KEEP_ALIVE);
        assertThat(channel.isActive()).isTrue();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aWrongMethodIs405WithAllow() {
        send(HttpMethod.DELETE, "/v1/models/gpt-4o");
        channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
        FullHttpResponse r = channel.readOutbound();
        assertThat(r.status().code()).isEqualTo(405);
        assertThat(r.headers().get("allow")).isEqualTo("GET");
        assertThat(r.content().toString(StandardCharsets.UTF_8)).contains("method DELETE is not allowed here; use GET")
                .contains("\"code\":\"method_not_allowed\"");
        r.release();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void anAnswerToAClientThatClosesClosesTheConnection() {
        server.open(channel, false);
        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/v1/models/"),
                LastHttpContent.EMPTY_LAST_CONTENT);
        FullHttpResponse r = channel.readOutbound();
        assertThat(r.status().code()).isEqualTo(404);
        assertThat(r.headers().get("connection")).isEqualTo("close");
        r.release();
        assertThat(events.events).containsExactly(RequestFinished.CLOSE);
        assertThat(channel.isActive()).isFalse();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aPendingAnswerIsDroppedWhenTheRequestEndsOtherwise() {
        send(HttpMethod.GET, "/nowhere");
        HttpContent partial = new DefaultHttpContent(Unpooled.copiedBuffer("x", StandardCharsets.UTF_8));
        channel.writeInbound(partial);
        channel.pipeline().fireUserEventTriggered(RequestFinished.CLOSE);
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }
}
