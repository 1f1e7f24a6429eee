package io.llmgateway.bench;

import io.llmgateway.bench.mock.MockFault;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** {@code bench mock ...}: runs a {@link MockUpstream} until the process is stopped. */
final class MockCommand {

    static final String USAGE = String.join(System.lineSeparator(),
            "bench mock [options]       an OpenAI-compatible mock upstream (runs until stopped)",
            "  --host ADDR              bind address (0.0.0.0)",
            "  --port N                 port (9000)",
            "  --latency-ms N           wait before the response head (0)",
            "  --chunks N               content events per stream (16)",
            "  --chunk-interval-ms N    pause between stream events (0)",
            "  --status N               answer every request with this status (200)",
            "  --fault F                none | disconnect-mid-stream | error-mid-stream | stall-mid-stream |",
            "                         slow-first-byte | close-before-response | hang",
            "  --slow-first-byte-ms N   wait of the slow-first-byte fault (10000)",
            "  --body-bytes N           minimum size of non-stream chat/completion bodies (0)",
            "  --embedding-dimensions N default embedding length (1536)",
            "  --models a,b,c           ids listed by GET /models",
            "  --record N               keep the last N requests in memory (0)",
            "  --threads N              event loop threads (processors)",
            "  --transport T            auto | epoll | nio (auto)",
            "  --keep-objects           keep files, batches and responses per key (404 for another key's)");

    private static final Set<String> OPTIONS = Set.of("host", "port", "latency-ms", "chunks", "chunk-interval-ms",
            "status", "fault", "slow-first-byte-ms", "body-bytes", "embedding-dimensions", "models", "record",
            "threads", "transport");

    private MockCommand() {
    }

    static void run(List<String> args) throws InterruptedException {
        CliArgs a = CliArgs.parse(args, OPTIONS, Set.of("keep-objects"));
        MockOptions.Builder b = MockOptions.builder()
                .host(a.string("host", "0.0.0.0"))
                .port(a.intValue("port", 9000))
                .latencyMs(a.longValue("latency-ms", 0))
                .chunks(a.intValue("chunks", 16))
                .chunkIntervalMs(a.longValue("chunk-interval-ms", 0))
                .status(a.intValue("status", 200))
                .fault(MockFault.parse(a.string("fault", "none")))
                .slowFirstByteMs(a.longValue("slow-first-byte-ms", 10_000))
                .bodyBytes(a.intValue("body-bytes", 0))
                .embeddingDimensions(a.intValue("embedding-dimensions", 1536))
                .maxRecordedRequests(a.intValue("record", 0))
                .ioThreads(a.intValue("threads", 0))
                .transport(NettyTransport.parse(a.string("transport", "auto")))
                .keepObjects(a.flag("keep-objects"));
        if (a.has("models")) {
            b.models(Arrays.asList(a.string("models", "").split(",")));
        }
        MockUpstream mock = MockUpstream.start(b.build());
        Runtime.getRuntime().addShutdownHook(new Thread(mock::close, "mock-shutdown"));
        System.out.println("mock upstream listening on " + mock.baseUrl() + " (" + mock.transport() + ")");
        System.out.println("  " + mock.options());
        mock.awaitClose();
    }
}
