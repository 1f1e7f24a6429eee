package io.llmgateway.bench.suite;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What Linux tells about a process through {@code /proc}: resident memory, open descriptors,
 * and scheduler statistics. Every reader returns -1 where {@code /proc} is missing (not Linux) or
 * the process has gone.
 */
final class ProcStats {

    private ProcStats() {
    }

    /** {@code VmRSS} of {@code /proc/<pid>/status} in KiB. */
    static long rssKib(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** {@code VmHWM} (peak resident size) in KiB. */
    static long peakRssKib(long pid) {
        return statusField(pid, "VmHWM:");
    }

    /** Resident KiB of {@code pid} and all its descendants (nginx: the master and its workers). */
    static long treeRssKib(long pid) {
        long total = rssKib(pid);
        if (total < 0) {
            return -1;
        }
        for (long child : descendants(pid)) {
            long r = rssKib(child);
            if (r > 0) {
                total += r;
            }
        }
        return total;
    }

    /** Open file descriptors of {@code pid} and its descendants. */
    static int treeOpenFds(long pid) {
        int total = openFds(pid);
        if (total < 0) {
            return -1;
        }
        for (long child : descendants(pid)) {
            total += Math.max(0, openFds(child));
        }
        return total;
    }

    static int openFds(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Nanoseconds the threads of {@code pid} and its descendants spent runnable but waiting for a
     * CPU (second field of {@code /proc/<pid>/task/<tid>/schedstat}), summed. Growing fast while a
     * benchmark runs means another process took the CPU: the measurement is noisy.
     */
    static long treeRunQueueWaitNanos(long pid) {
        long total = schedstatField(pid, 1);
        if (total < 0) {
            return -1;
        }
        for (long child : descendants(pid)) {
            total += Math.max(0, schedstatField(child, 1));
        }
        return total;
    }

    /**
     * Nanoseconds the threads of {@code pid} and its descendants ran on a CPU (first field of
     * {@code schedstat}), summed: the CPU cost of a process over an interval, to the nanosecond,
     * JIT and GC threads included.
     */
    static long treeRunNanos(long pid) {
        long total = schedstatField(pid, 0);
        if (total < 0) {
            return -1;
        }
        for (long child : descendants(pid)) {
            total += Math.max(0, schedstatField(child, 0));
        }
        return total;
    }

    /**
     * Nanoseconds the JIT compiler threads of JVM {@code pid} ran ({@code C1/C2 CompilerThread*});
     * 0 for a process that has none (nginx).
     */
    static long compilerNanos(long pid) {
        long total = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String comm = Files.readString(task.resolve("comm")).trim();
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        total += Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split("\\s+")[0]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we looked
                }
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long runQueueWaitNanos(long pid) {
        return schedstatField(pid, 1);
    }

    private static long schedstatField(long pid, int field) {
        long total = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String[] f = Files.readString(task.resolve("schedstat")).trim().split("\\s+");
                    total += Long.parseLong(f[field]);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we looked
                }
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Machine-wide CPU time from the first line of {@code /proc/stat}, in clock ticks:
     * {@code [busy, total]} summed over all CPUs (busy excludes idle and iowait).
     */
    static long[] machineTicks() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = line.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    /** User plus system clock ticks of {@code pid} (all its threads) and its descendants. */
    static long treeCpuTicks(long pid) {
        long total = cpuTicks(pid);
        if (total < 0) {
            return -1;
        }
        for (long child : descendants(pid)) {
            total += Math.max(0, cpuTicks(child));
        }
        return total;
    }

    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which may itself hold spaces and parentheses.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split("\\s+");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The soft {@code RLIMIT_NOFILE} of this process ("Max open files" of {@code /proc/self/limits}). */
    static long openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    return "unlimited".equals(f[0]) ? Long.MAX_VALUE : Long.parseLong(f[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    static List<Long> descendants(long pid) {
        List<Long> out = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> out.add(d.pid())));
        return out;
    }

    private static long statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not Linux
        }
        return -1;
    }
}
