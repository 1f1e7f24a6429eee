package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.mock.MockContent;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The same proxying behaviour on every transport and buffer allocator the gateway supports. */
class TransportsIT {

    private static MockUpstream upstream;

    @BeforeAll
    static void start() {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").chunks(8).build());
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource({"nio, pooled", "nio, adaptive", "epoll, pooled", "epoll, adaptive", "io_uring, pooled",
        "io_uring, adaptive"})
    void proxiesJsonAndStreams(String transport, String allocator) throws Exception {
        String yaml = GatewayConfigs.openAiCompatible(upstream, "transport: " + transport + "\nallocator: " + allocator,
                "");
        try (GatewayProcess gw = GatewayProcess.start(yaml)) {
            assertThat(gw.output()).anyMatch(l -> l.contains("transport: " + transport)
                    && l.contains("allocator: " + allocator));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> json = http.send(post(gw, "{\"model\":\"gpt-4o\",\"messages\":[]}", ""),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(json.statusCode()).isEqualTo(200);
                assertThat(json.body()).contains(MockContent.full("gpt-4o-2024-08-06", 8));

                HttpResponse<String> stream = http.send(post(gw, "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}",
                        ""), HttpResponse.BodyHandlers.ofString());
                assertThat(stream.statusCode()).isEqualTo(200);
                assertThat(stream.headers().firstValue("content-type")).hasValueSatisfying(v ->
                        assertThat(v).startsWith("text/event-stream"));
                assertThat(stream.body()).contains("\"gpt-4o-2024-08-06:7 \"").endsWith("data: [DONE]\n\n");
            }
            String body = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}";
            try (RawHttp raw = new RawHttp(gw.port())) {
                String cut = raw.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\n"
                        + "x-mock-fault: disconnect-mid-stream\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                        .readToClose();
                assertThat(cut).contains("data: {\"error\"").doesNotContain("[DONE]");
            }
        }
    }

    private static HttpRequest post(GatewayProcess gw, String body, String fault) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!fault.isEmpty()) {
            b.header("x-mock-fault", fault);
        }
        return b.build();
    }
}
