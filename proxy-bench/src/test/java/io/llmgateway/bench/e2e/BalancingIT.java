package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The balancer seen from outside: cooldowns, breakers, fallbacks and exact limits, counted at the mock. */
class BalancingIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<String> chat(GatewayProcess gw, String model) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/chat/completions"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model
                        + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Long> requestsPerKey(MockUpstream mock) {
        return mock.recordedRequests().stream()
                .collect(Collectors.groupingBy(r -> r.header("authorization"), Collectors.counting()));
    }

    private static String gateway(String providers, String aliases, String policy) {
        return """
                server:
                  listen: "127.0.0.1:0"
                  io_threads: 2
                  drain_delay_ms: 0
                upstream:
                  connect_timeout_ms: 1000
                policy:
                %s
                providers:
                %s
                model_aliases:
                %s
                """.formatted(indent(policy), indent(providers), indent(aliases));
    }

    private static String indent(String block) {
        return block.strip().lines().map(l -> "  " + l).collect(Collectors.joining("\n"));
    }

    @Test
    void aKeyAnswering429LosesItsTrafficToTheOthersAndRegainsItAfterTheCooldown() throws Exception {
        try (MockUpstream mock = MockUpstream.start(MockOptions.builder().retryAfterSeconds(2).build());
                GatewayProcess gw = GatewayProcess.start(gateway("""
                        - id: p
                          type: openai-compatible
                          base_url: "%s/v1"
                          keys:
                            - { id: k1, secret: sk-1 }
                            - { id: k2, secret: sk-2 }
                            - { id: k3, secret: sk-3 }
                        """.formatted(mock.baseUrl()), "m: p:gpt-4o", """
                        strategy: round-robin
                        ramp_ms: 1
                        """))) {
            mock.whenCredential("sk-2", "x-mock-status", "429");
            List<HttpResponse<String>> replies = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                replies.add(chat(gw, "m"));
            }
            assertThat(replies).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
            assertThat(requestsPerKey(mock).get("Bearer sk-2")).as("requests k2 received while cooling down")
                    .isEqualTo(1);
            assertThat(replies).filteredOn(r -> r.headers().firstValue("x-gateway-attempts").orElse("").equals("2"))
                    .singleElement()
                    .satisfies(r -> assertThat(r.headers().firstValue("x-gateway-deployment")).isPresent());

            mock.clearCredentialRules();
            mock.clearRecordedRequests();
            Await.until("k2 to get traffic again after its 2 s cooldown", Duration.ofSeconds(15), () -> {
                try {
                    assertThat(chat(gw, "m").statusCode()).isEqualTo(200);
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
                return requestsPerKey(mock).getOrDefault("Bearer sk-2", 0L) > 0;
            });
        }
    }

    @Test
    void aDeadUpstreamTripsTheBreakerAndHalfOpenProbesRecoverIt() throws Exception {
        MockUpstream a = MockUpstream.start(MockOptions.builder().build());
        int portA = a.port();
        String baseA = a.baseUrl();
        boolean aClosed = false;
        try (MockUpstream b = MockUpstream.start(MockOptions.builder().build());
                GatewayProcess gw = GatewayProcess.start(gateway("""
                        - id: a
                          type: openai-compatible
                          base_url: "%s/v1"
                          keys: [ { id: ka, secret: sk-a } ]
                        - id: b
                          type: openai-compatible
                          base_url: "%s/v1"
                          keys: [ { id: kb, secret: sk-b } ]
                        """.formatted(baseA, b.baseUrl()), """
                        m:
                          targets: [ "a:gpt-4o", "b:gpt-4o" ]
                        """, """
                        strategy: round-robin
                        failure_threshold: 1000
                        ramp_ms: 1
                        breaker:
                          failure_rate: 0.5
                          min_requests: 4
                          open_ms: 1500
                          half_open_probes: 1
                        """))) {
            a.close(); // dead: connection refused
            aClosed = true;
            List<String> attempts = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                HttpResponse<String> r = chat(gw, "m");
                assertThat(r.statusCode()).as("retried on b").isEqualTo(200);
                assertThat(r.headers().firstValue("x-gateway-deployment")).contains("b/kb");
                attempts.add(r.headers().firstValue("x-gateway-attempts").orElseThrow());
            }
            // Until the breaker opens, round-robin sends every other request to a first (2 attempts);
            // once it is open, a is skipped and every request goes straight to b.
            assertThat(attempts.stream().filter("2"::equals).count()).isBetween(1L, 6L);
            assertThat(attempts.subList(20, 40)).containsOnly("1");
            long attemptsOnDeadA = b.recordedRequests().size(); // every reply came from b
            assertThat(attemptsOnDeadA).isEqualTo(40);

            // Bring a back on the same port: after open_ms the breaker half-opens, a probe succeeds,
            // and a takes traffic again.
            try (MockUpstream revived = MockUpstream.start(MockOptions.builder().port(portA).build())) {
                Await.until("the breaker of a to close after a successful probe", Duration.ofSeconds(15), () -> {
                    try {
                        chat(gw, "m");
                    } catch (IOException | InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    return revived.counters().requests() >= 3;
                });
            }
        } finally {
            if (!aClosed) {
                a.close();
            }
        }
    }

    @Test
    void aFallbackAliasAnswersWhenEveryPrimaryTargetFails() throws Exception {
        try (MockUpstream backup = MockUpstream.start(MockOptions.builder().build());
                GatewayProcess gw = GatewayProcess.start(gateway("""
                        - id: dead
                          type: openai-compatible
                          base_url: "http://127.0.0.1:1/v1"
                          keys: [ { id: d1, secret: sk-d1 }, { id: d2, secret: sk-d2 } ]
                        - id: backup
                          type: openai-compatible
                          base_url: "%s/v1"
                          keys: [ { id: b1, secret: sk-b1 } ]
                        """.formatted(backup.baseUrl()), """
                        primary:
                          targets: [ "dead:gpt-4o" ]
                          fallbacks: [ spare ]
                        spare: backup:gpt-4o-mini
                        """, "retries: 5\nbackoff_ms: { initial: 1, max: 5 }"))) {
            HttpResponse<String> r = chat(gw, "primary");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("gpt-4o-mini");
            assertThat(r.headers().firstValue("x-gateway-deployment")).contains("backup/b1");
            assertThat(r.headers().firstValue("x-gateway-attempts")).contains("3"); // d1, d2, then b1
        }
    }

    @Test
    void eightConcurrentClientsNeverPushAKeyOverItsRpm() throws Exception {
        try (MockUpstream mock = MockUpstream.start(MockOptions.builder().latencyMs(5).build());
                GatewayProcess gw = GatewayProcess.start(gateway("""
                        - id: q
                          type: openai-compatible
                          base_url: "%s/v1"
                          keys:
                            - { id: q1, secret: sk-q1, limit_req_per_min: 15 }
                            - { id: q2, secret: sk-q2, limit_req_per_min: 15 }
                        """.formatted(mock.baseUrl()), "m: q:gpt-4o", "strategy: least-busy"))) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
            try {
                List<Future<?>> clients = new ArrayList<>();
                for (int c = 0; c < 8; c++) {
                    clients.add(pool.submit(() -> {
                        for (int i = 0; i < 10; i++) {
                            statuses.add(chat(gw, "m").statusCode());
                        }
                        return null;
                    }));
                }
                for (Future<?> f : clients) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            Map<Integer, Long> byStatus = statuses.stream().collect(Collectors.groupingBy(Function.identity(),
                    Collectors.counting()));
            Map<String, Long> perKey = requestsPerKey(mock);
            assertThat(perKey.get("Bearer sk-q1")).isLessThanOrEqualTo(15);
            assertThat(perKey.get("Bearer sk-q2")).isLessThanOrEqualTo(15);
            assertThat(byStatus.get(200)).isEqualTo(30L); // the whole capacity, and not one more
            assertThat(byStatus.get(429)).isEqualTo(50L);
            assertThat(mock.recordedRequests()).hasSize(30);
        }
    }

    @Test
    void exhaustionAnswers429WithARetryAfterThatIsNeitherEarlyNorLate() throws Exception {
        try (MockUpstream mock = MockUpstream.start(MockOptions.builder().build());
                GatewayProcess gw = GatewayProcess.start(gateway("""
                        - id: r
                          type: openai-compatible
                          base_url: "%s/v1"
                          keys: [ { id: r1, secret: sk-r1, limit_req_per_min: 3 } ]
                        """.formatted(mock.baseUrl()), "m: r:gpt-4o", "strategy: round-robin"))) {
            long sentFirst = System.currentTimeMillis();
            HttpResponse<String> first = chat(gw, "m");
            long answeredFirst = System.currentTimeMillis();
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("x-ratelimit-limit-requests")).contains("3");
            assertThat(first.headers().firstValue("x-ratelimit-remaining-requests")).contains("2");
            assertThat(chat(gw, "m").statusCode()).isEqualTo(200);
            assertThat(chat(gw, "m").statusCode()).isEqualTo(200);

            HttpResponse<String> refused = chat(gw, "m");
            long now = System.currentTimeMillis();
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).contains("\"code\":\"rate_limit_exceeded\"");
            long retryAfterMs = Long.parseLong(refused.headers().firstValue("retry-after-ms").orElseThrow());
            long retryAfterS = Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow());
            // The first request was admitted between sentFirst and answeredFirst; it leaves the
            // window 60 s later.
            long earliest = sentFirst + 60_000 - now;
            long latest = answeredFirst + 60_000 - now;
            assertThat(retryAfterMs).isBetween(earliest - 1000, latest + 1000);
            assertThat(retryAfterS).isEqualTo((retryAfterMs + 999) / 1000);
            assertThat(mock.recordedRequests()).hasSize(3);
        }
    }

    @Test
    void tagBasedRoutingFollowsTheHeaderOrMetadataTags() throws Exception {
        try (MockUpstream mock = MockUpstream.start(MockOptions.builder().build());
                GatewayProcess gw = GatewayProcess.start(gateway("""
                        - id: eu
                          type: openai-compatible
                          base_url: "%1$s/v1"
                          keys: [ { id: e1, secret: sk-e1 } ]
                        - id: us
                          type: openai-compatible
                          base_url: "%1$s/v1"
                          keys: [ { id: u1, secret: sk-u1 } ]
                        """.formatted(mock.baseUrl()), """
                        m:
                          strategy: tag-based
                          targets:
                            - { target: "eu:gpt-4o", tags: [eu] }
                            - { target: "us:gpt-4o", tags: [us, default] }
                        """, "retries: 0"))) {
            for (int i = 0; i < 5; i++) {
                HttpRequest byHeader = HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/chat/completions"))
                        .header("x-llm-tags", "eu")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[]}")).build();
                assertThat(HTTP.send(byHeader, HttpResponse.BodyHandlers.ofString()).headers()
                        .firstValue("x-gateway-deployment")).contains("eu/e1");
                HttpRequest byMetadata = HttpRequest.newBuilder(URI.create(gw.baseUrl() + "/chat/completions"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"m\",\"metadata\":{\"tags\":\"us\"},\"messages\":[]}")).build();
                assertThat(HTTP.send(byMetadata, HttpResponse.BodyHandlers.ofString()).headers()
                        .firstValue("x-gateway-deployment")).contains("us/u1");
                assertThat(chat(gw, "m").headers().firstValue("x-gateway-deployment")).as("untagged: default")
                        .contains("us/u1");
            }
        }
    }

    @Test
    void theBulkheadQueuesRequestsForABoundedTimeThenAnswers429() throws Exception {
        try (MockUpstream mock = MockUpstream.start(MockOptions.builder().latencyMs(300).build());
                GatewayProcess gw = GatewayProcess.start(gateway("""
                        - id: c
                          type: openai-compatible
                          base_url: "%s/v1"
                          keys: [ { id: c1, secret: sk-c1, max_concurrent: 1 } ]
                        """.formatted(mock.baseUrl()), "patient: c:gpt-4o", "max_wait_ms: 5000"))) {
            // Three at once on a key that takes one at a time: they wait their turn and all succeed.
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<HttpResponse<String>>> replies = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    replies.add(pool.submit(() -> chat(gw, "patient")));
                }
                for (Future<HttpResponse<String>> r : replies) {
                    assertThat(r.get().statusCode()).isEqualTo(200);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(mock.counters().requests()).isEqualTo(3);
        }
        try (MockUpstream mock = MockUpstream.start(MockOptions.builder().latencyMs(3000).build());
                GatewayProcess gw = GatewayProcess.start(gateway("""
                        - id: c
                          type: openai-compatible
                          base_url: "%s/v1"
                          keys: [ { id: c1, secret: sk-c1, max_concurrent: 1 } ]
                        """.formatted(mock.baseUrl()), "m: c:gpt-4o", "max_wait_ms: 200"))) {
            // One request holds the only slot for 3 s; the next waits 200 ms, then gets a 429.
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<HttpResponse<String>> holder = pool.submit(() -> chat(gw, "m"));
                Await.until("the first request to reach the upstream", Duration.ofSeconds(5),
                        () -> mock.counters().requests() == 1);
                HttpResponse<String> refused = chat(gw, "m");
                assertThat(refused.statusCode()).isEqualTo(429);
                assertThat(refused.body()).contains("rate_limit_exceeded");
                assertThat(refused.headers().firstValue("retry-after")).isPresent();
                assertThat(holder.get().statusCode()).isEqualTo(200);
            } finally {
                pool.shutdownNow();
            }
            assertThat(mock.counters().requests()).isEqualTo(1);
        }
    }
}
