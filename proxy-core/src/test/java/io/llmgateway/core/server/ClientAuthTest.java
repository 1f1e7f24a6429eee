package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ClientAuth}: the client key's id into the request, or 401. */
class ClientAuthTest {

    private static final HttpRoute PROXIED = HttpRoute.proxied(io.llmgateway.codec.spi.Endpoint.CHAT_COMPLETIONS);

    private TestServer server;
    private EmbeddedChannel channel;

    private void start(String apiKeys) throws Exception {
        server = new TestServer(apiKeys);
        channel = new EmbeddedChannel(new ClientAuth());
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private InboundRequest send(HttpRoute route, String authorization) {
        InboundRequest request = server.open(channel, true);
        request.routed(route, "/p");
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/p");
        if (authorization != null) {
            head.headers().set("authorization", authorization);
        }
        channel.writeInbound(head, LastHttpContent.EMPTY_LAST_CONTENT);
        return request;
    }

    private InboundRequest sendApiKey(HttpRoute route, String apiKey) {
        InboundRequest request = server.open(channel, true);
        request.routed(route, "/v1/messages");
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/messages");
        head.headers().set("x-api-key", apiKey);
        channel.writeInbound(head, LastHttpContent.EMPTY_LAST_CONTENT);
        return request;
    }

    @Test
    void aMessagesClientMayPresentItsKeyAsXApiKey() throws Exception {
        start("\"gw-key-1\"");
        HttpRoute messages = HttpRoute.proxied(io.llmgateway.codec.spi.Endpoint.MESSAGES);
        InboundRequest r = sendApiKey(messages, "gw-key-1");
        assertThat(passed()).isTrue();
        assertThat(r.clientKeyId()).isEqualTo("api_keys[0]");
        sendApiKey(messages, "gw-key-bad");
        assertThat(refused()).contains("Incorrect API key provided.").doesNotContain("gw-key-bad");
        // Only Anthropic's API takes x-api-key: an OpenAI route still wants Authorization.
        sendApiKey(PROXIED, "gw-key-1");
        assertThat(refused()).contains("You didn't provide an API key");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    private boolean passed() {
        Object head = channel.readInbound();
        Object last = channel.readInbound();
        return head instanceof HttpRequest && last == LastHttpContent.EMPTY_LAST_CONTENT;
    }

    private String refused() {
        FullHttpResponse r = channel.readOutbound();
        try {
            assertThat(r.status().code()).isEqualTo(401);
            assertThat(r.headers().get("www-authenticate")).isEqualTo("Bearer");
            assertThat((Object) channel.readInbound()).isNull();
            return r.content().toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
        }
    }

    @Test
    void aKnownKeyPassesWithItsId() throws Exception {
        start("\"gw-key-1\", \"gw-key-2\"");
        InboundRequest r = send(PROXIED, "Bearer gw-key-2");
        assertThat(passed()).isTrue();
        assertThat(r.clientKeyId()).isEqualTo("api_keys[1]");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aMissingOrWrongKeyIs401WithoutEchoingIt() throws Exception {
        start("\"gw-key-1\"");
        send(PROXIED, null);
        assertThat(refused()).contains("You didn't provide an API key").contains("\"code\":\"invalid_api_key\"");
        send(PROXIED, "Bearer gw-key-bad");
        assertThat(refused()).contains("Incorrect API key provided.").doesNotContain("gw-key-bad");
        send(PROXIED, "Basic Z3cta2V5LTE=");
        assertThat(refused()).contains("Incorrect API key provided.");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void withoutClientKeysEveryClientPassesAnonymously() throws Exception {
        start("");
        InboundRequest r = send(PROXIED, null);
        assertThat(passed()).isTrue();
        assertThat(r.clientKeyId()).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aRouteWithoutClientKeyIsNotChecked() throws Exception {
        start("\"gw-key-1\"");
        send(HttpRoute.local(null, false, (ctx, request) -> null), null);
        assertThat(passed()).isTrue();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }
}
