package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.error.OpenAiErrors;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.core.http.Responses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link AnthropicErrorShape}: errors to a Messages client in Anthropic's shape; nothing else touched. */
class AnthropicErrorShapeTest {

    @RegisterExtension
    final TestServer server = new TestServer("");
    private final EmbeddedChannel channel = new EmbeddedChannel(new AnthropicErrorShape());
    private final ByteBufAllocator alloc = channel.alloc();

    private void route(Endpoint endpoint) {
        InboundRequest request = server.open(channel, true);
        request.routed(HttpRoute.proxied(endpoint), endpoint.suffix());
    }

    private String written() {
        Object out = channel.readOutbound();
        ByteBuf content = ((HttpContent) out).content();
        try {
            if (out instanceof FullHttpResponse r) {
                assertThat(r.headers().getInt("content-length")).isEqualTo(content.readableBytes());
            }
            return content.toString(StandardCharsets.UTF_8);
        } finally {
            ((HttpContent) out).release();
        }
    }

    @Test
    void theGatewaysErrorsBecomeAnthropics() {
        route(Endpoint.MESSAGES);
        channel.writeOutbound(Responses.error(alloc, GatewayError.MODEL_NOT_FOUND, "The model 'x' does not exist",
                "model", "req-1", false));
        FullHttpResponse peek = channel.outboundMessages().peek() instanceof FullHttpResponse r ? r : null;
        assertThat(peek.status().code()).isEqualTo(404);
        assertThat(peek.headers().get("x-request-id")).isEqualTo("req-1");
        assertThat(written()).isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\","
                + "\"message\":\"The model 'x' does not exist\"}}");
        channel.writeOutbound(Responses.error(alloc, GatewayError.INVALID_API_KEY, "Incorrect API key provided.", null,
                "req-2", false));
        assertThat(written()).contains("\"type\":\"authentication_error\"");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void anAnthropicProvidersErrorAndSuccessesPassAsTheyAre() {
        route(Endpoint.MESSAGES);
        String overloaded = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";
        channel.writeOutbound(Responses.json(HttpResponseStatus.valueOf(529), Unpooled.copiedBuffer(overloaded,
                StandardCharsets.UTF_8), "r", false));
        assertThat(written()).isEqualTo(overloaded);
        channel.writeOutbound(Responses.json(HttpResponseStatus.OK, Unpooled.copiedBuffer("{\"input_tokens\":3}",
                StandardCharsets.UTF_8), "r", false));
        assertThat(written()).isEqualTo("{\"input_tokens\":3}");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void anInStreamErrorBecomesAnErrorEvent() {
        route(Endpoint.MESSAGES);
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set("content-type", "text/event-stream; charset=utf-8");
        channel.writeOutbound(head);
        assertThat((Object) channel.readOutbound()).isSameAs(head);
        String delta = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\"}\n\n";
        channel.writeOutbound(new DefaultHttpContent(Unpooled.copiedBuffer(delta, StandardCharsets.UTF_8)));
        assertThat(written()).isEqualTo(delta);
        channel.writeOutbound(new DefaultHttpContent(OpenAiErrors.sseEvent(alloc, GatewayError.UPSTREAM_TIMEOUT,
                "upstream 'p' sent nothing for 5000 ms")));
        assertThat(written()).isEqualTo("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"timeout_error\","
                + "\"message\":\"upstream 'p' sent nothing for 5000 ms\"}}\n\n");
        channel.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat((Object) channel.readOutbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void otherRoutesKeepOpenAisShape() {
        route(Endpoint.CHAT_COMPLETIONS);
        channel.writeOutbound(Responses.error(alloc, GatewayError.MODEL_NOT_FOUND, "no such model", "model", "r",
                false));
        assertThat(written()).startsWith("{\"error\":{\"message\":\"no such model\"");
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set("content-type", "text/event-stream");
        channel.writeOutbound(head);
        channel.readOutbound();
        channel.writeOutbound(new DefaultLastHttpContent(OpenAiErrors.sseEvent(alloc, GatewayError.UPSTREAM_TIMEOUT,
                "late")));
        assertThat(written()).startsWith("data: {\"error\":");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }
}
