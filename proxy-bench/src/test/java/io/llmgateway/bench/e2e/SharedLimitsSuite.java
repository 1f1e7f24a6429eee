package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.testing.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway jars behind nginx sharing one Redis (a single node or a cluster, by subclass): a
 * key's RPM holds across both (counted at the mock), a virtual key's budget holds across both, an
 * admin disable and a cooldown made through one are honoured by the other; and when Redis dies
 * mid-traffic no request fails, each gateway falls back to half of each limit, and once Redis is
 * back the gateways share again, the outage's usage included.
 */
abstract class SharedLimitsSuite {

    static final String KEY = "sk-gw-shared-limits";
    static final String ADMIN_KEY = "adm-shared-limits-5e1";
    /** USD per million tokens: a request of the mock (10 prompt, 4 completion tokens) costs 0.4 USD. */
    static final double PROMPT_PRICE = 20_000;
    static final double COMPLETION_PRICE = 50_000;
    static final double PER_REQUEST_USD = 0.4;
    /** The documented worst-case overshoot: N × ceil(limit × lease_fraction / N) = 2 × 1 for 30 rpm. */
    static final int RPM = 30;
    static final int TOLERANCE = 2;

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    MockUpstream upstream;
    Gateway one;
    Gateway two;
    NginxProcess nginx;

    @TempDir
    Path dir;

    /** The {@code storage.runtime} of the gateways (YAML lines, indented for {@code runtime:}). */
    abstract String runtimeYaml();

    /** Kills every Redis process (SIGKILL: nothing saved). */
    abstract void killRedis();

    /** Starts them again on their ports, empty. */
    abstract void restartRedis();

    record Gateway(GatewayProcess process, int metricsPort) {
        int port() {
            return process.port();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    String config(Path dataDir, int metricsPort) {
        return """
                server:
                  listen: "127.0.0.1:0"
                  io_threads: 2
                  api_keys: ["%1$s"]
                  admin_api_key: "%2$s"
                  metrics_listen: "127.0.0.1:%3$d"
                  drain_delay_ms: 0
                storage:
                  data_dir: "%4$s"
                  runtime:
                %9$s
                    sync_interval_ms: 100
                    timeout_ms: 200
                providers:
                  - id: lim
                    type: openai-compatible
                    base_url: "%5$s/v1"
                    keys:
                      - id: limited
                        secret: "sk-up-limited"
                        limit_req_per_min: %8$d
                  - id: pair
                    type: openai-compatible
                    base_url: "%5$s/v1"
                    price_per_million: {prompt: %6$s, completion: %7$s}
                    keys:
                      - id: k1
                        secret: "sk-up-one"
                      - id: k2
                        secret: "sk-up-two"
                  - id: big
                    type: openai-compatible
                    base_url: "%5$s/v1"
                    keys:
                      - id: big
                        secret: "sk-up-big"
                        limit_req_per_min: 1000000
                  - id: small
                    type: openai-compatible
                    base_url: "%5$s/v1"
                    keys:
                      - id: small
                        secret: "sk-up-small"
                        limit_req_per_min: 20
                model_aliases:
                  limited-model: lim:limited-model
                  pair-model: pair:pair-model
                  big-model: big:big-model
                  small-model: small:small-model
                policy:
                  max_wait_ms: 2000
                  cooldown_ms: 30000
                """.formatted(KEY, ADMIN_KEY, metricsPort, dataDir, upstream.baseUrl(), PROMPT_PRICE,
                COMPLETION_PRICE, RPM, runtimeYaml().indent(4).stripTrailing());
    }

    Gateway startGateway(String name) throws Exception {
        int metricsPort = freePort();
        Path data = dir.resolve(name);
        return new Gateway(GatewayProcess.start(config(data, metricsPort), Map.of()), metricsPort);
    }

    @BeforeEach
    void start() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").chunks(4).maxRecordedRequests(100_000)
                .build());
        one = startGateway("one");
        two = startGateway("two");
        nginx = NginxProcess.start(dir, freePort(), one.port(), two.port());
    }

    @AfterEach
    void stop() throws Exception {
        try (MockUpstream u = upstream; GatewayProcess p1 = one.process(); GatewayProcess p2 = two.process();
                NginxProcess n = nginx) {
            // closed in reverse order
        }
    }

    HttpRequest chat(String url, String key, String model) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model
                        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
    }

    HttpResponse<String> send(HttpRequest r) {
        try {
            return client.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    HttpResponse<String> viaNginx(String key, String model) {
        return send(chat(nginx.url("/v1/chat/completions"), key, model));
    }

    HttpResponse<String> direct(Gateway g, String key, String model) {
        return send(chat("http://127.0.0.1:" + g.port() + "/v1/chat/completions", key, model));
    }

    HttpResponse<String> admin(Gateway g, String method, String path, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.port() + "/admin/v1" + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + ADMIN_KEY)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** Requests the mock received with {@code secret}. */
    long atMock(String secret) {
        return upstream.recordedRequests().stream()
                .filter(r -> ("Bearer " + secret).equals(r.header("authorization"))).count();
    }

    double metric(Gateway g, String name) {
        String text = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + g.metricsPort() + "/metrics"))
                .build()).body();
        return new PrometheusText(text).sum(name);
    }

    /** {@code clients} threads send {@code model} requests through nginx until {@code stop}; statuses counted. */
    Map<Integer, Integer> flood(int clients, String key, String model, AtomicBoolean stop, Queue<String> errors)
            throws InterruptedException {
        Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                while (!stop.get()) {
                    try {
                        HttpResponse<String> r = client.send(chat(nginx.url("/v1/chat/completions"), key, model),
                                HttpResponse.BodyHandlers.ofString());
                        statuses.merge(r.statusCode(), 1, Integer::sum);
                        if (r.statusCode() != 200 && r.statusCode() != 429 && errors.size() < 10) {
                            errors.add(r.statusCode() + " " + r.body());
                        }
                    } catch (IOException e) {
                        errors.add(e.toString());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        pool.shutdown();
        return statuses;
    }

    @Test
    void aKeysRequestsPerMinuteHoldAcrossBothGateways() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Queue<String> errors = new ConcurrentLinkedQueue<>();
        Map<Integer, Integer> statuses = flood(8, KEY, "limited-model", stop, errors);
        // 8 clients send far more than 30 requests; every answer past the limit is a 429.
        Await.until("the limit reached and refused on both gateways", Duration.ofSeconds(30),
                () -> statuses.getOrDefault(429, 0) > 50 && atMock("sk-up-limited") >= RPM - TOLERANCE);
        stop.set(true);
        long seen = awaitStable(() -> atMock("sk-up-limited"));
        assertThat(errors).isEmpty();
        assertThat(seen).as("requests the provider key received in this minute (limit %d, tolerance %d)", RPM,
                TOLERANCE).isBetween((long) RPM - TOLERANCE, (long) RPM + TOLERANCE);
        assertThat(statuses.get(200)).isEqualTo((int) seen);
    }

    @Test
    void aVirtualKeysBudgetHoldsAcrossBothGateways() throws Exception {
        HttpResponse<String> created = admin(one, "POST", "/virtual-keys",
                "{\"name\":\"shared-budget\",\"budget\":{\"usd\":2.0,\"period\":\"total\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = SdkCalls.json(created.body());
        String vkey = body.get("key").asText();
        String id = body.get("id").asText();
        Await.until("the key known on gateway two", Duration.ofSeconds(10),
                () -> admin(two, "GET", "/virtual-keys/" + id, null).statusCode() == 200);
        // Paced slower than the sync interval: each gateway sees the other's spend before its next request.
        int ok = 0;
        int refused = 0;
        for (int i = 0; i < 12 && refused < 2; i++) {
            HttpResponse<String> r = (i % 2 == 0) ? direct(one, vkey, "pair-model") : direct(two, vkey, "pair-model");
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
                assertThat(r.body()).contains("budget_exceeded");
                refused++;
            }
            Thread.sleep(400);
        }
        // 2.0 USD at 0.4 USD a request: 5 requests, across both gateways (one alone would allow 5 more).
        assertThat(ok).as("requests admitted under a 2 USD budget at 0.4 USD each").isEqualTo(5);
        assertThat(refused).isEqualTo(2);
        Await.until("gateway two reports the spend of both", Duration.ofSeconds(10), () -> Math.abs(
                SdkCalls.json(admin(two, "GET", "/virtual-keys/" + id, null).body()).get("spend_usd").asDouble()
                        - 5 * PER_REQUEST_USD) < 1e-9);
    }

    @Test
    void anAdminDisableAndACooldownMadeThroughOneAreHonouredByTheOther() throws Exception {
        HttpResponse<String> d = admin(one, "POST", "/keys/pair:k1/disable", null);
        assertThat(d.statusCode()).as(d.body()).isEqualTo(200);
        Await.until("k1 disabled on gateway two", Duration.ofSeconds(10),
                () -> keyState(two, "k1").equals("disabled"));
        long before = atMock("sk-up-one");
        for (int i = 0; i < 10; i++) {
            assertThat(direct(two, KEY, "pair-model").statusCode()).isEqualTo(200);
        }
        assertThat(atMock("sk-up-one")).as("gateway two sent nothing with the key disabled on one").isEqualTo(before);
        assertThat(admin(one, "POST", "/keys/pair:k1/enable", null).statusCode()).isEqualTo(200);
        Await.until("k1 back on gateway two", Duration.ofSeconds(10), () -> keyState(two, "k1").equals("healthy"));

        // k2 answers 429 on gateway one: it cools down there, and gateway two stops using it too.
        upstream.whenCredential("sk-up-two", "x-mock-status", "429");
        Await.until("k2 cooling down on gateway one", Duration.ofSeconds(10), () -> {
            direct(one, KEY, "pair-model");
            return keyState(one, "k2").equals("cooling_down");
        });
        upstream.clearCredentialRules();
        Await.until("k2 cooling down on gateway two", Duration.ofSeconds(10),
                () -> keyState(two, "k2").equals("cooling_down"));
        long k2Before = atMock("sk-up-two");
        for (int i = 0; i < 10; i++) {
            assertThat(direct(two, KEY, "pair-model").statusCode()).isEqualTo(200);
        }
        assertThat(atMock("sk-up-two")).as("gateway two honours the cooldown made on one").isEqualTo(k2Before);
    }

    /** The state of a provider key on a gateway, from GET /admin/v1/providers. */
    String keyState(Gateway g, String keyId) {
        JsonNode root = SdkCalls.json(admin(g, "GET", "/providers", null).body());
        for (JsonNode p : root.path("data")) {
            for (JsonNode k : p.path("keys")) {
                if (k.path("id").asText().equals(keyId)) {
                    return k.path("state").asText();
                }
            }
        }
        throw new AssertionError("no key " + keyId + " in " + root);
    }

    /** Reads {@code value} until it stops changing for half a second (requests in flight have landed). */
    static long awaitStable(java.util.function.LongSupplier value) throws InterruptedException {
        long last = value.getAsLong();
        for (int i = 0; i < 40; i++) {
            Thread.sleep(250);
            long now = value.getAsLong();
            if (now == last) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private int admitted(Gateway g, String model, int attempts) {
        int ok = 0;
        for (int i = 0; i < attempts; i++) {
            HttpResponse<String> r = direct(g, KEY, model);
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
            }
        }
        return ok;
    }

    @Test
    void redisKilledMidTrafficFailsNoRequestFallsBackToHalfEachAndRecovers() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Queue<String> errors = new ConcurrentLinkedQueue<>();
        Map<Integer, Integer> statuses = flood(8, KEY, "big-model", stop, errors);
        try {
            Await.until("traffic flowing", Duration.ofSeconds(20), () -> statuses.getOrDefault(200, 0) > 100);
            killRedis();
            Await.until("both gateways report the store down", Duration.ofSeconds(20),
                    () -> metric(one, "llm_state_store_up") == 0 && metric(two, "llm_state_store_up") == 0);
            int before = statuses.getOrDefault(200, 0);
            Await.until("traffic still flowing without Redis", Duration.ofSeconds(20),
                    () -> statuses.getOrDefault(200, 0) > before + 100);
            assertThat(admitted(one, "small-model", 15)).as("20 rpm, 2 instances: gateway one alone takes 10")
                    .isEqualTo(10);

            restartRedis();
            Await.until("both gateways share again", Duration.ofSeconds(30),
                    () -> metric(one, "llm_state_store_up") == 1 && metric(two, "llm_state_store_up") == 1);
            int after = statuses.getOrDefault(200, 0);
            Await.until("traffic flowing after Redis came back", Duration.ofSeconds(20),
                    () -> statuses.getOrDefault(200, 0) > after + 100);
        } finally {
            stop.set(true);
        }
        awaitStable(() -> statuses.values().stream().mapToLong(Integer::longValue).sum());
        assertThat(errors).as("failed requests").isEmpty();
        assertThat(statuses.keySet()).as("every answer was a 200").containsOnly(200);
        assertThat(admitted(two, "small-model", 15)).as("the 10 gateway one used while Redis was down are counted")
                .isEqualTo(10);
        assertThat(one.process().output()).filteredOn(l -> l.contains("runtime store is unavailable")).hasSize(1);
    }
}
