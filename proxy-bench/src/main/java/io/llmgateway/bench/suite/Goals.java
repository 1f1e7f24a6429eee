package io.llmgateway.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The project's performance targets, checked against the medians of a run. A target whose
 * scenario did not run (or had no nginx to compare with) is "not measured", never "met".
 */
final class Goals {

    enum Status {
        MET, MISSED, NOT_MEASURED
    }

    /** One target and how the run fared. */
    record Goal(String scenario, String target, String measured, Status status) {
    }

    private Goals() {
    }

    static List<Goal> evaluate(List<ScenarioResult> results) {
        List<Goal> goals = new ArrayList<>();
        added(goals, results, "a1", "latency p50", "added latency p50 at concurrency 1 < 0.050 ms", 0.050);
        added(goals, results, "a1", "latency p99", "added latency p99 at concurrency 1 < 0.500 ms", 0.500);
        added(goals, results, "a3", "latency p50", "same, mock on the proxy CPU (the proxy's own work)", 0.050);
        added(goals, results, "a3", "latency p99", "same, mock on the proxy CPU, p99 < 0.500 ms", 0.500);
        ratio(goals, results, "b", "max throughput", "max throughput (p99 bound) >= nginx", 1.0);
        atLeast(goals, results, "c", "throughput", "LLMux run >= 1,950 req/s (ceiling 2,000)", 1950);
        added(goals, results, "d", "ttft p99", "added time to first token p99 < 0.200 ms", 0.200);
        added(goals, results, "d2", "ttft p99", "same, with streams the load side keeps up with", 0.200);
        memory(goals, results);
        coldStart(goals, results);
        ratio(goals, results, "wrk", "json throughput", "wrk throughput >= 0.8 x nginx (non-stream)", 0.8);
        ratio(goals, results, "wrk", "stream throughput", "wrk throughput >= 0.8 x nginx (stream)", 0.8);
        added(goals, results, "wrk", "json latency p50", "wrk added latency p50 < 0.100 ms (non-stream)", 0.100);
        return goals;
    }

    private static ScenarioResult scenario(List<ScenarioResult> results, String scenario) {
        return results.stream().filter(r -> r.id().equals(scenario)).findFirst().orElse(null);
    }

    private static Metric find(List<ScenarioResult> results, String scenario, String label) {
        for (ScenarioResult r : results) {
            if (r.id().equals(scenario) && r.metric(label) != null) {
                return r.metric(label);
            }
        }
        return null;
    }

    private static void added(List<Goal> goals, List<ScenarioResult> results, String scenario, String label,
                              String text, double limitMs) {
        Metric m = find(results, scenario, label);
        Stats s = m == null ? Stats.EMPTY : m.paired(Target.GATEWAY, Target.DIRECT);
        if (s.isEmpty()) {
            goals.add(new Goal(scenario, text, "not measured", Status.NOT_MEASURED));
            return;
        }
        ScenarioResult r = scenario(results, scenario);
        if (r != null && r.unsoundReason() != null) {
            goals.add(new Goal(scenario, text, String.format(Locale.ROOT, "not measurable here (%+.3f ms): direct"
                    + " saturated", s.median()), Status.NOT_MEASURED));
            return;
        }
        goals.add(new Goal(scenario, text, String.format(Locale.ROOT, "%+.3f ms", s.median()),
                s.median() < limitMs ? Status.MET : Status.MISSED));
    }

    private static void ratio(List<Goal> goals, List<ScenarioResult> results, String scenario, String label,
                              String text, double min) {
        Metric m = find(results, scenario, label);
        Stats s = m == null ? Stats.EMPTY : m.paired(Target.GATEWAY, Target.NGINX);
        if (s.isEmpty()) {
            goals.add(new Goal(scenario, text, m != null && m.has(Target.GATEWAY) ? "not measured (needs nginx)"
                    : "not measured", Status.NOT_MEASURED));
            return;
        }
        goals.add(new Goal(scenario, text, String.format(Locale.ROOT, "%.2f x nginx", s.median()),
                s.median() >= min ? Status.MET : Status.MISSED));
    }

    private static void atLeast(List<Goal> goals, List<ScenarioResult> results, String scenario, String label,
                                String text, double min) {
        Metric m = find(results, scenario, label);
        Stats s = m == null ? Stats.EMPTY : m.stats(Target.GATEWAY);
        if (s.isEmpty()) {
            goals.add(new Goal(scenario, text, "not measured", Status.NOT_MEASURED));
            return;
        }
        goals.add(new Goal(scenario, text, String.format(Locale.ROOT, "%,.0f req/s", s.median()),
                s.median() >= min ? Status.MET : Status.MISSED));
    }

    private static void memory(List<Goal> goals, List<ScenarioResult> results) {
        String text = "RSS with 10,000 open streams < 200 MB";
        Metric extrapolated = find(results, "e", "RSS at 10,000 (extrapolated)");
        Metric measured = find(results, "e", "RSS streams open");
        Metric fresh = find(results, "e", "fresh process: RSS streams open");
        Metric freshExtrapolated = find(results, "e", "fresh process: RSS at 10,000 (extrapolated)");
        if (freshExtrapolated != null && freshExtrapolated.has(Target.GATEWAY)) {
            double v = freshExtrapolated.stats(Target.GATEWAY).median();
            goals.add(new Goal("e", text + " (fresh process)", String.format(Locale.ROOT,
                    "%.0f MB (extrapolated from fewer streams)", v), v < 200 ? Status.MET : Status.MISSED));
        } else if (fresh != null && fresh.has(Target.GATEWAY)) {
            double v = fresh.stats(Target.GATEWAY).median();
            goals.add(new Goal("e", text + " (fresh process)", String.format(Locale.ROOT, "%.0f MB", v),
                    v < 200 ? Status.MET : Status.MISSED));
        }
        if (extrapolated != null && extrapolated.has(Target.GATEWAY)) {
            double v = extrapolated.stats(Target.GATEWAY).median();
            goals.add(new Goal("e", text + " (after a-d)", String.format(Locale.ROOT,
                    "%.0f MB (extrapolated from fewer streams)", v),
                    v < 200 ? Status.MET : Status.MISSED));
        } else if (measured != null && measured.has(Target.GATEWAY)) {
            double v = measured.stats(Target.GATEWAY).median();
            goals.add(new Goal("e", text + " (after a-d)", String.format(Locale.ROOT, "%.0f MB", v),
                    v < 200 ? Status.MET : Status.MISSED));
        } else {
            goals.add(new Goal("e", text, "not measured", Status.NOT_MEASURED));
        }
    }

    private static void coldStart(List<Goal> goals, List<ScenarioResult> results) {
        String text = "cold start to /health/ready < 500 ms";
        Metric m = find(results, "f", "spawn to ready");
        Stats s = m == null ? Stats.EMPTY : m.stats(Target.GATEWAY);
        if (s.isEmpty()) {
            goals.add(new Goal("f", text, "not measured", Status.NOT_MEASURED));
            return;
        }
        goals.add(new Goal("f", text, String.format(Locale.ROOT, "%.0f ms", s.median()),
                s.median() < 500 ? Status.MET : Status.MISSED));
        Metric cds = find(results, "f", "spawn to ready (AppCDS archive)");
        Stats c = cds == null ? Stats.EMPTY : cds.stats(Target.GATEWAY);
        if (!c.isEmpty()) {
            goals.add(new Goal("f", "same, started from an AppCDS archive (README)", String.format(Locale.ROOT,
                    "%.0f ms", c.median()), c.median() < 500 ? Status.MET : Status.MISSED));
        }
    }
}
