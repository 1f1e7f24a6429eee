package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.testing.Await;
import io.llmgateway.bench.mock.MockUpstream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stream relay guarantees over real sockets: per-event flushing, cancellation, truncation. */
class StreamingIT {

    private static MockUpstream upstream;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build());
        gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream));
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

    @BeforeEach
    void reset() {
        upstream.counters().reset();
    }

    private static String streamRequest(String extraHeaders) {
        String body = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n" + extraHeaders
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", gateway.port());
        s.setSoTimeout(20_000);
        return s;
    }

    /** Reads lines until one starts with {@code data:}; returns it. */
    private static String firstDataLine(BufferedReader r) throws IOException {
        String line;
        while ((line = r.readLine()) != null) {
            int i = line.indexOf("data: ");
            if (i >= 0) {
                return line.substring(i);
            }
        }
        throw new AssertionError("stream ended before any event");
    }

    @Test
    void eventsAreFlushedAsTheyArriveNotAtTheEnd() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(streamRequest("x-mock-chunks: 4\r\nx-mock-chunk-interval-ms: 300\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            assertThat(firstDataLine(r)).contains("chat.completion.chunk");
            // The first event reached us while the upstream was still producing the stream.
            assertThat(upstream.counters().completedStreams()).isZero();
        }
    }

    @Test
    void aClientDisconnectMidStreamClosesTheUpstreamAtOnce() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(streamRequest("x-mock-chunks: 1000\r\nx-mock-chunk-interval-ms: 20\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            firstDataLine(r);
        }
        // The mock counts a stream as cancelled when its connection closes mid-stream.
        Await.until("the upstream stream to be cancelled", Duration.ofSeconds(5),
                () -> upstream.counters().cancelledStreams() == 1);
        assertThat(upstream.counters().completedStreams()).isZero();
    }

    @Test
    void aClientDisconnectBeforeANonStreamAnswerClosesTheUpstream() throws Exception {
        String body = "{\"model\":\"gpt-4o\",\"messages\":[]}";
        try (Socket s = connect()) {
            s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nx-mock-latency-ms: 10000\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            Await.until("the request to reach the upstream", Duration.ofSeconds(5),
                    () -> upstream.counters().requests() == 1);
        }
        Await.until("the upstream request to be abandoned", Duration.ofSeconds(5),
                () -> upstream.counters().abandonedRequests() == 1);
    }

    @Test
    void anUpstreamDyingMidStreamEndsWithAnErrorEventAndNoDone() throws Exception {
        try (RawHttp http = new RawHttp(gateway.port())) {
            String all = http.send(streamRequest("x-mock-chunks: 10\r\nx-mock-fault: disconnect-mid-stream\r\n")
                    .replace("\"model\":\"gpt-4o\"", "\"model\":\"faulty\""))
                    .readToClose();
            assertThat(all).startsWith("HTTP/1.1 200").contains("chat.completion.chunk");
            assertThat(all).contains("data: {\"error\":{\"message\":\"the upstream")
                    .contains("\"type\":\"server_error\"");
            assertThat(all).doesNotContain("[DONE]");
            // The chunked body is not terminated: the truncation is visible in the framing too.
            assertThat(all).doesNotContain("\r\n0\r\n\r\n");
        }
    }

    @Test
    void aCompleteStreamEndsWithDoneAndKeepsTheConnection() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            for (int round = 0; round < 3; round++) {
                out.write(streamRequest("x-mock-chunks: 3\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                String line;
                int events = 0;
                boolean done = false;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("data: ")) {
                        events++;
                        if (line.equals("data: [DONE]")) {
                            done = true;
                        }
                    }
                    if (line.equals("0")) { // last chunk of the chunked body
                        r.readLine();
                        break;
                    }
                }
                assertThat(done).isTrue();
                assertThat(events).isGreaterThanOrEqualTo(5); // role, 3 pieces, finish..., [DONE]
            }
        }
        assertThat(upstream.counters().completedStreams()).isEqualTo(3);
    }

    /**
     * Backpressure. A volume test, so its gateway runs with the leak detector at SIMPLE: at
     * PARANOID every access of every one of the ~100k event buffers records a stack trace. The
     * same relay path is leak-checked at PARANOID by the other tests of this class.
     */
    @Test
    void aSlowClientPausesTheUpstreamInsteadOfBufferingTheStream() throws Exception {
        // ~25 MB of events, more than the socket buffers between mock, gateway and client can hold.
        int chunks = 120_000;
        try (GatewayProcess volume = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream),
                java.util.Map.of(), "simple");
                Socket s = new Socket()) {
            s.setReceiveBufferSize(64 * 1024); // before connecting, so the TCP window stays small
            s.connect(new java.net.InetSocketAddress("127.0.0.1", volume.port()));
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(streamRequest("x-mock-chunks: " + chunks + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            Await.until("the stream to start", Duration.ofSeconds(5), () -> upstream.counters().requests() == 1);
            // The client reads nothing for a while. With backpressure the gateway stops reading the
            // upstream once the client socket is full, so the upstream cannot finish writing.
            long pauseUntil = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            while (System.nanoTime() < pauseUntil) {
                assertThat(upstream.counters().completedStreams()).as("upstream finished while the client was paused")
                        .isZero();
                Thread.onSpinWait();
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8),
                    1 << 16);
            String line;
            long events = 0;
            boolean done = false;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    events++;
                    if (line.equals("data: [DONE]")) {
                        done = true;
                        break;
                    }
                }
            }
            assertThat(done).isTrue();
            assertThat(events).isGreaterThan(chunks);
        }
        Await.until("the upstream stream to complete", Duration.ofSeconds(10),
                () -> upstream.counters().completedStreams() == 1);
    }
}
