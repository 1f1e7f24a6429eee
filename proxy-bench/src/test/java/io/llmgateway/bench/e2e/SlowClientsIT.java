package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slow clients against the real jar (issue 10, point 2): a head or a body sent a byte at a time is
 * cut at its deadline ({@code server.header_timeout_ms} 1 s, {@code server.body_timeout_ms} 2 s
 * here), not kept alive by each byte, and many of them do not stop a normal client being served.
 * The clients' pace comes from a scheduler, never a sleep.
 */
class SlowClientsIT {

    private static final String HEAD = "POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\n"
            + "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n";
    private static final String SMALL = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static MockUpstream upstream;
    private static GatewayProcess gateway;
    private static ScheduledExecutorService pace;

    @BeforeAll
    static void start() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build());
        gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream,
                "header_timeout_ms: 1000\nbody_timeout_ms: 2000", ""));
        pace = Executors.newScheduledThreadPool(2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (pace != null) {
            pace.shutdownNow();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    /** Sends {@code bytes} one every 100 ms on {@code http}, from the scheduler, until cancelled or refused. */
    private static ScheduledFuture<?> dribble(RawHttp http, byte[] bytes) {
        int[] next = {0};
        return pace.scheduleAtFixedRate(() -> {
            if (next[0] < bytes.length) {
                try {
                    http.send(new byte[] {bytes[next[0]++]});
                } catch (IOException closed) {
                    next[0] = bytes.length;
                }
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
    }

    private static String chat(String body) throws IOException {
        try (RawHttp http = new RawHttp(gateway.port())) {
            return http.send(HEAD.formatted(body.length()) + body).readResponse();
        }
    }

    @Test
    void aHeadSentOneBytePer100MsIsClosedAtTheHeaderDeadline() throws IOException {
        byte[] head = HEAD.formatted(SMALL.length()).getBytes(StandardCharsets.US_ASCII);
        try (RawHttp http = new RawHttp(gateway.port()).readTimeout(10_000)) {
            long start = System.nanoTime();
            ScheduledFuture<?> sender = dribble(http, head);
            try {
                assertThat(http.awaitClose()).isTrue();
            } finally {
                sender.cancel(false);
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(ms).as("closed at the 1 s deadline, %d of %d head bytes sent", ms / 100, head.length)
                    .isBetween(900L, 5_000L);
        }
    }

    @Test
    void aBodySentOneBytePer100MsIs408AtTheBodyDeadline() throws IOException {
        byte[] body = SMALL.getBytes(StandardCharsets.US_ASCII);
        try (RawHttp http = new RawHttp(gateway.port()).readTimeout(10_000)) {
            http.send(HEAD.formatted(body.length));
            long start = System.nanoTime();
            ScheduledFuture<?> sender = dribble(http, body);
            String answer;
            try {
                answer = http.readResponse();
            } finally {
                sender.cancel(false);
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(answer).startsWith("HTTP/1.1 408 ").contains("connection: close")
                    .contains("\"code\":\"request_timeout\"").contains("server.body_timeout_ms");
            assertThat(ms).as("answered at the 2 s deadline").isBetween(1_800L, 6_000L);
            assertThat(http.awaitClose()).isTrue();
        }
    }

    @Test
    void manySlowClientsDoNotStopANormalOneAndAreAllCut() throws Exception {
        byte[] head = HEAD.formatted(SMALL.length()).getBytes(StandardCharsets.US_ASCII);
        List<RawHttp> slow = new ArrayList<>();
        List<ScheduledFuture<?>> senders = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                RawHttp http = new RawHttp(gateway.port()).readTimeout(10_000);
                slow.add(http);
                senders.add(dribble(http, head));
            }
            assertThat(chat(SMALL)).startsWith("HTTP/1.1 200 ").contains("chat.completion");
            try (RawHttp health = new RawHttp(gateway.port())) {
                assertThat(health.send("GET /health/live HTTP/1.1\r\nHost: gw\r\n\r\n").readResponse())
                        .startsWith("HTTP/1.1 200 ");
            }
            for (RawHttp http : slow) {
                assertThat(http.awaitClose()).isTrue();
            }
        } finally {
            senders.forEach(s -> s.cancel(false));
            for (RawHttp http : slow) {
                http.close();
            }
        }
    }

    @Test
    void anIdleKeepAliveConnectionOutlivesTheHeaderDeadline() throws Exception {
        try (RawHttp http = new RawHttp(gateway.port())) {
            assertThat(http.send("GET /health/live HTTP/1.1\r\nHost: gw\r\n\r\n").readResponse()).startsWith("HTTP/1.1 200 ");
            ScheduledFuture<String> later = pace.schedule(() -> http.send(HEAD.formatted(SMALL.length()) + SMALL)
                    .readResponse(), 2_500, TimeUnit.MILLISECONDS);
            assertThat(later.get(15, TimeUnit.SECONDS)).as("the next request, 2.5 s later on the same connection")
                    .startsWith("HTTP/1.1 200 ");
        }
    }
}
