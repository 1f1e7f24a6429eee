package io.llmgateway.core.vkeys;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The spend history: one {@link SpendRow} per UTC day, client key, team, model and provider,
 * summed as outcomes arrive. Written by the observer thread, read by the admin thread (reports)
 * and the flusher (snapshots): its methods are synchronized, and never called on an event loop.
 */
final class SpendHistory {

    private final Map<Group, long[]> counts = new HashMap<>();
    private final Map<Group, double[]> costs = new HashMap<>();
    private boolean dirty;

    /** A history holding {@code rows} (loaded from the store). */
    SpendHistory(List<SpendRow> rows) {
        for (SpendRow r : rows) {
            add(r.day(), r.key(), r.team(), r.model(), r.provider(), r.costUsd(), r.requests(), r.promptTokens(),
                    r.completionTokens());
        }
        dirty = false;
    }

    synchronized void add(LocalDate day, String key, String team, String model, String provider, double costUsd,
            long requests, long prompt, long completion) {
        Group g = new Group(day, key, team, model, provider);
        long[] c = counts.computeIfAbsent(g, x -> new long[3]);
        c[0] += requests;
        c[1] += prompt;
        c[2] += completion;
        costs.computeIfAbsent(g, x -> new double[1])[0] += costUsd;
        dirty = true;
    }

    /** Every row, oldest day first. */
    synchronized List<SpendRow> rows() {
        List<SpendRow> out = new ArrayList<>(counts.size());
        for (Map.Entry<Group, long[]> e : counts.entrySet()) {
            Group g = e.getKey();
            long[] c = e.getValue();
            out.add(new SpendRow(g.day, g.key, g.team, g.model, g.provider, costs.get(g)[0], c[0], c[1], c[2]));
        }
        out.sort(Comparator.comparing(SpendRow::day));
        return out;
    }

    /** The rows if anything changed since the last call, else null. */
    synchronized List<SpendRow> changedRows() {
        if (!dirty) {
            return null;
        }
        dirty = false;
        return rows();
    }

    /** Marks the history changed again (a save of {@link #changedRows()} failed). */
    synchronized void unsaved() {
        dirty = true;
    }

    private record Group(LocalDate day, String key, String team, String model, String provider) {
        Group {
            Objects.requireNonNull(day, "day");
        }
    }
}
