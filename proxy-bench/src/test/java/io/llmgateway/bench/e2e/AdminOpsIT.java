package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operational admin routes of the real gateway process: admin authentication on each, the
 * providers' usage after known traffic, a key disabled and enabled under traffic (counted at the
 * mock), the request-log tail filtered, the percentile summary.
 */
class AdminOpsIT {

    private static final String ADMIN_KEY = "admin-key-for-ops-it-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static MockUpstream mock;
    private static GatewayProcess gw;

    @BeforeAll
    static void start() throws Exception {
        mock = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build());
        gw = GatewayProcess.start("""
                server:
                  listen: "127.0.0.1:0"
                  io_threads: 2
                  shutdown_grace_ms: 10000
                  drain_delay_ms: 0
                  admin_api_key: "%s"
                upstream:
                  connect_timeout_ms: 2000
                policy:
                  strategy: round-robin
                  ramp_ms: 1
                providers:
                  - id: mock
                    type: openai-compatible
                    base_url: "%s/v1"
                    keys:
                      - {id: k1, secret: sk-ops-one}
                      - {id: k2, secret: sk-ops-two}
                  - id: other
                    type: openai-compatible
                    base_url: "%s/v1"
                    keys:
                      - {id: k1, secret: sk-other-one}
                  - id: metered
                    type: openai-compatible
                    base_url: "%s/v1"
                    keys:
                      - {id: m1, secret: sk-metered-one, limit_req_per_min: 1000, limit_tokens_per_min: 1000000}
                      - {id: m2, secret: sk-metered-two}
                model_aliases:
                  gpt-4o: mock:gpt-4o
                  spare: other:gpt-4o
                  metered: metered:gpt-4o
                """.formatted(ADMIN_KEY, mock.baseUrl(), mock.baseUrl(), mock.baseUrl()));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (gw != null) {
                gw.close();
            }
        } finally {
            if (mock != null) {
                mock.close();
            }
        }
    }

    @BeforeEach
    void everyKeyEnabled() throws Exception {
        for (String id : List.of("mock:k1", "mock:k2", "other:k1")) {
            assertThat(admin("POST", "/keys/" + id + "/enable", "").statusCode()).isEqualTo(200);
        }
        mock.clearRecordedRequests();
    }

    private static HttpResponse<String> send(String method, String path, String body, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (!body.isEmpty()) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> admin(String method, String path, String body)
            throws IOException, InterruptedException {
        return send(method, "/admin/v1" + path, body, "Bearer " + ADMIN_KEY);
    }

    private static JsonNode adminJson(String path) {
        try {
            HttpResponse<String> r = admin("GET", path, "");
            assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> chat(String model) throws IOException, InterruptedException {
        return send("POST", "/v1/chat/completions", "{\"model\":\"" + model
                + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", null);
    }

    private static Map<String, Long> requestsPerCredential() {
        return mock.recordedRequests().stream()
                .collect(Collectors.groupingBy(r -> r.header("authorization"), Collectors.counting()));
    }

    private static long reloads() {
        return gw.output().stream().filter(l -> l.contains("reloaded ")).count();
    }

    private static JsonNode key(JsonNode providers, String provider, String key) {
        for (JsonNode p : providers.get("data")) {
            if (p.get("id").asText().equals(provider)) {
                for (JsonNode k : p.get("keys")) {
                    if (k.get("id").asText().equals(key)) {
                        return k;
                    }
                }
            }
        }
        throw new AssertionError("no key " + provider + ":" + key + " in " + providers);
    }

    @Test
    void everyOperationalRouteNeedsTheAdminKey() throws Exception {
        List<String[]> routes = List.of(new String[] {"GET", "/"}, new String[] {"GET", "/providers"},
                new String[] {"GET", "/logs"},
                new String[] {"GET", "/stats"}, new String[] {"POST", "/keys/other:k1/disable"},
                new String[] {"POST", "/keys/other:k1/enable"});
        for (String[] route : routes) {
            String path = "/admin/v1" + route[1];
            HttpResponse<String> none = send(route[0], path, "", null);
            assertThat(none.statusCode()).as("%s %s without a key", route[0], path).isEqualTo(401);
            assertThat(JSON.readTree(none.body()).at("/error/code").asText()).isEqualTo("invalid_api_key");
            HttpResponse<String> wrong = send(route[0], path, "", "Bearer " + ADMIN_KEY.replace('0', '1'));
            assertThat(wrong.statusCode()).as("%s %s with a wrong key", route[0], path).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain(ADMIN_KEY);
            HttpResponse<String> right = admin(route[0], route[1], "");
            assertThat(right.statusCode()).as("%s %s with the admin key: %s", route[0], path, right.body())
                    .isEqualTo(200);
        }
    }

    @Test
    void providersShowTheUsageOfKnownTraffic() throws Exception {
        long tokens = 0;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = chat("metered");
            assertThat(r.statusCode()).isEqualTo(200);
            tokens += JSON.readTree(r.body()).at("/usage/total_tokens").asLong();
        }
        assertThat(tokens).isPositive();
        assertThat(requestsPerCredential()).containsEntry("Bearer sk-metered-one", 3L)
                .containsEntry("Bearer sk-metered-two", 3L);

        JsonNode providers = adminJson("/providers");
        assertThat(providers.get("data")).extracting(p -> p.get("id").asText())
                .containsExactly("mock", "other", "metered");
        JsonNode m1 = key(providers, "metered", "m1");
        JsonNode m2 = key(providers, "metered", "m2");
        assertThat(m1.at("/rpm/used").asLong()).isEqualTo(3);
        assertThat(m2.at("/rpm/used").asLong()).isEqualTo(3);
        assertThat(m1.at("/tpm/used").asLong() + m2.at("/tpm/used").asLong()).isEqualTo(tokens);
        assertThat(m1.at("/rpm/limit").asLong()).isEqualTo(1000);
        assertThat(m1.at("/tpm/limit").asLong()).isEqualTo(1_000_000);
        assertThat(m2.at("/rpm/limit").asLong()).as("unlimited").isZero();
        assertThat(m1.get("enabled").asBoolean()).isTrue();
        assertThat(m1.get("state").asText()).isEqualTo("healthy");
        assertThat(m1.get("cooldown_until").isNull()).isTrue();
        assertThat(m1.get("in_flight").asInt()).isZero();
        assertThat(m1.get("error_rate").asDouble()).isZero();
        assertThat(providers.at("/data/2/base_url").asText()).isEqualTo(mock.baseUrl() + "/v1");
        assertThat(providers.at("/data/2/type").asText()).isEqualTo("openai-compatible");

        Await.until("the observer to render the keys' latency", Duration.ofSeconds(10), () -> {
            JsonNode p = adminJson("/providers");
            return key(p, "metered", "m1").at("/latency_ms/count").asLong() == 3
                    && key(p, "metered", "m2").at("/latency_ms/count").asLong() == 3;
        });
        JsonNode latency = key(adminJson("/providers"), "metered", "m1").get("latency_ms");
        assertThat(latency.get("p50").asDouble()).isPositive();
        assertThat(latency.get("p99").asDouble()).isGreaterThanOrEqualTo(latency.get("p50").asDouble());
        assertThat(key(adminJson("/providers"), "metered", "m1").at("/ttft_ms/count").asLong())
                .as("no stream").isZero();
    }

    @Test
    void aDisabledKeyLosesItsTrafficUntilEnabled() throws Exception {
        HttpResponse<String> off = admin("POST", "/keys/mock:k1/disable", "{\"reason\":\"rotating it\"}");
        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(off.body())).isEqualTo(JSON.readTree(
                "{\"provider\":\"mock\",\"key\":\"k1\",\"enabled\":false}"));
        JsonNode k1 = key(adminJson("/providers"), "mock", "k1");
        assertThat(k1.get("enabled").asBoolean()).isFalse();
        assertThat(k1.get("state").asText()).isEqualTo("disabled");
        assertThat(k1.get("reason").asText()).isEqualTo("disabled by an administrator: rotating it");
        for (int i = 0; i < 6; i++) {
            assertThat(chat("gpt-4o").statusCode()).isEqualTo(200);
        }
        assertThat(requestsPerCredential()).containsOnlyKeys("Bearer sk-ops-two").containsValue(6L);

        long reloads = reloads();
        Process hangUp = new ProcessBuilder("kill", "-HUP", Long.toString(gw.pid())).inheritIO().start();
        assertThat(hangUp.waitFor()).isZero();
        Await.until("the SIGHUP reload", () -> reloads() > reloads);
        assertThat(key(adminJson("/providers"), "mock", "k1").get("state").asText())
                .as("disabled by an admin, across a reload").isEqualTo("disabled");
        for (int i = 0; i < 4; i++) {
            assertThat(chat("gpt-4o").statusCode()).isEqualTo(200);
        }
        assertThat(requestsPerCredential()).containsOnlyKeys("Bearer sk-ops-two").containsValue(10L);

        assertThat(admin("POST", "/keys/mock:k1/enable", "").statusCode()).isEqualTo(200);
        mock.clearRecordedRequests();
        for (int i = 0; i < 6; i++) {
            assertThat(chat("gpt-4o").statusCode()).isEqualTo(200);
        }
        assertThat(requestsPerCredential()).containsEntry("Bearer sk-ops-one", 3L).containsEntry("Bearer sk-ops-two", 3L);
        Await.until("the audit lines naming the key", () -> gw.output().stream().anyMatch(l -> l.contains(
                "admin audit: actor=admin_api_key client=127.0.0.1 POST /admin/v1/keys/mock:k1/disable -> 200: "
                        + "disabled provider key mock:k1")) && gw.output().stream().anyMatch(l -> l.contains(
                "POST /admin/v1/keys/mock:k1/enable -> 200: enabled provider key mock:k1")));
    }

    @Test
    void aKeyIdIsQualifiedWhenSeveralProvidersHaveIt() throws Exception {
        HttpResponse<String> ambiguous = admin("POST", "/keys/k1/disable", "");
        assertThat(ambiguous.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(ambiguous.body()).at("/error/param").asText()).isEqualTo("id");
        HttpResponse<String> unknown = admin("POST", "/keys/mock:k9/disable", "");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).at("/error/code").asText()).isEqualTo("not_found");
        HttpResponse<String> bare = admin("POST", "/keys/k2/disable", "");
        assertThat(JSON.readTree(bare.body()).get("provider").asText()).isEqualTo("mock");
        assertThat(key(adminJson("/providers"), "mock", "k1").get("enabled").asBoolean()).isTrue();
        assertThat(key(adminJson("/providers"), "other", "k1").get("enabled").asBoolean()).isTrue();
    }

    @Test
    void theLogTailIsFilteredAndTheStatsArePresent() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(chat("gpt-4o").statusCode()).isEqualTo(200);
            assertThat(chat("spare").statusCode()).isEqualTo(200);
            assertThat(chat("no-such-model").statusCode()).isEqualTo(404);
        }
        Await.until("the observer to log the nine requests", Duration.ofSeconds(10),
                () -> adminJson("/logs?status=404&limit=3").get("data").size() == 3);
        JsonNode notFound = adminJson("/logs?status=404&limit=3").get("data");
        assertThat(notFound).allSatisfy(e -> assertThat(e.get("status").asInt()).isEqualTo(404));
        JsonNode other = adminJson("/logs?provider=other&limit=2").get("data");
        assertThat(other).hasSize(2).allSatisfy(e -> assertThat(e.get("provider").asText()).isEqualTo("other"));
        JsonNode newest = adminJson("/logs?limit=1").get("data");
        assertThat(newest).hasSize(1);
        assertThat(newest.get(0).get("alias").asText()).isEqualTo("no-such-model");
        JsonNode byKey = adminJson("/logs?key=k2&provider=mock").get("data");
        assertThat(byKey).allSatisfy(e -> assertThat(e.get("key_id").asText()).isEqualTo("k2"));

        HttpResponse<String> badLimit = admin("GET", "/logs?limit=0", "");
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badLimit.body()).at("/error/param").asText()).isEqualTo("limit");
        HttpResponse<String> badParam = admin("GET", "/logs?model=x", "");
        assertThat(JSON.readTree(badParam.body()).at("/error/param").asText()).isEqualTo("model");

        Await.until("the stats to count the spare requests", Duration.ofSeconds(10),
                () -> adminJson("/stats").at("/providers/other/latency_ms/count").asLong() >= 3);
        JsonNode stats = adminJson("/stats");
        assertThat(stats.at("/aliases/gpt-4o/latency_ms/p50").asDouble()).isPositive();
        assertThat(stats.at("/aliases/spare/overhead_ms/count").asLong()).isGreaterThanOrEqualTo(3);
    }
}
