package io.llmgateway.bench.suite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median and spread of a few repeated measurements; {@code NaN} entries (missing rounds) are ignored. */
record Stats(int n, double median, double min, double max) {

    static final Stats EMPTY = new Stats(0, Double.NaN, Double.NaN, Double.NaN);

    static Stats of(List<Double> values) {
        List<Double> v = new ArrayList<>(values.size());
        for (Double d : values) {
            if (d != null && !d.isNaN()) {
                v.add(d);
            }
        }
        if (v.isEmpty()) {
            return EMPTY;
        }
        Collections.sort(v);
        int n = v.size();
        double median = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
        return new Stats(n, median, v.get(0), v.get(n - 1));
    }

    boolean isEmpty() {
        return n == 0;
    }

    /** Half the range relative to the median, in percent: the "±" of the table. */
    double spreadPercent() {
        return n < 2 || median == 0 ? 0 : (max - min) / 2 / Math.abs(median) * 100;
    }
}
