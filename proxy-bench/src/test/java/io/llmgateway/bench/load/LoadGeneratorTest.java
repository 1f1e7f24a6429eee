package io.llmgateway.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.mock.MockFault;
import io.llmgateway.bench.mock.MockHeaders;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.testing.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Short runs against the mock: the counts must add up; no timing is asserted. */
class LoadGeneratorTest {

    private static MockUpstream mock;

    @BeforeAll
    static void start() {
        mock = MockUpstream.start(MockOptions.builder().chunks(5).maxRecordedRequests(0).build());
    }

    @AfterAll
    static void stop() {
        mock.close();
    }

    private static LoadOptions.Builder options(String path) {
        return LoadOptions.builder(mock.baseUrl() + path).ioThreads(2).timeout(Duration.ofSeconds(10));
    }

    @Test
    void closedLoopSendsExactlyTheRequestedCount() throws InterruptedException {
        long before = mock.counters().requests("/v1/chat/completions");
        LoadResult r = LoadGenerator.run(options("/v1/chat/completions").concurrency(8).requests(400).build());

        assertThat(r.requests()).isEqualTo(400);
        assertThat(r.ok()).isEqualTo(400);
        assertThat(r.errors()).isZero();
        assertThat(r.latency().getTotalCount()).isEqualTo(400);
        assertThat(r.statusCounts()).containsEntry(200, 400L);
        assertThat(r.requestsPerSecond()).isPositive();
        assertThat(r.bytesReceived()).isPositive();
        assertThat(mock.counters().requests("/v1/chat/completions") - before).isEqualTo(400);
    }

    @Test
    void openLoopSendsExactlyTheRequestedCount() throws InterruptedException {
        LoadResult r = LoadGenerator.run(options("/v1/embeddings").concurrency(4).rate(2000).requests(300).build());

        assertThat(r.requests()).isEqualTo(300);
        assertThat(r.errors()).isZero();
        assertThat(r.latency().getTotalCount()).isEqualTo(300);
    }

    @Test
    void warmupRequestsAreSentButNotCounted() throws InterruptedException {
        long before = mock.counters().requests("/v1/models");
        LoadResult r = LoadGenerator.run(options("/v1/models").concurrency(2).rate(1000)
                .warmup(Duration.ofMillis(50)).requests(100).build());

        assertThat(r.requests()).isEqualTo(100);
        assertThat(r.errors()).isZero();
        assertThat(mock.counters().requests("/v1/models") - before).isEqualTo(150);
    }

    @Test
    void durationBoundedRunStops() throws InterruptedException {
        LoadResult r = LoadGenerator.run(options("/v1/chat/completions").concurrency(2)
                .duration(Duration.ofMillis(200)).build());

        assertThat(r.requests()).isPositive();
        assertThat(r.errors()).isZero();
    }

    @Test
    void streamRunRecordsTimeToFirstTokenAndGaps() throws InterruptedException {
        LoadResult r = LoadGenerator.run(options("/v1/chat/completions").concurrency(4).requests(40).stream(true)
                .header(MockHeaders.CHUNK_INTERVAL_MS, "1").build());

        assertThat(r.requests()).isEqualTo(40);
        assertThat(r.errors()).isZero();
        assertThat(r.ttft().getTotalCount()).isEqualTo(40);
        assertThat(r.gap().getTotalCount()).isEqualTo(40 * 4);
        assertThat(r.latency().getTotalCount()).isEqualTo(40);
    }

    @Test
    void truncatedStreamsAreCounted() throws InterruptedException {
        LoadResult r = LoadGenerator.run(options("/v1/chat/completions").concurrency(2).requests(10).stream(true)
                .header(MockHeaders.FAULT, MockFault.DISCONNECT_MID_STREAM.headerValue()).build());

        assertThat(r.requests()).isEqualTo(10);
        assertThat(r.truncatedStreams()).isEqualTo(10);
        assertThat(r.ttft().getTotalCount()).isEqualTo(10);
    }

    @Test
    void non2xxAnswersAreCountedByStatus() throws InterruptedException {
        LoadResult r = LoadGenerator.run(options("/v1/chat/completions").concurrency(2).requests(20)
                .header(MockHeaders.STATUS, "429").build());

        assertThat(r.non2xx()).isEqualTo(20);
        assertThat(r.statusCounts()).containsEntry(429, 20L);
        assertThat(r.ok()).isZero();
    }

    @Test
    void timeoutsAreCountedAndTheConnectionDropped() throws InterruptedException {
        long abandonedBefore = mock.counters().abandonedRequests();
        LoadResult r = LoadGenerator.run(options("/v1/chat/completions").concurrency(2).requests(4)
                .timeout(Duration.ofMillis(100)).header(MockHeaders.FAULT, "hang").build());

        assertThat(r.timeouts()).isEqualTo(4);
        Await.until("the mock saw the timed-out requests leave",
                () -> mock.counters().abandonedRequests() - abandonedBefore == 4);
    }

    @Test
    void connectFailuresAreCounted() throws InterruptedException, IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        LoadResult r = LoadGenerator.run(LoadOptions.builder("http://127.0.0.1:" + closedPort + "/v1/chat/completions")
                .concurrency(2).requests(6).ioThreads(1).build());

        assertThat(r.requests()).isEqualTo(6);
        assertThat(r.connectFailures()).isEqualTo(6);
    }
}
