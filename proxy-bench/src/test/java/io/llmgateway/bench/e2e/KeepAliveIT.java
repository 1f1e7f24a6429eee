package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Connection reuse on both legs. */
class KeepAliveIT {

    @Test
    void aThousandSequentialKeepAliveRequestsUseABoundedNumberOfUpstreamConnections() throws Exception {
        try (MockUpstream upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build());
                GatewayProcess gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest req = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build();
            for (int i = 0; i < 1000; i++) {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("request %d", i).isEqualTo(200);
            }
            assertThat(upstream.counters().requests()).isEqualTo(1000);
            // One client connection lives on one event loop, whose pool reuses one upstream connection.
            assertThat(upstream.counters().acceptedConnections()).isBetween(1L, 2L);
        }
    }
}
