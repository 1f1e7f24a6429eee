package io.llmgateway.bench.suite;

import java.util.ArrayList;
import java.util.List;

/**
 * How much the rest of the machine disturbed one measured run. Other engineers build on the
 * benchmark machine, so every run records:
 *
 * <ul>
 *   <li>{@link #foreignCores}: CPU time used by processes that are not part of the benchmark
 *       (machine-wide busy time from {@code /proc/stat} minus the suite's own processes), in
 *       cores; on a 2-core machine 1.0 means a whole core was taken from the run.
 *   <li>{@link #proxyWaitShare}: the share of the run during which the proxy's threads were
 *       runnable but waited for a CPU ({@code schedstat}); its own JIT and GC threads compete
 *       for its core too, so this is not zero even on a quiet machine.
 *   <li>{@link #proxyCpuNanos}: CPU time the proxy used during the run (all its threads), from which
 *       the suite derives CPU per request: a cost that other processes' load barely changes.
 * </ul>
 */
record Contention(double foreignCores, double proxyWaitShare, long proxyCpuNanos) {

    /** A snapshot taken before a run; {@link #end} turns it into the run's contention. */
    static final class Start {
        private final List<Long> ours;
        private final long proxyPid;
        private final long nanos = System.nanoTime();
        private final long[] machine = ProcStats.machineTicks();
        private final long ourTicks;
        private final long proxyWait;
        private final long proxyRun;

        Start(List<Long> ours, long proxyPid) {
            this.ours = List.copyOf(ours);
            this.proxyPid = proxyPid;
            this.ourTicks = ticks(this.ours);
            this.proxyWait = proxyPid > 0 ? ProcStats.treeRunQueueWaitNanos(proxyPid) : -1;
            this.proxyRun = proxyPid > 0 ? ProcStats.treeRunNanos(proxyPid) : -1;
        }

        Contention end() {
            long elapsed = System.nanoTime() - nanos;
            long[] m = ProcStats.machineTicks();
            long mine = ticks(ours);
            double foreign = Double.NaN;
            if (machine[0] >= 0 && m[0] >= 0 && ourTicks >= 0 && mine >= 0 && m[1] > machine[1]) {
                long cpus = Math.max(1, cpuCount());
                double ticksPerCpu = (m[1] - machine[1]) / (double) cpus;
                foreign = Math.max(0, ((m[0] - machine[0]) - (mine - ourTicks)) / ticksPerCpu);
            }
            double wait = Double.NaN;
            if (proxyWait >= 0) {
                long w = ProcStats.treeRunQueueWaitNanos(proxyPid);
                if (w >= 0 && elapsed > 0) {
                    wait = (w - proxyWait) / (double) elapsed;
                }
            }
            long cpu = -1;
            if (proxyRun >= 0) {
                long r = ProcStats.treeRunNanos(proxyPid);
                cpu = r >= 0 ? r - proxyRun : -1;
            }
            return new Contention(foreign, wait, cpu);
        }

        private static long ticks(List<Long> pids) {
            long sum = 0;
            for (long pid : pids) {
                long t = ProcStats.treeCpuTicks(pid);
                if (t < 0) {
                    return -1;
                }
                sum += t;
            }
            return sum;
        }
    }

    /** Online CPUs of the machine (not of this process's affinity mask). */
    static int cpuCount() {
        try {
            int n = 0;
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat"))) {
                if (line.startsWith("cpu") && line.length() > 3 && Character.isDigit(line.charAt(3))) {
                    n++;
                }
            }
            return n > 0 ? n : Runtime.getRuntime().availableProcessors();
        } catch (java.io.IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    static Start start(List<Long> ours, long proxyPid) {
        return new Start(new ArrayList<>(ours), proxyPid);
    }
}
