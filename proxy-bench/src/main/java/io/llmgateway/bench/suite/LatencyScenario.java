package io.llmgateway.bench.suite;

import io.llmgateway.bench.load.LoadOptions;
import io.llmgateway.bench.load.LoadResult;
import java.time.Duration;
import java.util.Locale;

/**
 * Scenario a: the latency a proxy adds when it is not busy. a1 is a closed loop of one connection
 * (each request sent when the previous answer ended: the ping-pong time, no queueing); a2 is an
 * open loop at a fixed, moderate rate, timed from each request's intended send time so that a
 * stall is counted in full (no coordinated omission). The mock answers at once.
 *
 * <p>a3 repeats a1 with the upstream on the proxy's CPU. In the standard placement (load generator
 * and mock on one CPU, proxy on the other) a direct request never leaves its CPU, while a proxied
 * one crosses between CPUs four times, each time waking an idle CPU — expensive in a virtual
 * machine. Part of a1's "added latency" is that placement, and it is the same for every proxy
 * (nginx pays it too). In a3 both paths cross twice, so the difference is the proxy's own work.
 */
final class LatencyScenario {

    private LatencyScenario() {
    }

    static void run(SuiteRun run) throws Exception {
        Profile p = run.profile;
        ScenarioResult a1 = run.newResult("a1", "added latency, concurrency 1 (closed loop)");
        for (int round = 0; round < run.rounds(); round++) {
            for (Target t : run.rotation(round)) {
                LoadResult r = run.measure(a1, "a1-r" + (round + 1), t, run.load(t)
                        .concurrency(1).duration(p.latencyRun()).warmup(p.runWarmup()).build());
                a1.addLoad(t.name(), round, r);
                a1.metric("latency p99.9", ScenarioResult.MS, Metric.Kind.LATENCY)
                        .put(t.name(), round, ScenarioResult.percentileMs(r.latency(), 99.9));
            }
        }
        a1.note("one connection, one request at a time; zero-latency mock; latency from the actual send");

        ScenarioResult a2 = run.newResult("a2", String.format(Locale.ROOT, "added latency, open loop %,.0f req/s",
                p.openRate()));
        for (int round = 0; round < run.rounds(); round++) {
            for (Target t : run.rotation(round)) {
                LoadResult r = run.measure(a2, "a2-r" + (round + 1), t, run.load(t)
                        .concurrency(Profile.OPEN_LOOP_CONNECTIONS).rate(p.openRate())
                        .duration(p.latencyRun()).warmup(p.runWarmup()).build());
                run.checkDelivered(a2, "a2-r" + (round + 1), t, r);
                a2.addLoad(t.name(), round, r);
                run.recordCpuPerRequest(a2, "proxy CPU per request", t, round, r);
                a2.metric("latency p99.9", ScenarioResult.MS, Metric.Kind.LATENCY)
                        .put(t.name(), round, ScenarioResult.percentileMs(r.latency(), 99.9));
            }
        }
        if (run.nearMock != null) {
            runNear(run);
        }
        a2.note(String.format(Locale.ROOT, "%,.0f req/s spread over %d connections; latency from the intended send time"
                + " (corrected for coordinated omission)", p.openRate(), Profile.OPEN_LOOP_CONNECTIONS));
    }

    private static void runNear(SuiteRun run) throws Exception {
        Profile p = run.profile;
        ScenarioResult a3 = run.newResult("a3", "added latency, concurrency 1, mock on the proxy CPU");
        for (int round = 0; round < run.rounds(); round++) {
            for (Target t : run.rotation(round)) {
                String url = switch (t.name()) {
                    case Target.DIRECT -> "http://" + Target.HOST + ':' + run.nearMock.port() + "/v1/chat/completions";
                    case Target.NGINX -> t.url(Launchers.NEAR_PREFIX + "/v1/chat/completions");
                    default -> t.chatUrl();
                };
                LoadResult r = run.measure(a3, "a3-r" + (round + 1), t, LoadOptions.builder(url)
                        .model(Launchers.NEAR_MODEL).concurrency(1).duration(p.latencyRun()).warmup(p.runWarmup())
                        .timeout(Duration.ofSeconds(30)).build());
                a3.addLoad(t.name(), round, r);
            }
        }
        a3.note("as a1, with a second mock pinned to the proxy CPUs: direct and proxied requests both cross"
                + " between CPUs twice, so 'added' is the proxy's own work (see BENCHMARKS.md)");
    }
}
