package io.llmgateway.bench.suite;

import io.llmgateway.bench.load.LoadResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The rows one scenario (or part of one: {@code a1}, {@code a2}) adds to the table, plus notes
 * (bounds, caps, anything skipped) and the CPU contention seen while it ran.
 */
final class ScenarioResult {

    static final String RPS = "req/s";
    static final String MS = "ms";

    private final String id;
    private final String title;
    private final Map<String, Metric> metrics = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, List<Double>> contention = new LinkedHashMap<>();
    private String unsound;

    ScenarioResult(String id, String title) {
        this.id = id;
        this.title = title;
    }

    String id() {
        return id;
    }

    String title() {
        return title;
    }

    /** The row {@code label}, created on first use. */
    Metric metric(String label, String unit, Metric.Kind kind) {
        return metrics.computeIfAbsent(label, l -> new Metric(l, unit, kind));
    }

    Metric metric(String label) {
        return metrics.get(label);
    }

    List<Metric> metrics() {
        return List.copyOf(metrics.values());
    }

    /**
     * Marks the comparisons of this scenario as unsound (the baseline itself was saturated), with
     * the reason; the targets that depend on them are then "not measured", whatever the numbers.
     */
    void unsound(String reason) {
        unsound = reason;
        note(reason);
    }

    /** Why the comparisons cannot be trusted, or {@code null}. */
    String unsoundReason() {
        return unsound;
    }

    void note(String note) {
        notes.add(note);
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    /** Records how much CPU other processes took during one run ({@link Contention}). */
    void contention(String key, double value) {
        if (!Double.isNaN(value)) {
            contention.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
    }

    Map<String, List<Double>> contention() {
        return contention;
    }

    /**
     * The standard rows of a non-stream load run: requests/s and latency p50/p99 (from the
     * intended send time in the open loop), plus errors.
     */
    void addLoad(String target, int round, LoadResult r) {
        metric("throughput", RPS, Metric.Kind.THROUGHPUT).put(target, round, r.requestsPerSecond());
        Histogram latency = r.latency();
        metric("latency p50", MS, Metric.Kind.LATENCY).put(target, round, percentileMs(latency, 50));
        metric("latency p99", MS, Metric.Kind.LATENCY).put(target, round, percentileMs(latency, 99));
        addErrors(target, round, r);
    }

    void addErrors(String target, int round, LoadResult r) {
        metric("errors", "", Metric.Kind.PLAIN).put(target, round, r.errors());
    }

    static double percentileMs(Histogram h, double p) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1000.0;
    }

    static double meanMs(Histogram h) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getMean() / 1000.0;
    }
}
