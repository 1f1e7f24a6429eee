package io.llmgateway.core.observe.metrics;

import static io.llmgateway.core.observe.metrics.MetricsFixtures.answered;
import static io.llmgateway.core.observe.metrics.MetricsFixtures.retriedOnFallback;
import static io.llmgateway.core.observe.metrics.MetricsFixtures.streamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Percentiles per alias and provider, as JSON, to the histograms' precision (2 significant digits). */
class StatsSummaryTest {

    private final StatsSummary stats = new StatsSummary();

    private String json() {
        return new String(stats.json(), StandardCharsets.UTF_8);
    }

    private static double field(String json, String series, String timing, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(series) + "\":\\{.*?\"" + timing + "\":\\{[^}]*\"" + field
                + "\":([0-9.E-]+)").matcher(json);
        assertThat(m.find()).as(series + "." + timing + "." + field + " in " + json).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void emptyIsTwoEmptyObjects() {
        assertThat(json()).isEqualTo("{\"aliases\":{},\"providers\":{}}");
    }

    @Test
    void givesPercentilesPerAliasAndProvider() {
        for (int i = 0; i < 98; i++) {
            stats.record(answered(), "gpt-4o", "openai"); // 51.5 ms, 1 ms own
        }
        stats.record(streamed(), "gpt-4o", "openai"); // 500 ms, TTFT 80.5 ms
        stats.record(retriedOnFallback(), "gpt-4o", "backup"); // 131.5 ms, 0.9 ms own
        String json = json();
        assertThat(json).startsWith("{\"aliases\":{\"gpt-4o\":{\"latency_ms\":{\"count\":100,");
        assertThat(field(json, "gpt-4o", "latency_ms", "p50")).isCloseTo(51.5, withinPercentage(1));
        assertThat(field(json, "gpt-4o", "latency_ms", "p90")).isCloseTo(51.5, withinPercentage(1));
        assertThat(field(json, "gpt-4o", "latency_ms", "p99")).isCloseTo(131.5, withinPercentage(1));
        assertThat(field(json, "gpt-4o", "latency_ms", "p999")).isCloseTo(500, withinPercentage(1));
        assertThat(field(json, "gpt-4o", "latency_ms", "max")).isCloseTo(500, withinPercentage(1));
        assertThat(field(json, "gpt-4o", "ttft_ms", "count")).isEqualTo(1);
        assertThat(field(json, "gpt-4o", "ttft_ms", "p50")).isCloseTo(80.5, withinPercentage(1));
        assertThat(field(json, "gpt-4o", "overhead_ms", "count")).isEqualTo(100);
        assertThat(field(json, "gpt-4o", "overhead_ms", "p50")).isCloseTo(1, withinPercentage(1));
        assertThat(field(json, "backup", "latency_ms", "count")).isEqualTo(1);
        assertThat(field(json, "backup", "overhead_ms", "p50")).isCloseTo(0.9, withinPercentage(1));
        assertThat(field(json, "openai", "latency_ms", "count")).isEqualTo(99);
        assertThat(json).contains("\"providers\":{\"backup\":");
    }
}
