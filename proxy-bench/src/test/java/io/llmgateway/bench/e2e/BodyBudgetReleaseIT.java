package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.testing.Await;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.limits.ConcurrentMemoryBudget;
import io.llmgateway.core.server.GatewayServer;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The memory budget comes back to 0 after every way a request can end: success (JSON and
 * stream), the gateway's 4xx, the upstream's 4xx, upstream failures, the client leaving mid-body
 * or while the upstream answers, the body deadline, a body over the budget. The gateway runs in
 * this JVM (over real sockets, against the mock) so that the budget itself can be read; the test
 * JVM's leak detector watches its buffers.
 */
class BodyBudgetReleaseIT {

    private static final String SMALL = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static MockUpstream upstream;
    private static GatewayServer gateway;
    private static ConcurrentMemoryBudget budget;

    @BeforeAll
    static void start() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").maxRecordedRequests(0).build());
        String yaml = GatewayConfigs.openAiCompatible(upstream, "max_buffered_bytes: 100000\nbody_timeout_ms: 1000", "",
                GatewayConfigs.INERT_POLICY + "  retries: 0\n");
        gateway = GatewayServer.start(new ConfigLoader(Map.<String, String>of()::get).parse(yaml, "test"));
        budget = gateway.state().memoryBudget();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @AfterEach
    void theBudgetIsFreeAgain() {
        Await.until("the memory budget back to 0 (used: " + budget.used() + ")", Duration.ofSeconds(10),
                () -> budget.used() == 0);
    }

    private static String post(String headers, String body) throws IOException {
        try (RawHttp http = new RawHttp(gateway.port())) {
            return http.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\n" + headers + "Content-Length: "
                    + body.length() + "\r\n\r\n" + body).readToClose();
        }
    }

    private static String chat(String model, String extra) {
        return "{\"model\":\"" + model + "\"" + extra + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    @Test
    void success() throws IOException {
        assertThat(post("Connection: close\r\n", SMALL)).startsWith("HTTP/1.1 200 ").contains("chat.completion");
    }

    @Test
    void successfulStream() throws IOException {
        assertThat(post("Connection: close\r\n", chat("gpt-4o", ",\"stream\":true"))).startsWith("HTTP/1.1 200 ")
                .contains("[DONE]");
    }

    @Test
    void theGatewaysOwn4xx() throws IOException {
        assertThat(post("Connection: close\r\n", "{\"model\": [")).startsWith("HTTP/1.1 400 ");
        assertThat(post("Connection: close\r\n", chat("nope", ""))).startsWith("HTTP/1.1 404 ");
    }

    @Test
    void theUpstreams4xx() throws IOException {
        assertThat(post("Connection: close\r\nx-mock-status: 400\r\n", chat("faulty", ""))).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void upstreamFailures() throws IOException {
        assertThat(post("Connection: close\r\n", chat("dead-model", ""))).startsWith("HTTP/1.1 502 ");
        assertThat(post("Connection: close\r\nx-mock-fault: close-before-response\r\n", chat("faulty", "")))
                .startsWith("HTTP/1.1 502 ");
        assertThat(post("Connection: close\r\nx-mock-fault: disconnect-mid-stream\r\n",
                chat("faulty", ",\"stream\":true"))).startsWith("HTTP/1.1 200 ").doesNotContain("[DONE]");
    }

    @Test
    void theClientLeavesMidBody() throws IOException {
        try (RawHttp http = new RawHttp(gateway.port())) {
            http.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Length: 50000\r\n\r\n"
                    + SMALL.substring(0, 20));
            Await.until("the body's reservation", Duration.ofSeconds(10), () -> budget.used() == 50_000);
        }
    }

    @Test
    void theClientLeavesWhileTheUpstreamAnswers() throws IOException {
        try (RawHttp http = new RawHttp(gateway.port())) {
            String body = chat("faulty", "");
            http.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nx-mock-fault: hang\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body);
            Await.until("the body, held by the exchange", Duration.ofSeconds(10), () -> budget.used() == body.length());
        }
    }

    @Test
    void theBodyDeadline() throws IOException {
        try (RawHttp http = new RawHttp(gateway.port())) {
            String answer = http.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Length: 1000\r\n\r\n{")
                    .readResponse();
            assertThat(answer).startsWith("HTTP/1.1 408 ");
        }
    }

    @Test
    void aChunkedBodyOverTheBudget() throws IOException {
        String chunk = "a".repeat(60_000);
        try (RawHttp http = new RawHttp(gateway.port())) {
            String answer = http.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").readResponse();
            assertThat(answer).startsWith("HTTP/1.1 503 ").contains("\"code\":\"server_overloaded\"")
                    .contains("so far");
        }
    }
}
