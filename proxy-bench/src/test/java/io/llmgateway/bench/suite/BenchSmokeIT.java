package io.llmgateway.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark suite, end to end, in a few seconds: the mock and the gateway fat jar as their own
 * processes, the load generator in this JVM, direct and gateway, a latency run and a short stream
 * run, the table and the JSON. It asserts only that everything ran and produced numbers — never a
 * speed (speed is measured by {@code scripts/bench}, not by tests) — so that the suite cannot rot.
 */
class BenchSmokeIT {

    @TempDir
    Path dir;

    @Test
    void theWholePipelineRunsAndProducesNumbers() throws Exception {
        Path jar = Path.of(System.getProperty("gateway.jar", "../proxy-core/target/llm-gateway.jar"));
        assertThat(jar).as("the fat jar (built by proxy-core's package phase)").exists();
        SuiteOptions options = SuiteOptions.parse(List.of("a", "d", "--smoke", "--no-nginx", "--no-wrk",
                "--gateway-jar", jar.toString(), "--out", dir.toString(), "--gateway-java-opts",
                "-Dio.netty.leakDetection.level=" + System.getProperty("gateway.leak.level", "paranoid")));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        SuiteReport report = Suite.run(options, new PrintStream(printed, true, StandardCharsets.UTF_8));

        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(report.results()).extracting(ScenarioResult::id).containsExactly("a1", "a2", "d");
        for (ScenarioResult r : report.results()) {
            Metric errors = r.metric("errors");
            for (String target : List.of(Target.DIRECT, Target.GATEWAY)) {
                assertThat(errors.stats(target).max()).as("%s errors of %s\n%s", r.id(), target, out).isZero();
                Metric throughput = r.metric(r.id().equals("d") ? "streams" : "throughput");
                assertThat(throughput.stats(target).median()).as("%s throughput of %s\n%s", r.id(), target, out)
                        .isPositive();
            }
        }
        assertThat(report.results().get(2).metric("ttft p50").stats(Target.GATEWAY).median()).isPositive();
        assertThat(report.results().get(0).metric("latency p50").paired(Target.GATEWAY, Target.DIRECT).isEmpty())
                .isFalse();
        assertThat(out).contains("added by gateway", "a1  added latency", "targets");
        assertThat(report.environment()).containsEntry("gateway exit", "0").doesNotContainKey("gateway leak report");
        assertThat(dir.resolve("table.txt")).exists();
        assertThat(dir.resolve("results.json")).exists();
        assertThat(dir.resolve("gateway.log")).exists();
    }
}
