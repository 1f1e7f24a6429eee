package io.llmgateway.bench.suite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process the suite started (mock, gateway, nginx): its output goes to a log file and is kept in
 * memory so that start-up lines can be awaited. {@link #close()} sends SIGTERM, waits, and kills
 * only if the process does not exit; it never touches a process the suite did not start.
 */
final class ChildProcess implements AutoCloseable {

    private static final long STOP_WAIT_SECONDS = 20;

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread pump;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.pump = new Thread(() -> pump(log), name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code command}; stdout and stderr go, merged, to {@code log}. */
    static ChildProcess start(String name, List<String> command, Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Files.writeString(log, "$ " + String.join(" ", command) + System.lineSeparator());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new ChildProcess(name, p, log);
    }

    private void pump(Path log) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             PrintWriter w = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                     java.nio.file.StandardOpenOption.APPEND))) {
            String line;
            while ((line = r.readLine()) != null) {
                w.println(line);
                w.flush();
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }

    /**
     * Waits for an output line matching {@code pattern} and returns its first group (or the whole
     * match). Fails with the output so far when the process exits or {@code timeoutMs} passes.
     */
    String await(Pattern pattern, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    Matcher m = pattern.matcher(lines.get(seen));
                    if (m.find()) {
                        return m.groupCount() > 0 ? m.group(1) : m.group();
                    }
                }
                long left = deadline - System.nanoTime();
                if (!process.isAlive() && !pump.isAlive() || left <= 0) {
                    throw new IllegalStateException(name + (process.isAlive() ? " did not print " + pattern
                            + " within " + timeoutMs + " ms" : " exited with " + process.exitValue())
                            + "; output:\n  " + String.join("\n  ", lines));
                }
                lines.wait(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }
    }

    /** The output so far, one element per line. */
    List<String> output() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, then up to 20 s for the exit (a gateway drains), then SIGKILL. Returns the exit code. */
    int stop() throws InterruptedException {
        if (process.isAlive()) {
            process.toHandle().destroy();
            if (!process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        pump.join(2000);
        return process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
