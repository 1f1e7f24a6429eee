package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The upstream leg over TLS: trust, SNI and host-name verification, with BoringSSL and the JDK. */
class UpstreamTlsIT {

    private static TestCertificates certs;
    private static MockUpstream upstream;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.localhost();
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").tls(certs.serverContext()).build());
    }

    @AfterAll
    static void stop() throws IOException {
        if (upstream != null) {
            upstream.close();
        }
        if (certs != null) {
            certs.delete();
        }
    }

    private static String config(String host, String provider, boolean trust) {
        return """
                server:
                  listen: "127.0.0.1:0"
                  drain_delay_ms: 0
                upstream:
                  connect_timeout_ms: 3000
                  tls:
                    provider: %s
                    ca_file: "%s"
                providers:
                  - id: secure
                    type: openai-compatible
                    base_url: "https://%s:%d/v1"
                    keys:
                      - secret: sk-tls
                model_aliases:
                  m: secure:gpt-4o
                """.formatted(provider, trust ? certs.caFile() : "", host, upstream.port());
    }

    private static String chat(GatewayProcess gw) throws IOException {
        String body = "{\"model\":\"m\",\"messages\":[]}";
        try (RawHttp http = new RawHttp(gw.port())) {
            return http.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body).readResponse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void aTrustedCertificateForTheRightNameWorks(String provider) throws Exception {
        upstream.clearRecordedRequests();
        try (GatewayProcess gw = GatewayProcess.start(config("localhost", provider, true))) {
            String r = chat(gw);
            assertThat(r).startsWith("HTTP/1.1 200 ").contains("chat.completion");
            assertThat(upstream.recordedRequests()).singleElement()
                    .satisfies(req -> assertThat(req.header("host")).isEqualTo("localhost:" + upstream.port()));
            assertThat(gw.output()).anyMatch(l -> l.contains("upstream TLS: " + (provider.equals("jdk") ? "JDK"
                    : "BoringSSL")));
        }
    }

    @Test
    void theHostNameIsVerified() throws Exception {
        // The certificate names localhost, not 127.0.0.1: the handshake must fail.
        try (GatewayProcess gw = GatewayProcess.start(config("127.0.0.1", "auto", true))) {
            String r = chat(gw);
            assertThat(r).startsWith("HTTP/1.1 502 ").contains("upstream_unreachable");
        }
    }

    @Test
    void anUntrustedCertificateIsRefused() throws Exception {
        try (GatewayProcess gw = GatewayProcess.start(config("localhost", "auto", false))) {
            String r = chat(gw);
            assertThat(r).startsWith("HTTP/1.1 502 ").contains("upstream_unreachable");
        }
    }
}
