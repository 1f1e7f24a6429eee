package io.llmgateway.bench.suite;

import io.llmgateway.bench.load.LoadResult;
import java.util.Locale;

/**
 * Scenario c, the LLMux comparison: 100 closed-loop clients, a mock that waits 50 ms before
 * answering, 10,000 measured requests. The ceiling is 100 / 0.050 s = 2,000 req/s; what a proxy
 * costs shows as the distance from it. LLMux published 1,943 req/s (mean 51.29 ms, p99 91.71 ms)
 * and LiteLLM 246 req/s on 4 cores.
 */
final class LlmuxScenario {

    private LlmuxScenario() {
    }

    static void run(SuiteRun run) throws Exception {
        Profile p = run.profile;
        ScenarioResult c = run.newResult("c", "LLMux run: 100 clients, 50 ms mock latency");
        for (int round = 0; round < run.rounds(); round++) {
            for (Target t : run.rotation(round)) {
                LoadResult r = run.measure(c, "c-r" + (round + 1), t, run.load(t)
                        .concurrency(Profile.LLMUX_CONCURRENCY).requests(p.llmuxRequests()).warmup(p.runWarmup())
                        .header("x-mock-latency-ms", Integer.toString(Profile.LLMUX_LATENCY_MS)).build());
                c.addLoad(t.name(), round, r);
                c.metric("latency mean", ScenarioResult.MS, Metric.Kind.LATENCY)
                        .put(t.name(), round, ScenarioResult.meanMs(r.latency()));
            }
        }
        c.note(String.format(Locale.ROOT, "%,d requests per run after %s of warm-up; ceiling %d / %.3f s = %,.0f req/s",
                p.llmuxRequests(), p.runWarmup(), Profile.LLMUX_CONCURRENCY, Profile.LLMUX_LATENCY_MS / 1000.0,
                Profile.LLMUX_CONCURRENCY * 1000.0 / Profile.LLMUX_LATENCY_MS));
    }
}
