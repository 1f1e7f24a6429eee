package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link LocalRouteHandler} with the routes it answers: health, the model list and one model. */
class LocalRouteHandlerTest {

    private static final String GPT_4O = "{\"id\":\"gpt-4o\",\"object\":\"model\",\"created\":1700000000,"
            + "\"owned_by\":\"llm-gateway\"}";
    private static final String UP_GPT_4O = "{\"id\":\"up/gpt-4o-2024-08-06\",\"object\":\"model\","
            + "\"created\":1700000000,\"owned_by\":\"up\"}";

    @RegisterExtension
    final TestServer server = new TestServer("");
    private final Map<String, HttpRoute> routes = RouteDispatch.routes(server.state);
    private final EmbeddedChannel channel = new EmbeddedChannel(new LocalRouteHandler());

    private FullHttpResponse get(HttpRoute route, String path) {
        InboundRequest request = server.open(channel, true);
        request.routed(route, path);
        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path));
        channel.writeInbound(new DefaultHttpContent(Unpooled.copiedBuffer("ignored", StandardCharsets.UTF_8)));
        assertThat((Object) channel.readOutbound()).as("answered once the body is read").isNull();
        channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat((Object) channel.readInbound()).isNull();
        return channel.readOutbound();
    }

    private FullHttpResponse model(String path) {
        return get(HttpRoute.local(HttpMethod.GET, true, ModelsRoute::retrieve), path);
    }

    private static String body(FullHttpResponse r, int status) {
        try {
            assertThat(r.status().code()).isEqualTo(status);
            assertThat(r.headers().get("content-type")).isEqualTo("application/json");
            assertThat(r.headers().get("x-request-id")).isEqualTo("req-1");
            return r.content().toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
        }
    }

    @Test
    void healthAnswersLiveAndReadyThenDraining() {
        assertThat(body(get(routes.get("/health/live"), "/health/live"), 200)).isEqualTo("{\"status\":\"live\"}");
        assertThat(body(get(routes.get("/health/ready"), "/health/ready"), 200)).isEqualTo("{\"status\":\"ready\"}");
        server.state.startDraining();
        assertThat(body(get(routes.get("/health/ready"), "/health/ready"), 503))
                .isEqualTo("{\"status\":\"draining\"}");
        assertThat(body(get(routes.get("/health/live"), "/health/live"), 200)).isEqualTo("{\"status\":\"live\"}");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void theModelListAndEachModelAreTheSameObjects() {
        String list = body(get(routes.get("/v1/models"), "/v1/models"), 200);
        assertThat(list).startsWith("{\"object\":\"list\",\"data\":[").contains(GPT_4O).contains(UP_GPT_4O);
        assertThat(body(model("/v1/models/gpt-4o"), 200)).isEqualTo(GPT_4O);
        assertThat(body(model("/v1/models/other"), 200)).contains("\"id\":\"other\"");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aProviderModelIdMaySpellItsSlashEitherWay() {
        assertThat(body(model("/v1/models/up/gpt-4o-2024-08-06"), 200)).isEqualTo(UP_GPT_4O);
        assertThat(body(model("/v1/models/up%2Fgpt-4o-2024-08-06"), 200)).isEqualTo(UP_GPT_4O);
        assertThat(body(model("/v1/models/up%2fgpt-4o-2024-08-06"), 200)).isEqualTo(UP_GPT_4O);
        assertThat(body(model("/v1/models/%75p%2Fgpt-4o-2024-08-06"), 200)).isEqualTo(UP_GPT_4O);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void anUnknownModelIs404ModelNotFound() {
        assertThat(body(model("/v1/models/gpt-9"), 404)).isEqualTo("{\"error\":{\"message\":\"The model 'gpt-9' does"
                + " not exist or you do not have access to it.\",\"type\":\"invalid_request_error\",\"param\":\"model\","
                + "\"code\":\"model_not_found\"}}");
        assertThat(body(model("/v1/models/up%2Fnope"), 404)).contains("The model 'up/nope' does not exist");
        assertThat(body(model("/v1/models/gpt-4o%zz"), 404)).contains("The model 'gpt-4o%zz' does not exist")
                .contains("model_not_found");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void proxiedRequestsPassOn() {
        InboundRequest request = server.open(channel, true);
        request.routed(routes.get("/v1/chat/completions"), "/v1/chat/completions");
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/chat/completions");
        channel.writeInbound(head, LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat((Object) channel.readInbound()).isSameAs(head);
        assertThat((Object) channel.readInbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }
}
