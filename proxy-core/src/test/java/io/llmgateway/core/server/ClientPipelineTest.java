package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole client pipeline on an {@link EmbeddedChannel}, built by the server's own
 * {@link GatewayChannelInitializer}: routing, framing and request errors, no network.
 */
class ClientPipelineTest {

    private EmbeddedChannel server;
    private TestServer gateway;

    private EmbeddedChannel server(String apiKeys) throws Exception {
        return server(apiKeys, "");
    }

    private EmbeddedChannel server(String apiKeys, String extraServer) throws Exception {
        gateway = new TestServer(apiKeys, extraServer);
        server = new EmbeddedChannel();
        gateway.initializer()
                .initChannel(server);
        return server;
    }

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
        assertThat(server.finishAndReleaseAll()).isFalse();
    }

    /** Sends raw bytes and returns what the gateway wrote, as text. */
    private String rawExchange(String raw) {
        server.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.UTF_8));
        server.runPendingTasks();
        return written();
    }

    /** What the gateway wrote since last asked, as text. */
    private String written() {
        StringBuilder out = new StringBuilder();
        ByteBuf b;
        while ((b = server.readOutbound()) != null) {
            out.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return out.toString();
    }

    /** Sends raw bytes and decodes every response the gateway wrote. */
    private List<FullHttpResponse> exchange(String raw) {
        server.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.UTF_8));
        server.runPendingTasks();
        EmbeddedChannel client = new EmbeddedChannel(new HttpClientCodec(), new HttpObjectAggregator(1 << 20));
        // The client codec pairs responses with requests: tell it how many requests went out.
        for (int i = 0; i < raw.split("HTTP/1.1\r\n", -1).length - 1; i++) {
            client.writeOutbound(new io.netty.handler.codec.http.DefaultFullHttpRequest(
                    io.netty.handler.codec.http.HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
        }
        client.outboundMessages().forEach(m -> ((ByteBuf) m).release());
        client.outboundMessages().clear();
        ByteBuf out;
        while ((out = server.readOutbound()) != null) {
            client.writeInbound(out);
        }
        client.finish();
        List<FullHttpResponse> responses = new ArrayList<>();
        Object r;
        while ((r = client.readInbound()) != null) {
            responses.add((FullHttpResponse) r);
        }
        return responses;
    }

    private static String post(String path, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static String body(FullHttpResponse r) {
        try {
            return r.content().toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
        }
    }

    @Test
    void healthAndModels() throws Exception {
        server("");
        List<FullHttpResponse> rs = exchange("GET /health/live HTTP/1.1\r\nHost: gw\r\n\r\n"
                + "GET /health/ready HTTP/1.1\r\nHost: gw\r\n\r\n"
                + "GET /v1/models HTTP/1.1\r\nHost: gw\r\n\r\n");
        assertThat(rs).hasSize(3);
        assertThat(rs.get(0).status().code()).isEqualTo(200);
        assertThat(body(rs.get(0))).isEqualTo("{\"status\":\"live\"}");
        assertThat(rs.get(1).status().code()).isEqualTo(200);
        assertThat(body(rs.get(1))).isEqualTo("{\"status\":\"ready\"}");
        assertThat(rs.get(2).status().code()).isEqualTo(200);
        assertThat(rs.get(2).headers().get("content-type")).isEqualTo("application/json");
        assertThat(body(rs.get(2))).isEqualTo("{\"object\":\"list\",\"data\":["
                + "{\"id\":\"gpt-4o\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"llm-gateway\"},"
                + "{\"id\":\"other\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"llm-gateway\"},"
                + "{\"id\":\"up/gpt-4o-2024-08-06\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"up\"},"
                + "{\"id\":\"up/other\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"up\"}]}");
        assertThat(server.isActive()).isTrue();
    }

    @Test
    void unknownRouteIs404InOpenAiShape() throws Exception {
        server("");
        List<FullHttpResponse> rs = exchange("GET /v2/nothing?x=1 HTTP/1.1\r\nHost: gw\r\n\r\n");
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(404);
            assertThat(r.headers().get("x-request-id")).hasSize(32);
            assertThat(body(r)).isEqualTo("{\"error\":{\"message\":\"unknown route: GET /v2/nothing\","
                    + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"unknown_url\"}}");
        });
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        server("");
        List<FullHttpResponse> rs = exchange("GET /v1/chat/completions HTTP/1.1\r\nHost: gw\r\n\r\n");
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(405);
            assertThat(r.headers().get("allow")).isEqualTo("POST");
            r.release();
        });
    }

    @Test
    void contentLengthWithTransferEncodingIs400AndCloses() throws Exception {
        server("");
        List<FullHttpResponse> rs = exchange("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\n"
                + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(400);
            assertThat(r.headers().get("connection")).isEqualTo("close");
            assertThat(body(r)).contains("\"code\":\"malformed_http\"");
        });
        assertThat(server.isActive()).isFalse();
    }

    @Test
    void duplicateContentLengthIs400AndCloses() throws Exception {
        server("");
        List<FullHttpResponse> rs = exchange("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\n"
                + "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(400);
            r.release();
        });
        assertThat(server.isActive()).isFalse();
    }

    @Test
    void metricsAreServedWithoutAClientKey() throws Exception {
        server("gw-key-1");
        long deadline = System.nanoTime() + 10_000_000_000L;
        // The observer renders about once a second; the keys are known from the second rendering at the latest.
        while (!new String(gateway.state.observability().metrics().snapshot().prometheusText(),
                StandardCharsets.UTF_8).contains("llm_key_state{")) {
            assertThat(System.nanoTime()).as("the observer renders the metrics within 10 s").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        List<FullHttpResponse> rs = exchange("GET /metrics HTTP/1.1\r\nHost: gw\r\n\r\n"
                + "POST /metrics HTTP/1.1\r\nHost: gw\r\nContent-Length: 0\r\n\r\n"
                + "GET /v1/models HTTP/1.1\r\nHost: gw\r\n\r\n");
        assertThat(rs).hasSize(3);
        assertThat(rs.get(0).status().code()).isEqualTo(200);
        assertThat(rs.get(0).headers().get("content-type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(body(rs.get(0))).contains("# TYPE llm_active_keys_total gauge").contains("llm_key_state{");
        assertThat(rs.get(1).status().code()).isEqualTo(405);
        assertThat(rs.get(1).headers().get("allow")).isEqualTo("GET");
        rs.get(1).release();
        assertThat(rs.get(2).status().code()).as("the API still needs its key").isEqualTo(401);
        rs.get(2).release();
    }

    @Test
    void requestsTheGatewayRefusesItselfAreCountedInTheMetrics() throws Exception {
        server("gw-key-1");
        List<FullHttpResponse> rs = exchange("GET /v2/nothing HTTP/1.1\r\nHost: gw\r\n\r\n"
                + "POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Length: 2\r\n\r\n{}"
                + "GET /health/live HTTP/1.1\r\nHost: gw\r\n\r\n");
        assertThat(rs).extracting(r -> r.status().code()).containsExactly(404, 401, 200);
        rs.forEach(FullHttpResponse::release);
        long deadline = System.nanoTime() + 10_000_000_000L;
        String text = "";
        while (!text.contains("code=\"invalid_api_key\"") || !text.contains("code=\"unknown_url\"")) {
            assertThat(System.nanoTime()).as("the refusals are in the metrics within 10 s:\n%s", text)
                    .isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            text = new String(gateway.state.observability().metrics().snapshot().prometheusText(), StandardCharsets.UTF_8);
        }
        assertThat(text).containsPattern("llm_requests_total\\{[^}]*status=\"404\"[^}]*\\} 1.0")
                .containsPattern("llm_requests_total\\{[^}]*status=\"401\"[^}]*\\} 1.0")
                .doesNotContainPattern("llm_requests_total\\{[^}]*status=\"200\"");
    }

    @Test
    void metricsWithAListenerOfTheirOwnAreNotOnTheMainOne() throws Exception {
        server("", "  metrics_listen: \"127.0.0.1:0\"");
        List<FullHttpResponse> rs = exchange("GET /metrics HTTP/1.1\r\nHost: gw\r\n\r\n");
        assertThat(rs.get(0).status().code()).isEqualTo(404);
        assertThat(body(rs.get(0))).contains("unknown_url");
    }

    @Test
    void malformedJsonIs400AndTheConnectionStaysUsable() throws Exception {
        server("");
        List<FullHttpResponse> rs = exchange(post("/v1/chat/completions", "{\"model\": \"gpt-4o\", \"messages\": [")
                + "GET /health/live HTTP/1.1\r\nHost: gw\r\n\r\n");
        assertThat(rs).hasSize(2);
        assertThat(rs.get(0).status().code()).isEqualTo(400);
        assertThat(body(rs.get(0))).contains("\"type\":\"invalid_request_error\"");
        assertThat(rs.get(1).status().code()).isEqualTo(200);
        rs.get(1).release();
        assertThat(server.isActive()).isTrue();
    }

    @Test
    void missingModelIs400WithParam() throws Exception {
        server("");
        List<FullHttpResponse> rs = exchange(post("/v1/chat/completions", "{\"messages\":[]}"));
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(400);
            assertThat(body(r)).isEqualTo("{\"error\":{\"message\":\"you must provide a model parameter\","
                    + "\"type\":\"invalid_request_error\",\"param\":\"model\",\"code\":null}}");
        });
    }

    @Test
    void unknownModelIs404() throws Exception {
        server("");
        List<FullHttpResponse> rs = exchange(post("/v1/embeddings", "{\"model\":\"nope\",\"input\":\"x\"}"));
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(404);
            assertThat(body(r)).contains("\"code\":\"model_not_found\"").contains("\"param\":\"model\"")
                    .contains("The model 'nope' does not exist");
        });
    }

    @Test
    void noEnabledKeyIs503() throws Exception {
        server("");
        List<FullHttpResponse> rs = exchange(post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}"));
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(503);
            assertThat(body(r)).contains("\"code\":\"no_available_deployment\"");
        });
        assertThat(server.isActive()).isTrue();
    }

    @Test
    void declaredOversizedBodyIs413AtOnceAndCloses() throws Exception {
        server("");
        List<FullHttpResponse> rs = exchange("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\n"
                + "Content-Length: 4096\r\n\r\n{\"model\":");
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(413);
            assertThat(body(r)).contains("server.max_request_bytes");
        });
        assertThat(server.isActive()).isFalse();
    }

    @Test
    void chunkedOversizedBodyIs413AndCloses() throws Exception {
        server("");
        String chunk = "x".repeat(1500);
        List<FullHttpResponse> rs = exchange("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n");
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(413);
            r.release();
        });
        assertThat(server.isActive()).isFalse();
    }

    @Test
    void clientKeysAreEnforcedWhenConfigured() throws Exception {
        server("\"gw-key-1\", \"gw-key-2\"");
        String body = "{\"model\":\"nope\"}";
        List<FullHttpResponse> rs = exchange(post("/v1/chat/completions", body)
                + post("/v1/chat/completions", body).replace("Host: gw\r\n", "Host: gw\r\nAuthorization: Bearer bad\r\n")
                + post("/v1/chat/completions", body).replace("Host: gw\r\n", "Host: gw\r\nAuthorization: Bearer gw-key-2\r\n")
                + "GET /v1/models HTTP/1.1\r\nHost: gw\r\n\r\n"
                + "GET /health/ready HTTP/1.1\r\nHost: gw\r\n\r\n");
        assertThat(rs).hasSize(5);
        assertThat(rs.get(0).status().code()).isEqualTo(401);
        assertThat(body(rs.get(0))).contains("You didn't provide an API key").contains("invalid_api_key");
        assertThat(rs.get(1).status().code()).isEqualTo(401);
        assertThat(body(rs.get(1))).contains("Incorrect API key provided.").doesNotContain("bad");
        assertThat(rs.get(2).status().code()).isEqualTo(404);
        rs.get(2).release();
        assertThat(rs.get(3).status().code()).isEqualTo(401);
        rs.get(3).release();
        assertThat(rs.get(4).status().code()).isEqualTo(200);
        rs.get(4).release();
    }

    @Test
    void clientRequestIdIsEchoedAndUnsafeOnesReplaced() throws Exception {
        server("");
        List<FullHttpResponse> rs = exchange("GET /health/live HTTP/1.1\r\nHost: gw\r\nX-Request-ID: abc-123\r\n\r\n"
                + "GET /health/live HTTP/1.1\r\nHost: gw\r\nX-Request-ID: a b<script>\r\n\r\n");
        assertThat(rs.get(0).headers().get("x-request-id")).isEqualTo("abc-123");
        assertThat(rs.get(1).headers().get("x-request-id")).matches("[0-9a-f]{32}");
        rs.forEach(FullHttpResponse::release);
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        server("");
        List<FullHttpResponse> rs = exchange("GET /health/live HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n");
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.headers().get("connection")).isEqualTo("close");
            r.release();
        });
        assertThat(server.isActive()).isFalse();
    }

    @Test
    void aModelIsRetrievedByAliasOrProviderModelInAnySpelling() throws Exception {
        server("");
        String one = "{\"id\":\"up/gpt-4o-2024-08-06\",\"object\":\"model\",\"created\":1700000000,"
                + "\"owned_by\":\"up\"}";
        List<FullHttpResponse> rs = exchange("GET /v1/models/gpt-4o HTTP/1.1\r\nHost: gw\r\n\r\n"
                + "GET /v1/models/up%2Fgpt-4o-2024-08-06 HTTP/1.1\r\nHost: gw\r\n\r\n"
                + "GET /v1/models/up/gpt-4o-2024-08-06?x=1 HTTP/1.1\r\nHost: gw\r\n\r\n"
                + "GET /v1/models/up%2Fmissing HTTP/1.1\r\nHost: gw\r\n\r\n"
                + "POST /v1/models/gpt-4o HTTP/1.1\r\nHost: gw\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(rs).hasSize(5);
        assertThat(rs.get(0).status().code()).isEqualTo(200);
        assertThat(body(rs.get(0))).isEqualTo("{\"id\":\"gpt-4o\",\"object\":\"model\",\"created\":1700000000,"
                + "\"owned_by\":\"llm-gateway\"}");
        assertThat(body(rs.get(1))).isEqualTo(one);
        assertThat(body(rs.get(2))).isEqualTo(one);
        assertThat(rs.get(3).status().code()).isEqualTo(404);
        assertThat(rs.get(3).headers().get("x-request-id")).hasSize(32);
        assertThat(body(rs.get(3))).contains("The model 'up/missing' does not exist")
                .contains("\"code\":\"model_not_found\"");
        assertThat(rs.get(4).status().code()).isEqualTo(405);
        assertThat(rs.get(4).headers().get("allow")).isEqualTo("GET");
        rs.get(4).release();
        assertThat(server.isActive()).isTrue();
    }

    @Test
    void aModelNeedsAClientKeyLikeTheList() throws Exception {
        server("\"gw-key-1\"");
        List<FullHttpResponse> rs = exchange("GET /v1/models/gpt-4o HTTP/1.1\r\nHost: gw\r\n\r\n"
                + "GET /v1/models/gpt-4o HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer gw-key-1\r\n\r\n");
        assertThat(rs.get(0).status().code()).isEqualTo(401);
        rs.get(0).release();
        assertThat(rs.get(1).status().code()).isEqualTo(200);
        rs.get(1).release();
    }

    @Test
    void continueIsSentOnlyForABodyThatWillBeRead() throws Exception {
        server("\"gw-key-1\"");
        String body = "{\"model\":\"gpt-4o\",\"messages\":[]}";
        String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nExpect: 100-continue\r\n"
                + "Content-Length: " + body.length() + "\r\n";
        assertThat(rawExchange(head + "Authorization: Bearer gw-key-1\r\n\r\n"))
                .isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        assertThat(rawExchange(body)).startsWith("HTTP/1.1 503 ");

        assertThat(rawExchange(head + "\r\n")).as("refused client: no 100").isEmpty();
        assertThat(rawExchange(body)).startsWith("HTTP/1.1 401 ");
        assertThat(rawExchange(head.replace("/v1/chat/completions", "/v1/nothing") + "\r\n")).isEmpty();
        assertThat(rawExchange(body)).startsWith("HTTP/1.1 404 ");
        assertThat(rawExchange("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nExpect: 100-continue\r\n"
                + "Authorization: Bearer gw-key-1\r\nContent-Length: 4096\r\n\r\n"))
                .startsWith("HTTP/1.1 413 ").doesNotContain("100 Continue");
        assertThat(server.isActive()).isFalse();
    }

    @Test
    void aStalledBodyIs408AndCloses() throws Exception {
        server("");
        assertThat(rawExchange("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Length: 100\r\n\r\n"
                + "{\"model\":")).isEmpty();
        server.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        String out = written();
        assertThat(out).startsWith("HTTP/1.1 408 ").contains("connection: close").contains("request_timeout")
                .contains("x-request-id: ");
        assertThat(server.isActive()).isFalse();
    }

    @Test
    void anIdleKeepAliveConnectionIsClosed() throws Exception {
        server("");
        exchange("GET /health/live HTTP/1.1\r\nHost: gw\r\n\r\n").forEach(FullHttpResponse::release);
        assertThat(server.isActive()).isTrue();
        server.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertThat(server.isActive()).isFalse();
    }

    @Test
    void whileDrainingAnswersCloseTheConnection() throws Exception {
        server("");
        gateway.state.startDraining();
        List<FullHttpResponse> rs = exchange("GET /health/ready HTTP/1.1\r\nHost: gw\r\n\r\n"
                + "GET /health/live HTTP/1.1\r\nHost: gw\r\n\r\n");
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(503);
            assertThat(r.headers().get("connection")).isEqualTo("close");
            assertThat(body(r)).isEqualTo("{\"status\":\"draining\"}");
        });
        assertThat(server.isActive()).isFalse();
    }

    @Test
    void aConnectionAcceptedWhileDrainingAnswersHealthChecksAndRefusesApiRequests() throws Exception {
        gateway = new TestServer("");
        gateway.state.startDraining();
        server = new EmbeddedChannel();
        gateway.initializer()
                .initChannel(server);
        List<FullHttpResponse> ready = exchange("GET /health/ready HTTP/1.1\r\nHost: gw\r\n\r\n");
        assertThat(ready).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(503);
            assertThat(r.headers().get("connection")).isEqualTo("close");
            assertThat(body(r)).isEqualTo("{\"status\":\"draining\"}");
        });
        assertThat(server.finishAndReleaseAll()).isFalse();

        server = new EmbeddedChannel();
        gateway.initializer()
                .initChannel(server);
        String answer = rawExchange(post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}"));
        assertThat(answer).startsWith("HTTP/1.1 503 Service Unavailable\r\n").contains("connection: close\r\n")
                .endsWith("\"code\":\"server_draining\"}}");
        assertThat(server.isActive()).isFalse();
    }

    @Test
    void anUnsupportedVersionIs505AndCloses() throws Exception {
        server("");
        assertThat(rawExchange("GET /health/live HTTP/7.7\r\nHost: gw\r\n\r\n"))
                .startsWith("HTTP/1.1 505 HTTP Version Not Supported\r\n").contains("connection: close\r\n")
                .contains("\"code\":\"http_version_not_supported\"");
        assertThat(server.isActive()).isFalse();
    }

    @Test
    void aMissingOrDuplicateHostIs400AndCloses() throws Exception {
        server("");
        assertThat(rawExchange("GET /health/live HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request\r\n")
                .contains("\"code\":\"invalid_host\"");
        assertThat(server.isActive()).isFalse();
        assertThat(server.finishAndReleaseAll()).isFalse();
        gateway.close();
        server("");
        assertThat(rawExchange("GET /health/live HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"))
                .startsWith("HTTP/1.1 400 Bad Request\r\n").contains("more than one Host header");
        assertThat(server.isActive()).isFalse();
    }

    @Test
    void anUnknownExpectationIs417BeforeTheBodyIsRead() throws Exception {
        server("");
        assertThat(rawExchange("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nExpect: tea\r\n"
                + "Content-Length: 10\r\n\r\n")).startsWith("HTTP/1.1 417 Expectation Failed\r\n")
                .doesNotContain("100 Continue").contains("\"code\":\"expectation_failed\"");
        assertThat(server.isActive()).isFalse();
    }

    @Test
    void twoHundredPipelinedRequestsInOneReadAreAllAnsweredInOrder() throws Exception {
        server("");
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            raw.append("GET /health/live HTTP/1.1\r\nHost: gw\r\nX-Request-ID: r").append(i).append("\r\n\r\n");
        }
        List<FullHttpResponse> rs = exchange(raw.toString());
        assertThat(rs).hasSize(200);
        for (int i = 0; i < 200; i++) {
            assertThat(rs.get(i).headers().get("x-request-id")).isEqualTo("r" + i);
            assertThat(rs.get(i).status().code()).isEqualTo(200);
        }
        rs.forEach(FullHttpResponse::release);
        assertThat(server.isActive()).isTrue();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAroundAnExchange() throws Exception {
        server("");
        List<FullHttpResponse> rs = exchange("GET /health/live HTTP/1.1\r\nHost: gw\r\nX-Request-ID: one\r\n\r\n"
                + post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}")
                        .replace("Host: gw\r\n", "Host: gw\r\nX-Request-ID: two\r\n")
                + "GET /v1/models/other HTTP/1.1\r\nHost: gw\r\nX-Request-ID: three\r\n\r\n");
        assertThat(rs).extracting(r -> r.headers().get("x-request-id")).containsExactly("one", "two", "three");
        assertThat(rs).extracting(r -> r.status().code()).containsExactly(200, 503, 200);
        rs.forEach(FullHttpResponse::release);
        assertThat(server.isActive()).isTrue();
    }

    @Test
    void aBodyOverTheMemoryBudgetIs503BeforeItIsReadAndTheBudgetIsFreeAfterEveryEnding() throws Exception {
        server("", "  max_buffered_bytes: 1500");
        String big = "{\"model\":\"nope\",\"input\":\"" + "x".repeat(1500) + "\"}";
        List<FullHttpResponse> rs = exchange(post("/v1/embeddings", "{\"model\":\"nope\",\"input\":\"x\"}")
                + post("/v1/embeddings", "{\"model\": [") + post("/v1/embeddings", big));
        assertThat(rs).hasSize(3);
        assertThat(rs.get(0).status().code()).isEqualTo(404);
        assertThat(rs.get(1).status().code()).isEqualTo(400);
        assertThat(rs.get(2).status().code()).isEqualTo(503);
        assertThat(rs.get(2).headers().get("retry-after")).isEqualTo("1");
        assertThat(rs.get(2).headers().get("connection")).isEqualTo("close");
        assertThat(body(rs.get(2))).contains("\"code\":\"server_overloaded\"");
        rs.get(0).release();
        rs.get(1).release();
        assertThat(gateway.state.memoryBudget().used()).isZero();
    }

    @Test
    void aHealthCheckTakesNoBudget() throws Exception {
        server("", "  max_buffered_bytes: 1");
        List<FullHttpResponse> rs = exchange("GET /health/live HTTP/1.1\r\nHost: gw\r\n\r\n");
        assertThat(rs).singleElement().satisfies(r -> assertThat(body(r)).isEqualTo("{\"status\":\"live\"}"));
    }

    @Test
    void aContentLengthThatIsNotANumberIs400AndCloses() throws Exception {
        server("");
        List<FullHttpResponse> rs = exchange("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\n"
                + "Content-Length: lots\r\n\r\n{}");
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.status().code()).isEqualTo(400);
            assertThat(body(r)).contains("\"code\":\"malformed_http\"");
        });
        assertThat(server.isActive()).isFalse();
        assertThat(gateway.state.memoryBudget().used()).isZero();
    }
}
