package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The upstream timeouts: first byte, idle between chunks, total — before and after the head. */
class TimeoutsIT {

    private static MockUpstream upstream;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build());
        gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream, "",
                "first_byte_timeout_ms: 1500\nidle_timeout_ms: 700\ntotal_timeout_ms: 2500",
                GatewayConfigs.INERT_POLICY + "  retries: 0\n"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private static String stream(String headers) throws IOException {
        String body = "{\"model\":\"faulty\",\"stream\":true,\"messages\":[]}";
        try (RawHttp http = new RawHttp(gateway.port())) {
            return http.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\n" + headers + "Content-Length: "
                    + body.length() + "\r\n\r\n" + body).readToClose();
        }
    }

    @Test
    void anUpstreamSilentBetweenChunksEndsTheStreamWithAnError() throws IOException {
        String all = stream("x-mock-chunks: 5\r\nx-mock-chunk-interval-ms: 1200\r\n");
        assertThat(all).startsWith("HTTP/1.1 200 ").contains("chat.completion.chunk")
                .contains("upstream.idle_timeout_ms").contains("\"code\":\"upstream_timeout\"")
                .doesNotContain("[DONE]");
    }

    @Test
    void aStreamOverTheTotalTimeoutEndsWithAnError() throws IOException {
        String all = stream("x-mock-chunks: 40\r\nx-mock-chunk-interval-ms: 200\r\n");
        assertThat(all).startsWith("HTTP/1.1 200 ").contains("upstream.total_timeout_ms")
                .contains("\"code\":\"upstream_timeout\"").doesNotContain("[DONE]");
    }

    @Test
    void aSlowFirstByteIs504() throws IOException {
        String body = "{\"model\":\"faulty\",\"messages\":[]}";
        try (RawHttp http = new RawHttp(gateway.port())) {
            String r = http.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nx-mock-fault: slow-first-byte\r\n"
                    + "x-mock-slow-first-byte-ms: 5000\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .readResponse();
            assertThat(r).startsWith("HTTP/1.1 504 ").contains("upstream.first_byte_timeout_ms");
        }
    }
}
