package io.llmgateway.bench.suite;

import io.llmgateway.bench.load.LoadResult;
import java.util.Locale;

/**
 * Scenario b: the highest rate each target sustains with its p99 within 5 ms of direct's p99 at
 * a light load (measured at the start of every round). Open loop, so a saturated target cannot
 * slow the generator down and hide it. The search grows the rate by half until a probe fails, then
 * bisects between the last passing and the first failing rate. A probe passes when it had no
 * errors, delivered at least 95% of the offered rate, and kept p99 within the bound; a failing
 * probe is repeated once (the machine is shared), so a rate fails only when it fails twice.
 */
final class ThroughputSearch {

    private static final double MAX_RATE = 1_000_000;

    private ThroughputSearch() {
    }

    static void run(SuiteRun run) throws Exception {
        Profile p = run.profile;
        ScenarioResult b = run.newResult("b", "max throughput with p99 <= direct p99 + 5 ms");
        Target direct = run.target(Target.DIRECT);
        for (int round = 0; round < run.rounds(); round++) {
            LoadResult base = run.measure(b, "b-r" + (round + 1) + "-base", direct, run.load(direct)
                    .concurrency(Profile.OPEN_LOOP_CONNECTIONS).rate(p.openRate()).duration(p.searchBaseline())
                    .warmup(p.runWarmup()).build());
            double bound = ScenarioResult.percentileMs(base.latency(), 99) + Profile.SEARCH_P99_SLACK_MS;
            b.metric("p99 bound", ScenarioResult.MS, Metric.Kind.PLAIN).put(Target.DIRECT, round, bound);
            for (Target t : run.rotation(round)) {
                search(run, b, round, t, bound);
            }
        }
        b.note(String.format(Locale.ROOT, "bound = direct p99 at %,.0f req/s + %.0f ms, per round; probes of %s over"
                        + " %d connections, starting at %,.0f req/s, x%.1f, then %d bisections", p.openRate(),
                Profile.SEARCH_P99_SLACK_MS, p.searchStep(), Profile.SEARCH_CONNECTIONS, Profile.SEARCH_START_RATE,
                Profile.SEARCH_FACTOR, p.searchBisections()));
    }

    private static void search(SuiteRun run, ScenarioResult b, int round, Target t, double bound) throws Exception {
        double pass = 0;
        double fail = Double.NaN;
        LoadResult best = null;
        double bestCpu = Double.NaN;
        double rate = Profile.SEARCH_START_RATE;
        while (rate <= MAX_RATE) {
            LoadResult r = probe(run, b, round, t, rate, bound);
            if (passes(r, rate, bound)) {
                pass = rate;
                best = r;
                bestCpu = cpuPerRequest(run, r);
                rate *= Profile.SEARCH_FACTOR;
            } else {
                fail = rate;
                break;
            }
        }
        for (int i = 0; i < run.profile.searchBisections() && !Double.isNaN(fail); i++) {
            double mid = Math.rint((pass + fail) / 2);
            LoadResult r = probe(run, b, round, t, mid, bound);
            if (passes(r, mid, bound)) {
                pass = mid;
                best = r;
                bestCpu = cpuPerRequest(run, r);
            } else {
                fail = mid;
            }
        }
        b.metric("max throughput", ScenarioResult.RPS, Metric.Kind.THROUGHPUT)
                .put(t.name(), round, best == null ? 0 : best.requestsPerSecond());
        b.metric("p99 at max", ScenarioResult.MS, Metric.Kind.LATENCY)
                .put(t.name(), round, best == null ? Double.NaN : ScenarioResult.percentileMs(best.latency(), 99));
        b.metric("first failing rate", ScenarioResult.RPS, Metric.Kind.PLAIN).put(t.name(), round, fail);
        if (t.isProxy()) {
            b.metric("proxy CPU per request at max", "us", Metric.Kind.COST).put(t.name(), round, bestCpu);
        }
    }

    /**
     * One probe at {@code rate}; a probe that fails is repeated once and the better of the two kept,
     * so that one burst of another process's work does not end the search.
     */
    private static LoadResult probe(SuiteRun run, ScenarioResult b, int round, Target t, double rate, double bound)
            throws Exception {
        LoadResult first = probeOnce(run, b, round, t, rate);
        if (passes(first, rate, bound)) {
            return first;
        }
        LoadResult second = probeOnce(run, b, round, t, rate);
        return passes(second, rate, bound) ? second : first;
    }

    private static LoadResult probeOnce(SuiteRun run, ScenarioResult b, int round, Target t, double rate)
            throws Exception {
        Profile p = run.profile;
        return run.measure(b, String.format(Locale.ROOT, "b-r%d-%.0f", round + 1, rate), t, run.load(t)
                .concurrency(Profile.SEARCH_CONNECTIONS).rate(rate).duration(p.searchStep())
                .warmup(p.runWarmup()).timeout(java.time.Duration.ofSeconds(10)).build());
    }

    /** CPU microseconds the proxy spent per request sent (warm-up included) in the last probe. */
    private static double cpuPerRequest(SuiteRun run, LoadResult r) {
        Contention c = run.lastContention();
        if (c == null || c.proxyCpuNanos() < 0) {
            return Double.NaN;
        }
        double sent = Math.ceil(r.options().rate() * r.options().warmup().toNanos() / 1e9) + r.requests();
        return sent <= 0 ? Double.NaN : c.proxyCpuNanos() / 1000.0 / sent;
    }

    static boolean passes(LoadResult r, double offered, double boundMs) {
        return r.errors() == 0
                && r.requestsPerSecond() >= Profile.SEARCH_MIN_DELIVERED * offered
                && ScenarioResult.percentileMs(r.latency(), 99) <= boundMs;
    }
}
