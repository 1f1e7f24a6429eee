package io.llmgateway.bench.suite;

import java.util.ArrayList;
import java.util.List;

/**
 * Which CPUs each process runs on. The load generator (this JVM) and the mock share the
 * {@linkplain #loadCpus() load CPUs}; the proxy under test — the gateway or nginx, never both at
 * once under load — gets the {@linkplain #proxyCpus() proxy CPUs}. On a 2-core machine that is CPU 0
 * and CPU 1: each proxy has exactly one core. Without {@code taskset} nothing is pinned and the
 * processes share every core (the report says so).
 *
 * <p>This JVM cannot pin itself before its own start-up sized its thread pools, so
 * {@code scripts/bench} starts it under {@code taskset -c <load CPUs>}; child processes are started
 * under {@code taskset} here.
 */
record Placement(List<Integer> loadCpus, List<Integer> proxyCpus, String taskset) {

    Placement {
        loadCpus = List.copyOf(loadCpus);
        proxyCpus = List.copyOf(proxyCpus);
    }

    /** No pinning: every process may run on every core. */
    static Placement unpinned() {
        return new Placement(List.of(), List.of(), null);
    }

    /**
     * Pins to the given CPU lists ({@code "0"}, {@code "2-3"}, {@code "0,2"}) when {@code taskset}
     * exists; otherwise (or when either list is empty) nothing is pinned.
     */
    static Placement of(String loadCpus, String proxyCpus) {
        String taskset = Tools.find("taskset");
        if (taskset == null || loadCpus.isBlank() || proxyCpus.isBlank()) {
            return unpinned();
        }
        return new Placement(parseCpuList(loadCpus), parseCpuList(proxyCpus), taskset);
    }

    boolean pinned() {
        return taskset != null;
    }

    /** Event-loop threads (and nginx workers) of a proxy: one per proxy CPU, else one per core. */
    int proxyThreads() {
        return pinned() ? proxyCpus.size() : Runtime.getRuntime().availableProcessors();
    }

    /** Event-loop threads of the mock: one per load CPU, else one per core. */
    int loadThreads() {
        return pinned() ? loadCpus.size() : Runtime.getRuntime().availableProcessors();
    }

    /** {@code command} prefixed with {@code taskset -c <proxy CPUs>} when pinned. */
    List<String> onProxyCpus(List<String> command) {
        return wrap(proxyCpus, command);
    }

    /** {@code command} prefixed with {@code taskset -c <load CPUs>} when pinned. */
    List<String> onLoadCpus(List<String> command) {
        return wrap(loadCpus, command);
    }

    private List<String> wrap(List<Integer> cpus, List<String> command) {
        if (!pinned()) {
            return command;
        }
        List<String> out = new ArrayList<>(command.size() + 3);
        out.add(taskset);
        out.add("-c");
        out.add(format(cpus));
        out.addAll(command);
        return out;
    }

    /** One line for the report, e.g. "load generator + mock on CPU 0, gateway or nginx on CPU 1 (one core each)". */
    String describe() {
        if (!pinned()) {
            return "not pinned (no taskset, or fewer than 2 CPUs): load generator, mock and proxy share all "
                    + Runtime.getRuntime().availableProcessors() + " CPU(s)";
        }
        String each = proxyCpus.size() == 1 ? "one core each" : proxyCpus.size() + " cores each";
        return "load generator + mock on CPU " + format(loadCpus) + ", gateway or nginx on CPU "
                + format(proxyCpus) + " (" + each + "; the proxies run one at a time under load)";
    }

    static String format(List<Integer> cpus) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cpus.size(); i++) {
            int start = cpus.get(i);
            int end = start;
            while (i + 1 < cpus.size() && cpus.get(i + 1) == end + 1) {
                end = cpus.get(++i);
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(start);
            if (end != start) {
                sb.append('-').append(end);
            }
        }
        return sb.toString();
    }

    static List<Integer> parseCpuList(String text) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : text.trim().split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                int dash = p.indexOf('-');
                int start = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
                int end = dash < 0 ? start : Integer.parseInt(p.substring(dash + 1));
                if (start < 0 || end < start) {
                    throw new NumberFormatException(p);
                }
                for (int c = start; c <= end; c++) {
                    cpus.add(c);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cpu list: " + text + " (expected: e.g. 0, 2-3 or 0,2)", e);
            }
        }
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("cpu list: '" + text + "' (expected: at least one CPU)");
        }
        return cpus;
    }
}
