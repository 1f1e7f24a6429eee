package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The memory attack of issue 10, point 1, against the real jar with {@code -Xmx160m} and the
 * default memory budget: 16 connections each sending 9 MB of a 10 MB body and then dribbling,
 * and 20 complete 9 MB requests at once. The gateway must keep serving other clients, answer 503
 * {@code server_overloaded} to new large bodies, never throw {@code OutOfMemoryError}, and accept
 * a large body again once the attackers are gone.
 */
class MemoryBudgetIT {

    private static final int DECLARED = 10_000_000;
    private static final int SENT = 9_000_000;
    private static final String SMALL = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static MockUpstream upstream;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").maxRecordedRequests(0).build());
        // "simple": PARANOID records a stack trace at every access of every buffer, which itself needs heap.
        gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream), Map.of(), "simple",
                List.of("-Xmx160m"));
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

    /** A chat body of exactly {@code size} bytes: one long user message. */
    private static byte[] chatBody(int size) {
        byte[] prefix = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] suffix = "\"}]}".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'a');
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        System.arraycopy(suffix, 0, body, size - suffix.length, suffix.length);
        return body;
    }

    private static byte[] request(byte[] body, int declared, int sent) {
        byte[] head = ("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(head, head.length + sent);
        System.arraycopy(body, 0, out, head.length, sent);
        return out;
    }

    /** Sends a whole request and returns the answer, or "reset" when the connection was cut before one. */
    private static String send(byte[] request) {
        try (RawHttp http = new RawHttp(gateway.port())) {
            return http.send(request).readResponse();
        } catch (IOException e) {
            return "reset: " + e;
        }
    }

    @Test
    void bodiesBeyondTheBudgetAre503WhileOthersAreServedAndTheBudgetComesBack() throws Exception {
        byte[] large = chatBody(DECLARED);
        byte[] attack = request(large, DECLARED, SENT);
        byte[] complete = request(chatBody(SENT), SENT, SENT);
        byte[] small = request(SMALL.getBytes(StandardCharsets.US_ASCII), SMALL.length(), SMALL.length());
        ExecutorService pool = Executors.newFixedThreadPool(36);
        ScheduledExecutorService dribble = Executors.newSingleThreadScheduledExecutor();
        List<RawHttp> attackers = new ArrayList<>();
        try {
            List<Future<RawHttp>> opening = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                opening.add(pool.submit(() -> new RawHttp(gateway.port()).send(attack)));
            }
            for (Future<RawHttp> f : opening) {
                try {
                    attackers.add(f.get(60, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException refused) {
                    // answered 503 and cut while sending: that attacker is done
                }
            }
            dribble.scheduleAtFixedRate(() -> {
                for (RawHttp a : attackers) {
                    try {
                        a.send(new byte[] {'a'});
                    } catch (IOException closed) {
                        // refused and closed by the gateway
                    }
                }
            }, 0, 200, TimeUnit.MILLISECONDS);

            List<Future<String>> bigOnes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                bigOnes.add(pool.submit(() -> send(complete)));
            }
            assertThat(send(small)).as("a small chat completion during the attack").startsWith("HTTP/1.1 200 ")
                    .contains("chat.completion");
            try (RawHttp health = new RawHttp(gateway.port())) {
                assertThat(health.send("GET /health/live HTTP/1.1\r\nHost: gw\r\n\r\n").readResponse())
                        .startsWith("HTTP/1.1 200 ");
            }
            for (Future<String> f : bigOnes) {
                assertThat(f.get(120, TimeUnit.SECONDS)).as("a complete 9 MB request while the budget is held")
                        .startsWith("HTTP/1.1 503 ").contains("retry-after: 1").contains("\"code\":\"server_overloaded\"");
            }
            assertThat(send(complete)).as("a new large body").startsWith("HTTP/1.1 503 ");
            assertThat(send(small)).as("a small one, after").startsWith("HTTP/1.1 200 ");
        } finally {
            dribble.shutdownNow();
            for (RawHttp a : attackers) {
                a.close();
            }
            pool.shutdownNow();
        }
        Await.until("a large body is accepted once the attackers are gone", Duration.ofSeconds(30),
                () -> send(complete).startsWith("HTTP/1.1 200 "));
        assertThat(gateway.output()).as("gateway output").noneMatch(l -> l.contains("OutOfMemoryError"))
                .anyMatch(l -> l.contains("memory budget for request bodies"))
                .anyMatch(l -> l.contains("request bodies refused with 503"));
    }
}
