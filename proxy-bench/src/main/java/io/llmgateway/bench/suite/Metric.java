package io.llmgateway.bench.suite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the table: a quantity (requests/s, a latency percentile, a size) measured per target
 * and per round. Values of the same round index were measured in the same round, so that
 * {@link #paired} compares a proxy with {@code direct} round by round before taking a median
 * (the median of differences, not the difference of medians). Written by the suite's one thread.
 */
final class Metric {

    /** How a row compares targets. */
    enum Kind {
        /** Higher is better: the table shows gateway/direct and gateway/nginx ratios. */
        THROUGHPUT,
        /** A time: the table shows what each proxy adds to direct. */
        LATENCY,
        /** A proxy's cost (CPU per request): the table shows gateway/nginx. */
        COST,
        /** A plain quantity (memory, a count, a start-up time): no comparison column. */
        PLAIN
    }

    private final String label;
    private final String unit;
    private final Kind kind;
    private final Map<String, List<Double>> values = new LinkedHashMap<>();

    Metric(String label, String unit, Kind kind) {
        this.label = label;
        this.unit = unit;
        this.kind = kind;
    }

    String label() {
        return label;
    }

    String unit() {
        return unit;
    }

    Kind kind() {
        return kind;
    }

    /** Records {@code value} for {@code target} in round {@code round} (0-based). */
    Metric put(String target, int round, double value) {
        List<Double> list = values.computeIfAbsent(target, t -> new ArrayList<>());
        while (list.size() <= round) {
            list.add(Double.NaN);
        }
        list.set(round, value);
        return this;
    }

    /** Values of {@code target} by round; {@code NaN} where a round has none. */
    List<Double> values(String target) {
        return values.getOrDefault(target, List.of());
    }

    Map<String, List<Double>> allValues() {
        return values;
    }

    Stats stats(String target) {
        return Stats.of(values(target));
    }

    boolean has(String target) {
        return !stats(target).isEmpty();
    }

    /** Round by round {@code a / b} (THROUGHPUT, COST) or {@code a - b} (otherwise), where both exist. */
    Stats paired(String a, String b) {
        List<Double> va = values(a);
        List<Double> vb = values(b);
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < Math.min(va.size(), vb.size()); i++) {
            double x = va.get(i);
            double y = vb.get(i);
            if (Double.isNaN(x) || Double.isNaN(y)) {
                continue;
            }
            out.add(kind == Kind.THROUGHPUT || kind == Kind.COST ? (y == 0 ? Double.NaN : x / y) : x - y);
        }
        return Stats.of(out);
    }
}
