package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An upstream that falls silent mid-answer is cut at {@code upstream.idle_timeout_ms} after the
 * last byte it sent, whatever the first-byte timeout says.
 *
 * <p>Regression (issue 10): the idle timeout was only looked at when the first-byte deadline
 * came, so with idle 1.5 s and first byte 8 s a stream silent after two chunks ended 8 s later.
 * The upper bounds below sit between the two (room for a loaded two-core machine); the lower
 * bound is the idle timeout itself, which nothing may cut short.
 */
class StalledUpstreamIT {

    private static final long IDLE_MS = 1_500;
    private static final long FIRST_BYTE_MS = 8_000;

    private static MockUpstream upstream;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build());
        gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream, "",
                "first_byte_timeout_ms: " + FIRST_BYTE_MS + "\nidle_timeout_ms: " + IDLE_MS
                        + "\ntotal_timeout_ms: 60000",
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

    /** What the client receives until the gateway closes, and how long that took. */
    private record Received(String text, long millis) {
    }

    private static Received send(boolean stream) throws IOException {
        String body = "{\"model\":\"faulty\",\"stream\":" + stream + ",\"messages\":[]}";
        try (RawHttp http = new RawHttp(gateway.port())) {
            long start = System.nanoTime();
            String all = http.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nx-mock-fault: stall-mid-stream\r\n"
                    + "x-mock-chunks: 4\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).readToClose();
            return new Received(all, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    @Test
    void aStreamSilentAfterTwoChunksEndsWithAnIdleTimeoutEventThenTheClose() throws IOException {
        Received r = send(true);

        String all = r.text();
        assertThat(all).startsWith("HTTP/1.1 200 ").doesNotContain("[DONE]").doesNotContain("gpt-4o:2 ");
        int first = all.indexOf("gpt-4o:0 ");
        int second = all.indexOf("gpt-4o:1 ");
        int error = all.indexOf("data: {\"error\":");
        assertThat(first).as("the first chunk").isPositive();
        assertThat(second).as("the second chunk, after the first").isGreaterThan(first);
        assertThat(error).as("the error event, after both chunks").isGreaterThan(second);
        assertThat(all.lastIndexOf("data: ")).as("nothing after the error event").isEqualTo(error);
        assertThat(all.substring(error)).contains("\"code\":\"upstream_timeout\"").contains("upstream.idle_timeout_ms");
        assertThat(r.millis()).as("cut after the idle timeout, well before the first-byte timeout")
                .isGreaterThanOrEqualTo(IDLE_MS).isLessThan(6_000);
    }

    @Test
    void aBodySilentHalfWayIsCutAtTheIdleTimeout() throws IOException {
        Received r = send(false);

        String all = r.text();
        assertThat(all).startsWith("HTTP/1.1 200 ");
        int headEnd = all.indexOf("\r\n\r\n") + 4;
        long declared = Long.parseLong(all.substring(0, headEnd).lines()
                .filter(l -> l.regionMatches(true, 0, "content-length:", 0, 15)).findFirst().orElseThrow()
                .substring(15).trim());
        assertThat((long) all.length() - headEnd).as("the body is cut short by the close").isLessThan(declared);
        assertThat(r.millis()).as("cut after the idle timeout, well before the first-byte timeout")
                .isGreaterThanOrEqualTo(IDLE_MS).isLessThan(6_000);
    }
}
