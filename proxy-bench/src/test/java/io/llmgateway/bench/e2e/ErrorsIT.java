package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every error of the foundation, over a real socket, in OpenAI's shape — and the gateway keeps serving. */
class ErrorsIT {

    private static MockUpstream upstream;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build());
        // No retries and no cooldowns: each test sees what one failing attempt looks like.
        gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream,
                "max_request_bytes: 4096", "first_byte_timeout_ms: 2000",
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

    private static String post(String body, String extraHeaders) {
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n" + extraHeaders
                + "Content-Length: " + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n\r\n"
                + body;
    }

    private static String exchange(String raw) throws IOException {
        try (RawHttp http = new RawHttp(gateway.port())) {
            return http.send(raw).readResponse();
        }
    }

    private static void assertOpenAiError(String response, int status, String type, String code) {
        assertThat(response).startsWith("HTTP/1.1 " + status + " ");
        assertThat(response).contains("content-type: application/json");
        assertThat(response).contains("{\"error\":{\"message\":\"").contains("\"type\":\"" + type + "\"")
                .contains("\"param\":").contains(code == null ? "\"code\":null" : "\"code\":\"" + code + "\"");
    }

    @Test
    void malformedJsonIs400() throws IOException {
        assertOpenAiError(exchange(post("{\"model\":\"gpt-4o\",\"messages\":[{]}", "")), 400,
                "invalid_request_error", null);
    }

    @Test
    void missingModelIs400() throws IOException {
        String r = exchange(post("{\"messages\":[]}", ""));
        assertOpenAiError(r, 400, "invalid_request_error", null);
        assertThat(r).contains("you must provide a model parameter").contains("\"param\":\"model\"");
    }

    @Test
    void unknownModelIs404() throws IOException {
        assertOpenAiError(exchange(post("{\"model\":\"gpt-9\",\"messages\":[]}", "")), 404,
                "invalid_request_error", "model_not_found");
    }

    @Test
    void oversizedBodyIs413AndTheConnectionCloses() throws IOException {
        String big = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(5000) + "\"}]}";
        try (RawHttp http = new RawHttp(gateway.port())) {
            String r = http.send(post(big, "")).readResponse();
            assertOpenAiError(r, 413, "invalid_request_error", "request_too_large");
            assertThat(r).contains("connection: close");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void ambiguousFramingIs400AndTheConnectionCloses() throws IOException {
        try (RawHttp http = new RawHttp(gateway.port())) {
            String r = http.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Length: 4\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n").readResponse();
            assertOpenAiError(r, 400, "invalid_request_error", "malformed_http");
            assertThat(http.closedByServer()).isTrue();
        }
        try (RawHttp http = new RawHttp(gateway.port())) {
            String r = http.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Length: 2\r\n"
                    + "Content-Length: 2\r\n\r\n{}").readResponse();
            assertOpenAiError(r, 400, "invalid_request_error", "malformed_http");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void noEnabledKeyIs503() throws IOException {
        assertOpenAiError(exchange(post("{\"model\":\"keyless\",\"messages\":[]}", "")), 503, "server_error",
                "no_available_deployment");
    }

    @Test
    void upstreamConnectFailureIs502() throws IOException {
        assertOpenAiError(exchange(post("{\"model\":\"dead-model\",\"messages\":[]}", "")), 502, "server_error",
                "upstream_unreachable");
    }

    @Test
    void upstreamTimeoutIs504() throws IOException {
        String r = exchange(post("{\"model\":\"faulty\",\"messages\":[]}", "x-mock-fault: hang\r\n"));
        assertOpenAiError(r, 504, "server_error", "upstream_timeout");
        assertThat(r).contains("first_byte_timeout_ms");
    }

    @Test
    void upstreamClosingBeforeAnsweringIs502() throws IOException {
        assertOpenAiError(exchange(post("{\"model\":\"faulty\",\"messages\":[]}",
                "x-mock-fault: close-before-response\r\n")), 502, "server_error", "upstream_disconnected");
    }

    @Test
    void upstreamErrorsAreRelayedWithTheirStatusAndBody() throws IOException {
        String r = exchange(post("{\"model\":\"faulty\",\"messages\":[]}", "x-mock-status: 429\r\n"));
        assertThat(r).startsWith("HTTP/1.1 429 ").contains("retry-after:").contains("\"code\":\"rate_limit_exceeded\"");
        r = exchange(post("{\"model\":\"faulty\",\"messages\":[]}", "x-mock-status: 500\r\n"));
        assertThat(r).startsWith("HTTP/1.1 500 ").contains("{\"error\":");
    }

    @Test
    void anUpstreamRefusingTheGatewaysCredentialIs502NotTheClientsFault() throws IOException {
        String r = exchange(post("{\"model\":\"faulty\",\"messages\":[]}", "x-mock-status: 401\r\n"));
        assertOpenAiError(r, 502, "server_error", "upstream_authentication_failed");
        assertThat(r).containsPattern("key 'f[12]'").doesNotContain("sk-upstream");
    }

    @Test
    void theGatewayKeepsServingOnTheSameConnectionAfterRequestErrors() throws IOException {
        try (RawHttp http = new RawHttp(gateway.port())) {
            assertThat(http.send(post("not json", "")).readResponse()).startsWith("HTTP/1.1 400 ");
            assertThat(http.send(post("{\"model\":\"nope\"}", "")).readResponse()).startsWith("HTTP/1.1 404 ");
            assertThat(http.send(post("{\"model\":\"gpt-4o\",\"messages\":[]}", "")).readResponse())
                    .startsWith("HTTP/1.1 200 ").contains("chat.completion");
        }
    }
}
