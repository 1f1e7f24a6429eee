package io.llmgateway.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteReportTest {

    @TempDir
    Path dir;

    private static SuiteReport report() {
        ScenarioResult a1 = new ScenarioResult("a1", "added latency, concurrency 1 (closed loop)");
        double[] gatewayP50 = {0.095, 0.105, 0.115};
        for (int round = 0; round < 3; round++) {
            a1.metric("throughput", "req/s", Metric.Kind.THROUGHPUT)
                    .put("direct", round, 10_000).put("gateway", round, 8_000).put("nginx", round, 9_000 + round);
            a1.metric("latency p50", "ms", Metric.Kind.LATENCY)
                    .put("direct", round, 0.050).put("gateway", round, gatewayP50[round]).put("nginx", round, 0.070);
            a1.metric("latency p99", "ms", Metric.Kind.LATENCY)
                    .put("direct", round, 0.100).put("gateway", round, 0.300).put("nginx", round, 0.200);
            a1.metric("errors", "", Metric.Kind.PLAIN).put("direct", round, 0).put("gateway", round, 0);
        }
        a1.note("one connection");
        a1.contention(SuiteRun.FOREIGN_CPU, 0.25);
        ScenarioResult c = new ScenarioResult("c", "LLMux run");
        c.metric("throughput", "req/s", Metric.Kind.THROUGHPUT).put("direct", 0, 1990).put("gateway", 0, 1960);
        return new SuiteReport(Map.of("profile", "full", "machine", "2 CPUs"), List.of("direct", "gateway", "nginx"),
                List.of(a1, c));
    }

    @Test
    void tableShowsMediansRatiosAndAddedLatency() {
        String table = report().table();

        assertThat(table).contains("a1  added latency, concurrency 1 (closed loop)");
        assertThat(table).containsPattern("throughput req/s +10,000 +8,000 +9,001 .*0\\.80x +0\\.89x");
        assertThat(table).containsPattern("latency p50 ms +0\\.050 +0\\.105 ±10% +0\\.070 +\\+0\\.055 \\(0\\.045\\.\\.0\\.065\\)"
                + " +\\+0\\.020");
        assertThat(table).doesNotContain("  errors"); // all zero: not shown
        assertThat(table).contains("a1: one connection", "CPU used by other processes, cores 0.25");
    }

    @Test
    void targetsAreCheckedAgainstMedians() {
        List<Goals.Goal> goals = report().goals();

        assertThat(goals).anySatisfy(g -> {
            assertThat(g.target()).startsWith("added latency p50 at concurrency 1");
            assertThat(g.status()).isEqualTo(Goals.Status.MISSED);
            assertThat(g.measured()).isEqualTo("+0.055 ms");
        });
        assertThat(goals).anySatisfy(g -> {
            assertThat(g.target()).startsWith("added latency p99 at concurrency 1");
            assertThat(g.status()).isEqualTo(Goals.Status.MET);
        });
        assertThat(goals).anySatisfy(g -> {
            assertThat(g.target()).startsWith("LLMux run");
            assertThat(g.status()).isEqualTo(Goals.Status.MET);
        });
        assertThat(goals).anySatisfy(g -> {
            assertThat(g.target()).startsWith("cold start");
            assertThat(g.status()).isEqualTo(Goals.Status.NOT_MEASURED);
        });
    }

    @Test
    void jsonHoldsEveryRound() throws Exception {
        Path file = dir.resolve("results.json");
        report().writeJson(file);

        String json = Files.readString(file);
        assertThat(json).contains("\"gateway\" : [ 0.095, 0.105, 0.115 ]", "\"gateway_vs_direct\"", "\"status\" : \"missed\"");
        try (JsonParser p = new JsonFactory().createParser(json)) {
            while (p.nextToken() != null) {
                // well-formed
            }
        }
    }
}
