package io.llmgateway.bench.suite;

import io.llmgateway.bench.load.LoadResult;
import java.util.Locale;

/**
 * Scenario a: the latency a proxy adds when it is not busy. a1 is a closed loop of one connection
 * (each request sent when the previous answer ended: the ping-pong time, no queueing); a2 is an
 * open loop at a fixed, moderate rate, timed from each request's intended send time so that a
 * stall is counted in full (no coordinated omission). The mock answers at once.
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
                a2.metric("latency p99.9", ScenarioResult.MS, Metric.Kind.LATENCY)
                        .put(t.name(), round, ScenarioResult.percentileMs(r.latency(), 99.9));
            }
        }
        a2.note(String.format(Locale.ROOT, "%,.0f req/s spread over %d connections; latency from the intended send time"
                + " (corrected for coordinated omission)", p.openRate(), Profile.OPEN_LOOP_CONNECTIONS));
    }
}
