package io.llmgateway.core.observe.metrics;

import static io.llmgateway.core.observe.metrics.MetricsFixtures.CONFIG;
import static io.llmgateway.core.observe.metrics.MetricsFixtures.answered;
import static io.llmgateway.core.observe.metrics.MetricsFixtures.exchange;
import static io.llmgateway.core.observe.metrics.MetricsFixtures.retriedOnFallback;
import static io.llmgateway.core.observe.metrics.MetricsFixtures.streamed;
import static io.llmgateway.core.observe.metrics.MetricsFixtures.unknownModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.observe.ObservationQueue;
import io.llmgateway.core.snapshot.GatewaySnapshot;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Outcomes in, Prometheus text out: the exact values of every series the outcomes move. */
class MetricsConsumerTest {

    private final KeyStateRegistry keys = new KeyStateRegistry();
    private final MetricsConsumer metrics = MetricsConsumer.create(CONFIG, keys, PooledByteBufAllocator.DEFAULT);

    private PrometheusSamples scrape() {
        return new PrometheusSamples(new String(metrics.render(System.nanoTime()).prometheusText(),
                StandardCharsets.UTF_8));
    }

    @Test
    void countsRequestsByAliasProviderKeyStatusAndStream() {
        metrics.accept(answered());
        metrics.accept(answered());
        metrics.accept(streamed());
        metrics.accept(retriedOnFallback());
        metrics.accept(unknownModel("gpt-9"));
        PrometheusSamples s = scrape();
        assertThat(s.value("llm_requests_total", "alias", "gpt-4o", "provider", "openai", "key", "k1", "status", "200",
                "stream", "false")).isEqualTo(2.0);
        assertThat(s.value("llm_requests_total", "alias", "gpt-4o", "provider", "openai", "key", "k2", "status", "200",
                "stream", "true")).isEqualTo(1.0);
        assertThat(s.value("llm_requests_total", "alias", "gpt-4o", "provider", "backup", "key", "b1", "status", "200",
                "stream", "false")).isEqualTo(1.0);
        assertThat(s.value("llm_requests_total", "alias", "other", "provider", "none", "key", "none", "status", "404",
                "stream", "false")).isEqualTo(1.0);
        assertThat(s.all("llm_requests_total")).hasSize(4);
    }

    @Test
    void countsTokensAndCostPerProviderAndModel() {
        metrics.accept(answered());
        metrics.accept(answered());
        metrics.accept(streamed());
        PrometheusSamples s = scrape();
        assertThat(s.value("llm_tokens_total", "provider", "openai", "model", "gpt-4o-2024", "type", "prompt"))
                .isEqualTo(210.0);
        assertThat(s.value("llm_tokens_total", "provider", "openai", "model", "gpt-4o-2024", "type", "completion"))
                .isEqualTo(45.0);
        assertThat(s.value("llm_tokens_total", "provider", "openai", "model", "gpt-4o-2024", "type", "cached"))
                .isEqualTo(80.0);
        // 2 x (100 x 2 + 20 x 10) / 1e6 + (10 x 2 + 5 x 10) / 1e6
        assertThat(s.value("llm_cost_usd_total", "provider", "openai", "model", "gpt-4o-2024"))
                .isCloseTo(0.00087, within(1e-12));
    }

    @Test
    void countsErrorsRetriesAndFallbacks() {
        metrics.accept(retriedOnFallback());
        metrics.accept(unknownModel("gpt-9"));
        metrics.accept(unknownModel("gpt-10"));
        metrics.accept(exchange("gpt-4o", false, 502, null, List.of(), 1, 1, null));
        PrometheusSamples s = scrape();
        assertThat(s.value("llm_errors_total", "code", "model_not_found")).isEqualTo(2.0);
        assertThat(s.value("llm_errors_total", "code", "unknown")).isEqualTo(1.0);
        assertThat(s.value("llm_retries_total", "alias", "gpt-4o")).isEqualTo(1.0);
        assertThat(s.value("llm_fallbacks_total", "alias", "gpt-4o")).isEqualTo(1.0);
    }

    @Test
    void providerErrorCodesBeyondTheCapBecomeOther() {
        for (int i = 0; i < MetricLabels.MAX_PROVIDER_CODES + 10; i++) {
            metrics.accept(exchange("gpt-4o", false, 400, "provider_code_" + i, List.of(), 1, 1, null));
        }
        metrics.accept(exchange("gpt-4o", false, 429, "rate_limit_exceeded", List.of(), 1, 1, null));
        metrics.accept(exchange("gpt-4o", false, 400, "x".repeat(MetricLabels.MAX_CODE_LENGTH + 1), List.of(), 1, 1,
                null));
        PrometheusSamples s = scrape();
        assertThat(s.all("llm_errors_total")).hasSize(MetricLabels.MAX_PROVIDER_CODES + 2);
        assertThat(s.value("llm_errors_total", "code", "provider_code_0")).isEqualTo(1.0);
        assertThat(s.value("llm_errors_total", "code", "other")).isEqualTo(11.0);
        assertThat(s.value("llm_errors_total", "code", "rate_limit_exceeded")).isEqualTo(1.0);
    }

    @Test
    void histogramsHoldDurationTimeToFirstTokenAndOverhead() {
        metrics.accept(answered());
        metrics.accept(streamed());
        metrics.accept(retriedOnFallback());
        metrics.accept(unknownModel("gpt-9"));
        PrometheusSamples s = scrape();
        assertThat(s.value("llm_request_duration_seconds_count", "alias", "gpt-4o", "provider", "openai", "stream",
                "false")).isEqualTo(1.0);
        assertThat(s.value("llm_request_duration_seconds_sum", "alias", "gpt-4o", "provider", "openai", "stream",
                "false")).isCloseTo(0.0515, within(1e-9));
        assertThat(s.value("llm_request_duration_seconds_bucket", "alias", "gpt-4o", "provider", "openai", "stream",
                "true", "le", "0.5")).isEqualTo(1.0);
        // Streams only: 80.5 ms to the response head.
        assertThat(s.all("llm_time_to_first_token_seconds_count")).hasSize(1);
        assertThat(s.value("llm_time_to_first_token_seconds_sum", "alias", "gpt-4o", "provider", "openai"))
                .isCloseTo(0.0805, within(1e-9));
        // 1 ms (answered) and 0.9 ms (retried on the fallback): upstream waits and backoff left out.
        assertThat(s.value("llm_gateway_overhead_seconds_count", "alias", "gpt-4o", "stream", "false"))
                .isEqualTo(2.0);
        assertThat(s.value("llm_gateway_overhead_seconds_sum", "alias", "gpt-4o", "stream", "false"))
                .isCloseTo(0.0019, within(1e-9));
        assertThat(s.value("llm_gateway_overhead_seconds_bucket", "alias", "gpt-4o", "stream", "false", "le",
                "5.0E-4")).isEqualTo(0.0);
        assertThat(s.value("llm_gateway_overhead_seconds_bucket", "alias", "gpt-4o", "stream", "false", "le",
                "0.001")).isEqualTo(2.0);
        assertThat(s.value("llm_gateway_overhead_seconds_sum", "alias", "gpt-4o", "stream", "true"))
                .isCloseTo(0.0005, within(1e-9));
        // The unknown model made no attempt: no overhead to speak of.
        assertThat(s.value("llm_gateway_overhead_seconds_count", "alias", "other", "stream", "false")).isNull();
    }

    @Test
    void keyGaugesAreReadFromTheKeyStateWhenRendering() {
        new GatewaySnapshot(CONFIG, 0, keys);
        PrometheusSamples s = scrape();
        assertThat(s.value("llm_key_state", "provider", "openai", "key", "k1", "state", "healthy")).isEqualTo(1.0);
        assertThat(s.value("llm_key_state", "provider", "openai", "key", "k1", "state", "disabled")).isEqualTo(0.0);
        assertThat(s.value("llm_key_usage_ratio", "provider", "openai", "key", "k1", "limit", "rpm")).isEqualTo(0.0);
        assertThat(s.value("llm_key_usage_ratio", "provider", "openai", "key", "k1", "limit", "tpm")).isEqualTo(0.0);
        assertThat(s.value("llm_key_usage_ratio", "provider", "openai", "key", "k2", "limit", "rpm"))
                .as("a key without a limit has no ratio").isNull();
        assertThat(s.value("llm_active_keys_total")).isEqualTo(3.0);
        assertThat(s.value("llm_upstream_inflight", "provider", "openai")).isEqualTo(0.0);
        assertThat(s.value("llm_error_rate", "provider", "backup")).isEqualTo(0.0);
        assertThat(s.value("llm_cooldowns_total")).isEqualTo(0.0);

        keys.disable("openai", "k2", "test");
        s = scrape();
        assertThat(s.value("llm_key_state", "provider", "openai", "key", "k2", "state", "disabled")).isEqualTo(1.0);
        assertThat(s.value("llm_key_state", "provider", "openai", "key", "k2", "state", "healthy")).isEqualTo(0.0);
        assertThat(s.value("llm_active_keys_total")).isEqualTo(2.0);
    }

    @Test
    void exportsTheQueueJvmAndAllocator() {
        metrics.watch(new ObservationQueue(2, List.of()));
        PrometheusSamples s = scrape();
        assertThat(s.value("llm_observe_dropped_total")).isEqualTo(0.0);
        assertThat(s.value("netty_allocator_used_memory_bytes", "type", "direct")).isNotNull();
        assertThat(s.value("netty_allocator_arenas", "type", "direct")).isNotNull();
        assertThat(s.names()).contains("jvm_memory_bytes_used", "jvm_gc_collection_seconds_count", "process_cpu_seconds_total",
                "jvm_threads_current");
        assertThat(s.names()).noneMatch(n -> n.endsWith("_created"));
    }

    @Test
    void labelsStayBoundedAndSecretsNeverAppear() {
        metrics.accept(answered());
        metrics.accept(unknownModel("attacker-chosen-" + "x".repeat(100)));
        new GatewaySnapshot(CONFIG, 0, keys);
        String text = new String(metrics.render(System.nanoTime()).prometheusText(), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("attacker-chosen", MetricsFixtures.SECRET_ONE, MetricsFixtures.SECRET_TWO,
                MetricsFixtures.SECRET_BACKUP, "sk-metrics");
    }

    @Test
    void aReloadChangesWhichAliasesHaveASeries() {
        metrics.accept(unknownModel("newcomer"));
        metrics.reconfigure(MetricsFixtures.config(CONFIG_WITH_NEWCOMER));
        metrics.accept(unknownModel("newcomer"));
        PrometheusSamples s = scrape();
        assertThat(s.value("llm_requests_total", "alias", "other")).isEqualTo(1.0);
        assertThat(s.value("llm_requests_total", "alias", "newcomer")).isEqualTo(1.0);
    }

    @Test
    void theSnapshotIsRenderedInIdleMomentsAndOnlyWhenStale() {
        assertThat(metrics.snapshot().prometheusText()).isEmpty();
        metrics.idle(5_000_000_000L);
        MetricsSnapshot first = metrics.snapshot();
        assertThat(first.prometheusText()).isNotEmpty();
        metrics.accept(answered());
        metrics.idle(5_000_000_000L + 999_000_000L);
        assertThat(metrics.snapshot()).isSameAs(first);
        metrics.idle(5_000_000_000L + 1_000_000_000L);
        assertThat(new String(metrics.snapshot().prometheusText(), StandardCharsets.UTF_8))
                .contains("llm_requests_total{alias=\"gpt-4o\"");
    }

    @Test
    void prometheusOffRendersOnlyTheSummary() {
        MetricsConsumer off = MetricsConsumer.create(MetricsFixtures.config(CONFIG_YAML_PROMETHEUS_OFF), keys,
                PooledByteBufAllocator.DEFAULT);
        off.accept(answered());
        MetricsSnapshot s = off.render(1);
        assertThat(s.prometheusText()).isEmpty();
        assertThat(new String(s.statsJson(), StandardCharsets.UTF_8)).contains("\"gpt-4o\"");
    }

    private static final String CONFIG_WITH_NEWCOMER = """
            providers:
              - id: openai
                type: openai
                base_url: "http://h/v1"
                keys: [{id: k1, secret: "sk-x"}]
            model_aliases:
              newcomer: openai:new-model
            """;

    private static final String CONFIG_YAML_PROMETHEUS_OFF = """
            logging:
              prometheus: {enabled: false}
            providers:
              - id: openai
                type: openai
                base_url: "http://h/v1"
                keys: [{id: k1, secret: "sk-x"}]
            model_aliases:
              gpt-4o: openai:gpt-4o-2024
            """;
}
