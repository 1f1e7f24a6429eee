package io.llmgateway.bench.flood;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory of another JVM, sampled while a flood runs: resident set ({@code VmRSS} of
 * {@code /proc/PID/status}, and its high-water mark {@code VmHWM}) and used heap (the {@code *U}
 * columns of {@code jstat -gc}, sampled every 200 ms by one {@code jstat} process). Linux only.
 */
public final class ProcessMemory implements AutoCloseable {

    private final long pid;
    private final Process jstat;
    private final AtomicLong peakHeapKb = new AtomicLong();
    private final AtomicLong lastHeapKb = new AtomicLong();

    public ProcessMemory(long pid) throws IOException {
        this.pid = pid;
        Path java = Path.of(System.getProperty("java.home"), "bin", "jstat");
        this.jstat = new ProcessBuilder(java.toString(), "-gc", Long.toString(pid), "200").redirectErrorStream(true).start();
        Thread reader = new Thread(this::readJstat, "jstat-" + pid);
        reader.setDaemon(true);
        reader.start();
    }

    private void readJstat() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.US_ASCII))) {
            String header = r.readLine();
            if (header == null) {
                return;
            }
            String[] names = header.trim().split("\\s+");
            String line;
            while ((line = r.readLine()) != null) {
                String[] v = line.trim().split("\\s+");
                double usedKb = 0;
                for (int i = 0; i < names.length && i < v.length; i++) {
                    if (names[i].equals("S0U") || names[i].equals("S1U") || names[i].equals("EU") || names[i].equals("OU")) {
                        usedKb += Double.parseDouble(v[i]);
                    }
                }
                lastHeapKb.set((long) usedKb);
                peakHeapKb.accumulateAndGet((long) usedKb, Math::max);
            }
        } catch (IOException | NumberFormatException e) {
            // jstat ended with the process
        }
    }

    /** {@code VmRSS} now, in kB; -1 when the process is gone. */
    public long rssKb() {
        return status("VmRSS:");
    }

    /** {@code VmHWM}: the highest resident set so far, in kB. */
    public long peakRssKb() {
        return status("VmHWM:");
    }

    public long heapKb() {
        return lastHeapKb.get();
    }

    public long peakHeapKb() {
        return peakHeapKb.get();
    }

    private long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        jstat.destroy();
    }
}
