package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The drain a load balancer sees, against the real jar: after SIGTERM the listener stays open for
 * {@code server.drain_delay_ms} with readiness failing and new connections' API requests refused
 * with 503 (never a refused connection), then closes; a stream still open when
 * {@code server.shutdown_grace_ms} runs out gets an error event and a proper end of its body.
 */
class DrainIT {

    private static final String CHAT = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}";

    private static String post(String body, String extraHeaders) {
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n" + extraHeaders
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: gw\r\n\r\n";
    }

    /** One request on a new connection; the response, which must close it. */
    private static String onNewConnection(int port, String request) throws IOException {
        try (RawHttp c = new RawHttp(port)) {
            String response = c.send(request).readResponse();
            assertThat(c.closedByServer()).as("closed after: %s", response).isTrue();
            return response;
        }
    }

    private static boolean refused(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads {@code in} up to and including the first line that starts with {@code prefix}. */
    private static String readThrough(InputStream in, String prefix) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        StringBuilder all = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            line.write(b);
            if (b == '\n') {
                String l = line.toString(StandardCharsets.UTF_8);
                all.append(l);
                line.reset();
                if (l.startsWith(prefix)) {
                    return all.toString();
                }
            }
        }
        throw new AssertionError("the stream ended before a line starting with " + prefix + ":\n" + all);
    }

    @Test
    void theDelayAnswers503ThenConnectionsAreRefusedAndAStreamOpenAtGraceEndGetsAnErrorEventAndItsEnd()
            throws Exception {
        try (MockUpstream upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build())) {
            GatewayProcess gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream,
                    "drain_delay_ms: 6000\nshutdown_grace_ms: 10000", ""));
            int port = gateway.port();
            try (Socket stream = new Socket("127.0.0.1", port); RawHttp keptAlive = new RawHttp(port)) {
                stream.setSoTimeout(30_000);
                // A stream far longer than the grace: 2,000 events 20 ms apart.
                stream.getOutputStream().write(post(STREAM, "x-mock-chunks: 2000\r\nx-mock-chunk-interval-ms: 20\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                InputStream events = stream.getInputStream();
                assertThat(readThrough(events, "data: ")).startsWith("HTTP/1.1 200 OK\r\n");
                assertThat(keptAlive.send(get("/health/ready")).readResponse()).startsWith("HTTP/1.1 200 OK\r\n");

                ProcessHandle.of(gateway.pid()).orElseThrow().destroy(); // SIGTERM
                Await.until("/health/ready to answer 503 on a new connection", Duration.ofSeconds(5), () -> {
                    try (RawHttp probe = new RawHttp(port)) {
                        return probe.send(get("/health/ready")).readResponse().startsWith("HTTP/1.1 503 ");
                    } catch (IOException e) {
                        throw new AssertionError("a refused or broken connection during the drain delay", e);
                    }
                });

                assertThat(keptAlive.send(get("/health/ready")).readResponse()).as("an open connection is answered")
                        .startsWith("HTTP/1.1 503 ").contains("connection: close\r\n");
                assertThat(keptAlive.closedByServer()).isTrue();
                String refusedRequest = onNewConnection(port, post(CHAT, ""));
                assertThat(refusedRequest).startsWith("HTTP/1.1 503 Service Unavailable\r\n")
                        .contains("connection: close\r\n").contains("\"code\":\"server_draining\"")
                        .contains("\"type\":\"server_error\"");
                assertThat(onNewConnection(port, get("/health/ready"))).startsWith("HTTP/1.1 503 ")
                        .endsWith("{\"status\":\"draining\"}");
                assertThat(onNewConnection(port, get("/health/live"))).startsWith("HTTP/1.1 200 OK\r\n");
                assertThat(upstream.counters().requests("/v1/chat/completions")).as("only the stream went upstream")
                        .isEqualTo(1);

                Await.until("new connections to be refused once the delay is over", Duration.ofSeconds(20),
                        () -> refused(port));
                String rest = readThrough(events, "data: {\"error\":");
                assertThat(rest).as("the stream ran on through the delay")
                        .contains("\"object\":\"chat.completion.chunk\"");
                assertThat(rest).doesNotContain("[DONE]").endsWith("\"code\":\"server_shutting_down\"}}\n");
                String end = new String(events.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(end).as("after the error event: its chunk's end, then the last chunk, then the close")
                        .isEqualTo("\n\r\n0\r\n\r\n");
            }
            assertThat(gateway.stop()).isZero();
            assertThat(gateway.output()).noneMatch(l -> l.contains("LEAK:"))
                    .anyMatch(l -> l.contains("shutdown grace of 10000 ms over"))
                    .anyMatch(l -> l.contains("requests refused with 503 server_draining"));
        }
    }

    @Test
    void aSecondSigtermEndsTheDrainAtOnce() throws Exception {
        try (MockUpstream upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build())) {
            GatewayProcess gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream,
                    "drain_delay_ms: 60000\nshutdown_grace_ms: 120000", ""));
            int port = gateway.port();
            ProcessHandle process = ProcessHandle.of(gateway.pid()).orElseThrow();
            process.destroy();
            Await.until("the drain to begin", Duration.ofSeconds(10), () -> {
                try (RawHttp probe = new RawHttp(port)) {
                    return probe.send(get("/health/ready")).readResponse().startsWith("HTTP/1.1 503 ");
                } catch (IOException e) {
                    return false;
                }
            });
            process.destroy();
            assertThat(process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS).isAlive()).isFalse();
            assertThat(gateway.stop()).isZero();
            assertThat(gateway.output()).noneMatch(l -> l.contains("LEAK:")).anyMatch(l -> l.contains("stopped"));
        }
    }
}
