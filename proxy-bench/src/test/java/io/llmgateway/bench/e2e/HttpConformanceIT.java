package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.testing.Await;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 9112 over a raw socket against the real jar: a deep pipeline in one write is answered whole
 * and in order with one upstream call per request; a missing or duplicate {@code Host}, another
 * HTTP version and an unknown {@code Expect} are refused (400, 505, 417), nothing goes upstream,
 * and each cause is logged once, not once per connection.
 */
class HttpConformanceIT {

    private static final String CHAT = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static MockUpstream upstream;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build());
        gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            if (upstream != null) {
                upstream.close();
            }
        }
    }

    private static String chat(String requestId) {
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nX-Request-ID: "
                + requestId + "\r\nContent-Length: " + CHAT.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + CHAT;
    }

    /** Sends {@code raw} on a new connection; the one response, after which the gateway must close. */
    private static String refused(String raw) throws Exception {
        try (RawHttp c = new RawHttp(gateway.port())) {
            String response = c.send(raw).readResponse();
            assertThat(response).contains("connection: close\r\n");
            assertThat(c.closedByServer()).as("closed after: %s", response).isTrue();
            return response;
        }
    }

    /** One line for the cause, however many requests it refused (the next would come after BurstLog's interval). */
    private static void loggedOnce(String cause) {
        Await.until("a log line for " + cause, () -> gateway.output().stream().anyMatch(l -> l.contains(cause)));
        assertThat(gateway.output().stream().filter(l -> l.contains(cause))).hasSize(1);
    }

    @Test
    void twoHundredPipelinedRequestsInOneWriteAreAnsweredInOrderWithOneUpstreamCallEach() throws Exception {
        long before = upstream.counters().requests("/v1/chat/completions");
        StringBuilder pipeline = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            pipeline.append(chat("pipelined-" + i));
        }
        try (RawHttp c = new RawHttp(gateway.port())) {
            c.send(pipeline.toString());
            for (int i = 0; i < 200; i++) {
                String response = c.readResponse();
                assertThat(response).as("response %d", i).startsWith("HTTP/1.1 200 OK\r\n")
                        .contains("x-request-id: pipelined-" + i + "\r\n").contains("\"chat.completion\"");
            }
            c.send("GET /health/live HTTP/1.1\r\nHost: gw\r\n\r\n");
            assertThat(c.readResponse()).as("the connection is still usable").startsWith("HTTP/1.1 200 OK\r\n");
        }
        assertThat(upstream.counters().requests("/v1/chat/completions") - before).isEqualTo(200);
        assertThat(gateway.output()).noneMatch(l -> l.contains("maxPipelineDepth"))
                .noneMatch(l -> l.contains("unexpected error"));
    }

    @Test
    void aMissingOrDuplicateHostIs400AndEachCauseIsLoggedOnce() throws Exception {
        long before = upstream.counters().requests();
        String noHost = "POST /v1/chat/completions HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: "
                + CHAT.length() + "\r\n\r\n" + CHAT;
        for (int i = 0; i < 3; i++) {
            assertThat(refused(noHost)).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("\"code\":\"invalid_host\"")
                    .contains("no Host header");
        }
        assertThat(refused(chat("two-hosts").replace("Host: gw\r\n", "Host: gw\r\nHost: other\r\n")))
                .startsWith("HTTP/1.1 400 Bad Request\r\n").contains("more than one Host header");
        assertThat(upstream.counters().requests()).isEqualTo(before);
        loggedOnce("refused with 400 invalid_host");
    }

    @Test
    void anotherHttpVersionIs505() throws Exception {
        long before = upstream.counters().requests();
        for (int i = 0; i < 2; i++) {
            assertThat(refused(chat("v").replace("HTTP/1.1\r\n", "HTTP/7.7\r\n")))
                    .startsWith("HTTP/1.1 505 HTTP Version Not Supported\r\n")
                    .contains("\"code\":\"http_version_not_supported\"");
        }
        assertThat(upstream.counters().requests()).isEqualTo(before);
        loggedOnce("refused with 505");
    }

    @Test
    void anUnknownExpectationIs417() throws Exception {
        long before = upstream.counters().requests();
        for (int i = 0; i < 2; i++) {
            assertThat(refused(chat("tea").replace("Host: gw\r\n", "Host: gw\r\nExpect: tea\r\n")))
                    .startsWith("HTTP/1.1 417 Expectation Failed\r\n").contains("\"code\":\"expectation_failed\"");
        }
        assertThat(upstream.counters().requests()).isEqualTo(before);
        loggedOnce("refused with 417");
    }
}
