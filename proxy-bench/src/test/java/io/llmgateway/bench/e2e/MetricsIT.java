package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.llmgateway.bench.mock.MockHeaders;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.testing.Await;
import io.llmgateway.bench.testing.RawHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} of the real gateway after a known mix of requests (answers, a stream, an
 * upstream error, an unknown model), on the main listener and on {@code server.metrics_listen};
 * and the Grafana dashboard checked against what a real scrape exports.
 */
class MetricsIT {

    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "llm-gateway.json");
    private static final Pattern METRICS_PORT = Pattern.compile("metrics: \\S+ served on /[^:]+:(\\d+)");
    private static final List<String> SECRETS = List.of("sk-metrics-one", "sk-metrics-two", "sk-metrics-faulty",
            "sk-metrics-dead");

    /**
     * Provider {@code mock} (priced, key {@code k1} with limits) behind {@code gpt-4o}; {@code faulty}
     * on the same mock; {@code flaky}, whose one target cannot be reached, falls back to {@code gpt-4o}.
     */
    private static String config(MockUpstream upstream) {
        return """
                server:
                  listen: "127.0.0.1:0"
                  io_threads: 2
                  shutdown_grace_ms: 10000
                  drain_delay_ms: 0
                upstream:
                  connect_timeout_ms: 2000
                policy:
                  retries: 1
                  failure_threshold: 1000000
                  auth_failure_threshold: 1000000
                  cooldown_ms: 1
                  breaker:
                    min_requests: 1000000
                providers:
                  - id: mock
                    type: openai-compatible
                    base_url: "%1$s/v1"
                    price_per_million: {prompt: 1, completion: 2}
                    keys:
                      - {id: k1, secret: "sk-metrics-one", limit_req_per_min: 1000, limit_tokens_per_min: 1000000}
                      - {id: k2, secret: "sk-metrics-two"}
                  - id: faulty
                    type: openai-compatible
                    base_url: "%1$s/v1"
                    keys:
                      - {id: f1, secret: "sk-metrics-faulty"}
                  - id: dead
                    type: openai-compatible
                    base_url: "http://127.0.0.1:1/v1"
                    keys:
                      - {id: d1, secret: "sk-metrics-dead"}
                model_aliases:
                  gpt-4o: mock:gpt-4o-2024-08-06
                  faulty: faulty:gpt-4o
                  flaky:
                    targets: [dead:whatever]
                    fallbacks: [gpt-4o]
                """.formatted(upstream.baseUrl());
    }

    private static MockUpstream upstream;
    private static GatewayProcess gateway;
    private static PrometheusText afterTheMix;

    @BeforeAll
    static void start() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").chunks(4).build());
        gateway = GatewayProcess.start(config(upstream));
        OpenAIClient client = SdkCalls.client(gateway);
        try {
            for (int i = 0; i < 2; i++) {
                client.chat().completions().create(ChatCompletionCreateParams.builder()
                        .model("gpt-4o").addUserMessage("Hello!").build());
            }
            SdkCalls.stream(client, ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Hi!")
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build());
        } finally {
            client.close();
        }
        try (RawHttp http = new RawHttp(gateway.port())) {
            assertThat(http.post("/v1/chat/completions", Map.of(MockHeaders.STATUS, "500"),
                    "{\"model\":\"faulty\",\"messages\":[]}").readResponse().status()).isEqualTo(500);
            assertThat(http.post("/v1/chat/completions", "{\"model\":\"gpt-9\",\"messages\":[]}").readResponse()
                    .status()).isEqualTo(404);
            assertThat(http.post("/v1/chat/completions", "{\"model\":\"flaky\",\"messages\":[]}").readResponse()
                    .status()).isEqualTo(200);
        }
        Await.until("the six requests are in /metrics", Duration.ofSeconds(20),
                () -> scrape(gateway.port()).sum("llm_requests_total") == 6);
        afterTheMix = scrape(gateway.port());
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

    /** One scrape of {@code /metrics} on {@code port}, checked to be Prometheus text. */
    static PrometheusText scrape(int port) {
        try (RawHttp http = new RawHttp(port)) {
            RawHttp.Response r = http.send("GET", "/metrics", Map.of(), null).readResponse();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("content-type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
            return new PrometheusText(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void countsTheMixByAliasProviderStatusAndStream() {
        PrometheusText m = afterTheMix;
        assertThat(m.sum("llm_requests_total", "alias", "gpt-4o", "provider", "mock", "status", "200", "stream",
                "false")).isEqualTo(2);
        assertThat(m.sum("llm_requests_total", "alias", "gpt-4o", "provider", "mock", "status", "200", "stream",
                "true")).isEqualTo(1);
        assertThat(m.sum("llm_requests_total", "alias", "faulty", "provider", "faulty", "status", "500")).isEqualTo(1);
        assertThat(m.sum("llm_requests_total", "alias", "other", "provider", "none", "key", "none", "status", "404"))
                .isEqualTo(1);
        assertThat(m.sum("llm_requests_total", "alias", "flaky", "provider", "mock", "status", "200")).isEqualTo(1);
        assertThat(m.sum("llm_errors_total", "code", "model_not_found")).isEqualTo(1);
        assertThat(m.sum("llm_errors_total")).isEqualTo(2);
        assertThat(m.sum("llm_retries_total", "alias", "flaky")).isEqualTo(1);
        assertThat(m.sum("llm_retries_total")).isEqualTo(1);
        assertThat(m.sum("llm_fallbacks_total", "alias", "flaky")).isEqualTo(1);
        assertThat(m.sum("llm_fallbacks_total")).isEqualTo(1);
    }

    @Test
    void countsTokensAndTimesFromTheRealExchanges() {
        PrometheusText m = afterTheMix;
        // The mock reports 10 prompt tokens and one completion token per chunk (4), streams included;
        // four answers: two, a stream, and flaky's on its fallback.
        assertThat(m.sum("llm_tokens_total", "provider", "mock", "model", "gpt-4o-2024-08-06", "type", "prompt"))
                .isEqualTo(40);
        assertThat(m.sum("llm_tokens_total", "provider", "mock", "model", "gpt-4o-2024-08-06", "type", "completion"))
                .isEqualTo(16);
        assertThat(m.sum("llm_tokens_total", "provider", "mock", "model", "gpt-4o-2024-08-06", "type", "cached"))
                .isZero();
        // 40 x 1 + 16 x 2 per million
        assertThat(m.sum("llm_cost_usd_total", "provider", "mock", "model", "gpt-4o-2024-08-06"))
                .isCloseTo(72e-6, within(1e-12));
        assertThat(m.sum("llm_request_duration_seconds_count", "alias", "gpt-4o")).isEqualTo(3);
        assertThat(m.sum("llm_time_to_first_token_seconds_count", "alias", "gpt-4o")).isEqualTo(1);
        assertThat(m.sum("llm_gateway_overhead_seconds_count", "alias", "gpt-4o")).isEqualTo(3);
        assertThat(m.sum("llm_gateway_overhead_seconds_count", "alias", "flaky")).isEqualTo(1);
        assertThat(m.sum("llm_gateway_overhead_seconds_sum", "alias", "gpt-4o")).isPositive();
    }

    @Test
    void exportsKeysJvmAndAllocatorButNoSecret() {
        PrometheusText m = afterTheMix;
        assertThat(m.sum("llm_key_state", "provider", "mock", "key", "k1", "state", "healthy")).isEqualTo(1);
        assertThat(m.sum("llm_key_state", "provider", "mock", "key", "k2", "state", "healthy")).isEqualTo(1);
        assertThat(m.names()).contains("llm_key_usage_ratio");
        assertThat(m.sum("llm_key_usage_ratio", "provider", "mock", "key", "k1", "limit", "rpm")).isBetween(0.0, 0.01);
        assertThat(m.sum("llm_key_usage_ratio", "provider", "mock", "key", "k2")).as("no limit, no ratio").isZero();
        assertThat(m.sum("llm_upstream_inflight")).isZero();
        assertThat(m.sum("llm_observe_dropped_total")).isZero();
        assertThat(m.names()).contains("llm_active_keys_total", "llm_cooldowns_total", "llm_error_rate",
                "netty_allocator_used_memory_bytes", "jvm_memory_bytes_used", "process_cpu_seconds_total");
        for (String secret : SECRETS) {
            assertThat(m.text()).doesNotContain(secret);
        }
    }

    @Test
    void theDashboardOnlyQueriesMetricsTheGatewayExports() throws IOException {
        JsonNode dashboard = SdkCalls.json(Files.readString(DASHBOARD));
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        assertThat(dashboard.path("__inputs").findValuesAsText("name")).contains("DS_PROMETHEUS");
        Set<String> exported = afterTheMix.names();
        List<String> exprs = new ArrayList<>();
        Set<Integer> ids = new java.util.HashSet<>();
        Set<String> cells = new java.util.HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            assertThat(title).isNotBlank();
            assertThat(ids.add(panel.path("id").asInt())).as(title + ": a unique id").isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("w").asInt()).as(title + " gridPos.w").isPositive();
            assertThat(grid.path("h").asInt()).as(title + " gridPos.h").isPositive();
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(title + ": within 24 columns")
                    .isLessThanOrEqualTo(24);
            assertThat(grid.has("y")).as(title + " gridPos.y").isTrue();
            for (int x = grid.path("x").asInt(); x < grid.path("x").asInt() + grid.path("w").asInt(); x++) {
                for (int y = grid.path("y").asInt(); y < grid.path("y").asInt() + grid.path("h").asInt(); y++) {
                    assertThat(cells.add(x + "," + y)).as(title + " overlaps another panel at " + x + "," + y).isTrue();
                }
            }
            if ("row".equals(panel.path("type").asText())) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${DS_PROMETHEUS}");
            assertThat(panel.path("targets")).as(title + " targets").isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                List<String> names = metricNames(expr);
                assertThat(names).as(title + ": " + expr).isNotEmpty();
                assertThat(exported).as(title + ": " + expr).containsAll(names);
                exprs.add(expr);
            }
        }
        assertThat(String.join("\n", exprs)).contains("llm_requests_total", "llm_errors_total",
                "llm_request_duration_seconds_bucket", "llm_time_to_first_token_seconds_bucket",
                "llm_gateway_overhead_seconds_bucket", "llm_tokens_total", "llm_cost_usd_total", "llm_key_usage_ratio",
                "llm_key_state");
    }

    @Test
    void aSeparateMetricsListenerServesThemAndTheMainOneDoesNot() throws Exception {
        try (GatewayProcess separate = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream,
                "metrics_listen: \"127.0.0.1:0\"", ""))) {
            int port = separate.output().stream().map(METRICS_PORT::matcher).filter(Matcher::find)
                    .mapToInt(mm -> Integer.parseInt(mm.group(1))).findFirst()
                    .orElseThrow(() -> new AssertionError("no metrics listener in " + separate.output()));
            try (RawHttp http = new RawHttp(separate.port())) {
                assertThat(http.post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}").readResponse()
                        .status()).isEqualTo(200);
                assertThat(http.send("GET", "/metrics", Map.of(), null).readResponse().status()).isEqualTo(404);
            }
            Await.until("the request is in /metrics on the metrics listener", Duration.ofSeconds(20),
                    () -> scrape(port).sum("llm_requests_total", "alias", "gpt-4o", "status", "200") == 1);
            try (RawHttp http = new RawHttp(port)) {
                assertThat(http.send("GET", "/v1/models", Map.of(), null).readResponse().status()).isEqualTo(404);
            }
        }
    }

    /** The metric names in a PromQL expression: identifiers of the gateway's families. */
    private static List<String> metricNames(String expr) {
        Matcher m = Pattern.compile("\\b((?:llm|netty|jvm|process)_[a-zA-Z0-9_]+)").matcher(expr);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
