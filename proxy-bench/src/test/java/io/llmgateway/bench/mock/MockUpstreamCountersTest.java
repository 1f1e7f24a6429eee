package io.llmgateway.bench.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.llmgateway.bench.NettyTransport;
import io.llmgateway.bench.testing.Await;
import io.llmgateway.bench.testing.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Counters, recording, keep-alive and pipelining, on every transport the mock supports. */
class MockUpstreamCountersTest {

    private static final String BODY = "{\"model\":\"gpt-4o\",\"messages\":[]}";

    private static MockUpstream start(NettyTransport transport, MockOptions.Builder options) {
        assumeTrue(transport.isAvailable(), transport + " is not available here");
        return MockUpstream.start(options.transport(transport).build());
    }

    @ParameterizedTest
    @EnumSource(value = NettyTransport.class, names = {"EPOLL", "NIO"})
    void keepAliveConnectionIsReused(NettyTransport transport) throws IOException {
        try (MockUpstream mock = start(transport, MockOptions.builder());
             RawHttp http = new RawHttp(mock.port())) {
            assertThat(mock.transport()).isEqualTo(transport);
            for (int i = 0; i < 3; i++) {
                assertThat(http.post("/v1/chat/completions", BODY).readResponse().status()).isEqualTo(200);
                assertThat(http.post("/v1/chat/completions", "{\"stream\":true}").readResponse().body())
                        .endsWith("data: [DONE]\n\n");
            }
            http.send("GET", "/v1/models", Map.of(), null).readResponse();

            assertThat(mock.counters().acceptedConnections()).isEqualTo(1);
            assertThat(mock.counters().openConnections()).isEqualTo(1);
            assertThat(mock.counters().requests()).isEqualTo(7);
        }
    }

    @ParameterizedTest
    @EnumSource(value = NettyTransport.class, names = {"EPOLL", "NIO"})
    void countsConnectionsAndRequestsPerPath(NettyTransport transport) throws IOException {
        try (MockUpstream mock = start(transport, MockOptions.builder())) {
            try (RawHttp a = new RawHttp(mock.port()); RawHttp b = new RawHttp(mock.port())) {
                a.post("/v1/chat/completions", BODY).readResponse();
                b.post("/prefix/v1/chat/completions", BODY).readResponse();
                b.post("/v1/embeddings", "{\"input\":\"x\"}").readResponse();
                assertThat(mock.counters().openConnections()).isEqualTo(2);
            }
            Await.until("connections closed", () -> mock.counters().openConnections() == 0);

            assertThat(mock.counters().acceptedConnections()).isEqualTo(2);
            assertThat(mock.counters().requestsByPath()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "/v1/chat/completions", 1L, "/prefix/v1/chat/completions", 1L, "/v1/embeddings", 1L));
            mock.counters().reset();
            assertThat(mock.counters().requests()).isZero();
            assertThat(mock.counters().acceptedConnections()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = NettyTransport.class, names = {"EPOLL", "NIO"})
    void pipelinedRequestsAreAnsweredInOrder(NettyTransport transport) throws IOException {
        try (MockUpstream mock = start(transport, MockOptions.builder().chunks(2));
             RawHttp http = new RawHttp(mock.port())) {
            http.post("/v1/chat/completions", Map.of(MockHeaders.LATENCY_MS, "30"), "{\"model\":\"first\",\"stream\":true}");
            http.post("/v1/chat/completions", "{\"model\":\"second\"}");

            assertThat(http.readResponse().body()).contains("first:1 ").endsWith("data: [DONE]\n\n");
            assertThat(http.readResponse().body()).contains("second:1 ");
        }
    }

    @ParameterizedTest
    @EnumSource(value = NettyTransport.class, names = {"EPOLL", "NIO"})
    void recordsTheLatestRequestsUpToItsBound(NettyTransport transport) throws IOException {
        try (MockUpstream mock = start(transport, MockOptions.builder().maxRecordedRequests(2));
             RawHttp http = new RawHttp(mock.port())) {
            for (int i = 0; i < 3; i++) {
                http.post("/v1/chat/completions?n=" + i, Map.of("Authorization", "Bearer k" + i),
                        "{\"model\":\"m" + i + "\"}").readResponse();
            }

            List<RecordedRequest> recorded = mock.recordedRequests();
            assertThat(recorded).extracting(RecordedRequest::uri)
                    .containsExactly("/v1/chat/completions?n=1", "/v1/chat/completions?n=2");
            RecordedRequest last = recorded.get(1);
            assertThat(last.method()).isEqualTo("POST");
            assertThat(last.path()).isEqualTo("/v1/chat/completions");
            assertThat(last.header("authorization")).isEqualTo("Bearer k2");
            assertThat(last.body()).isEqualTo("{\"model\":\"m2\"}");

            mock.clearRecordedRequests();
            assertThat(mock.recordedRequests()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = NettyTransport.class, names = {"EPOLL", "NIO"})
    void bodyBytesPadsALargeResponse(NettyTransport transport) throws IOException {
        try (MockUpstream mock = start(transport, MockOptions.builder());
             RawHttp http = new RawHttp(mock.port())) {
            for (int size : new int[] {100_000, 3_000_000}) {
                RawHttp.Response response = http.post("/v1/chat/completions",
                        Map.of(MockHeaders.BODY_BYTES, Integer.toString(size)), BODY).readResponse();

                assertThat(response.body().getBytes(StandardCharsets.UTF_8)).hasSize(size);
                assertThat(response.body()).endsWith("\"system_fingerprint\":\"fp_mock\"}");
            }
        }
    }
}
