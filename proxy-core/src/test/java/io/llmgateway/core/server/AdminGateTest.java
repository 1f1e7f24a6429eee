package io.llmgateway.core.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.admin.AdminApi;
import io.llmgateway.core.admin.AdminBody;
import io.llmgateway.core.admin.AdminResponse;
import io.llmgateway.core.admin.AdminRoutes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admin API's door on the main listener, through the whole client pipeline. */
class AdminGateTest {

    private static final String AUTH = "Authorization: Bearer adm-key\r\n";

    private TestServer gateway;
    private AdminApi admin;
    private EmbeddedChannel server;

    private void start(String extraServer) {
        gateway = new TestServer("", extraServer);
        AdminRoutes routes = new AdminRoutes()
                .add(HttpMethod.GET, "/echo/{id}", r -> AdminResponse.ok(Map.of("id", r.pathParam("id"),
                        "q", String.valueOf(r.query("q")), "thread", Thread.currentThread().getName())))
                .add(HttpMethod.POST, "/echo", r -> {
                    AdminBody b = r.jsonBody();
                    String name = b.string("name");
                    b.finish();
                    return AdminResponse.created(Map.of("name", name, "bytes", r.body().length));
                });
        admin = new AdminApi(routes, () -> gateway.state.snapshot().config().server().adminApiKey());
        server = new EmbeddedChannel();
        gateway.initializer(admin).initChannel(server);
    }

    @AfterEach
    void close() {
        admin.close();
        gateway.close();
        assertThat(server.finishAndReleaseAll()).isFalse();
    }

    /** Sends raw bytes; returns what the gateway wrote once it has written {@code responses} responses. */
    private String exchange(String raw, int responses) throws InterruptedException {
        server.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (count(out, "HTTP/1.1 ") < responses && System.nanoTime() < deadline) {
            server.runPendingTasks();
            ByteBuf b;
            while ((b = server.readOutbound()) != null) {
                out.append(b.toString(StandardCharsets.UTF_8));
                b.release();
            }
            Thread.onSpinWait();
        }
        return out.toString();
    }

    private static int count(CharSequence text, String what) {
        int n = 0;
        for (int i = text.toString().indexOf(what); i >= 0; i = text.toString().indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void withoutAnAdminKeyTheAdminPathsAreUnknown() throws Exception {
        start("");
        String out = exchange("GET /admin/v1/echo/1 HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n", 1);
        assertThat(out).startsWith("HTTP/1.1 404").contains("\"code\":\"unknown_url\"");
    }

    @Test
    void withAListenerOfItsOwnTheAdminPathsAreUnknownOnTheMainOne() throws Exception {
        start("  admin_api_key: adm-key\n  admin_listen: \"127.0.0.1:0\"\n");
        String out = exchange("GET /admin/v1/echo/1 HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n", 1);
        assertThat(out).startsWith("HTTP/1.1 404").contains("\"code\":\"unknown_url\"");
    }

    @Test
    void theAdminKeyIsCheckedAndTheRouteAnsweredFromTheAdminThread() throws Exception {
        start("  admin_api_key: adm-key\n");
        assertThat(exchange("GET /admin/v1/echo/1 HTTP/1.1\r\nHost: x\r\n\r\n", 1))
                .startsWith("HTTP/1.1 401").contains("invalid_api_key").doesNotContain("adm-key");
        assertThat(exchange("GET /admin/v1/echo/1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer adm-kez\r\n\r\n", 1))
                .startsWith("HTTP/1.1 401");
        String ok = exchange("GET /admin/v1/echo/a%20b?q=x HTTP/1.1\r\nHost: x\r\n" + AUTH
                + "X-Request-ID: rid-7\r\n\r\n", 1);
        assertThat(ok).startsWith("HTTP/1.1 200").contains("x-request-id: rid-7").contains("cache-control: no-store")
                .contains("\"id\":\"a b\"").contains("\"q\":\"x\"").contains("\"thread\":\"llm-admin\"");
        assertThat(server.isActive()).isTrue();
    }

    @Test
    void aBodyIsReadWholeAndClientMistakesAreNamed() throws Exception {
        start("  admin_api_key: adm-key\n");
        String body = "{\"name\":\"n1\"}";
        String made = exchange("POST /admin/v1/echo HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\n" + body.substring(0, 5) + "\r\n" + Integer.toHexString(
                body.length() - 5) + "\r\n" + body.substring(5) + "\r\n0\r\n\r\n", 1);
        assertThat(made).startsWith("HTTP/1.1 201").contains("\"name\":\"n1\"").contains("\"bytes\":13");
        String typo = "{\"name\":\"n1\",\"nmae\":2}";
        assertThat(exchange("POST /admin/v1/echo HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Length: " + typo.length()
                + "\r\n\r\n" + typo, 1)).startsWith("HTTP/1.1 400").contains("\"param\":\"nmae\"");
        assertThat(exchange("PUT /admin/v1/echo HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Length: 0\r\n\r\n", 1))
                .startsWith("HTTP/1.1 405").contains("allow: POST");
    }

    @Test
    void pipelinedAdminAndApiRequestsAreAnsweredInOrder() throws Exception {
        start("  admin_api_key: adm-key\n");
        String out = exchange("GET /admin/v1/echo/1 HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n"
                + "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /admin/v1/ HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n", 3);
        int echo = out.indexOf("\"id\":\"1\"");
        int live = out.indexOf("HTTP/1.1 200", echo);
        assertThat(echo).isPositive();
        assertThat(live).isGreaterThan(echo);
        assertThat(count(out, "HTTP/1.1 200")).isEqualTo(2);
        assertThat(out.substring(live)).contains("HTTP/1.1 404"); // this test's table has no index route
    }

    @Test
    void expectContinueIsAnsweredForTheAdminKeyAndRefusedAtOnceWithout() throws Exception {
        start("  admin_api_key: adm-key\n");
        String body = "{\"name\":\"n2\"}";
        String head = "POST /admin/v1/echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
                + body.length() + "\r\n";
        assertThat(exchange(head + AUTH + "\r\n", 1)).startsWith("HTTP/1.1 100 Continue");
        assertThat(exchange(body, 1)).startsWith("HTTP/1.1 201");
        String refused = exchange(head + "\r\n", 1);
        assertThat(refused).startsWith("HTTP/1.1 401").contains("connection: close");
    }
}
