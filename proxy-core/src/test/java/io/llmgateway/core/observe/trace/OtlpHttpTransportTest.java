package io.llmgateway.core.observe.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.llmgateway.core.config.LoggingConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OtlpHttpTransportTest {

    @Test
    void postsJsonToTheTracesPathWithTheConfiguredHeaders() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            got.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Content-Type")
                    + " " + ex.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/v1/traces") ? 200 : 404, -1);
            ex.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            OtlpHttpTransport transport = new OtlpHttpTransport(new LoggingConfig.Otlp(base + "/", Map.of(
                    "Authorization", "Bearer otlp-token"), "svc", 1.0, 10, 10, 1000, 5000));
            assertThat(transport.post("{}".getBytes(StandardCharsets.UTF_8))).isEqualTo(200);
            assertThat(got.poll(10, TimeUnit.SECONDS))
                    .isEqualTo("POST /v1/traces application/json Bearer otlp-token {}");
            assertThat(transport.target()).isEqualTo(base);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anEndpointAlreadyEndingInTheTracesPathIsKept() {
        assertThat(OtlpHttpTransport.tracesUri("https://otlp.example.com:4318").toString())
                .isEqualTo("https://otlp.example.com:4318/v1/traces");
        assertThat(OtlpHttpTransport.tracesUri("https://otlp.example.com/v1/traces/").toString())
                .isEqualTo("https://otlp.example.com/v1/traces");
        assertThat(OtlpHttpTransport.tracesUri("https://otlp.example.com/tenant-1").toString())
                .isEqualTo("https://otlp.example.com/tenant-1/v1/traces");
    }
}
