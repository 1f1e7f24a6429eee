package io.llmgateway.bench.suite;

import io.llmgateway.bench.load.LoadGenerator;
import io.llmgateway.bench.load.LoadResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark suite: starts the mock, the gateway and nginx as separate pinned processes, warms
 * them up, runs the chosen scenarios with every target measured in interleaved rounds, stops
 * everything, and returns (and writes under {@code bench-results/<timestamp>/}) the report.
 *
 * <pre>{@code
 * SuiteReport report = Suite.run(SuiteOptions.parse(List.of("a", "d", "--smoke")), System.out);
 * }</pre>
 *
 * <p>The load generator runs in this JVM. Pin this JVM to the load CPUs before it starts
 * ({@code scripts/bench} does); the children are pinned here.
 */
final class Suite {

    private Suite() {
    }

    static SuiteReport run(SuiteOptions options, PrintStream console) throws Exception {
        if (!Files.isRegularFile(options.gatewayJar())) {
            throw new IllegalArgumentException("--gateway-jar: " + options.gatewayJar()
                    + " does not exist (build it: mvn -B -q package -DskipTests)");
        }
        Path dir = options.outDir();
        Files.createDirectories(dir);
        try (OutputStream log = Files.newOutputStream(dir.resolve("suite.log"))) {
            return run(options, new PrintStream(new Tee(console, log), true, StandardCharsets.UTF_8), dir);
        }
    }

    private static SuiteReport run(SuiteOptions options, PrintStream out, Path dir) throws Exception {
        Placement placement = Placement.of(options.loadCpus(), options.proxyCpus());
        Launchers launchers = new Launchers(options, placement);
        long fdLimit = ProcStats.openFileLimit();
        Map<String, String> env = environment(options, placement, fdLimit);
        out.println("bench suite: results in " + dir.toAbsolutePath());
        out.println("placement: " + placement.describe());

        List<ChildProcess> children = new ArrayList<>();
        Thread cleanup = new Thread(() -> children.forEach(ChildProcess::close), "suite-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        List<ScenarioResult> results;
        List<String> targetNames = new ArrayList<>();
        try {
            Launchers.Started mock = launchers.startMock(dir.resolve("mock.log"));
            children.add(mock.process());
            Launchers.Started near = null;
            if (placement.pinned() && options.scenarios().contains(SuiteOptions.ScenarioId.A)) {
                near = launchers.startMock(dir.resolve("mock-near.log"), true);
                children.add(near.process());
            }
            int nearPort = near == null ? -1 : near.port();
            Launchers.Started gateway = launchers.startGateway(mock.port(), nearPort, dir, "gateway");
            children.add(gateway.process());
            List<Target> targets = new ArrayList<>();
            targets.add(new Target(Target.DIRECT, mock.port(), null));
            targets.add(new Target(Target.GATEWAY, gateway.port(), gateway.process()));
            if (options.nginx() != null) {
                try {
                    Launchers.Started nginx = launchers.startNginx(mock.port(), nearPort, dir, fdLimit);
                    children.add(nginx.process());
                    targets.add(new Target(Target.NGINX, nginx.port(), nginx.process()));
                } catch (RuntimeException e) {
                    out.println("nginx did not start, measuring without it: " + e.getMessage());
                    env.put("nginx", "did not start: " + firstLine(e.getMessage()));
                }
            }
            targets.forEach(t -> targetNames.add(t.name()));
            out.println("targets: " + targets.stream().map(t -> t.name() + " " + t.chatUrl()).toList());

            SuiteRun run = new SuiteRun(options, placement, launchers, out, mock, near, targets, fdLimit);
            warmUp(run);
            for (SuiteOptions.ScenarioId id : options.scenarios()) {
                out.println("scenario " + id.id());
                try {
                    switch (id) {
                        case A -> LatencyScenario.run(run);
                        case B -> ThroughputSearch.run(run);
                        case C -> LlmuxScenario.run(run);
                        case D -> StreamScenario.run(run);
                        case E -> MemoryScenario.run(run);
                        case F -> ColdStartScenario.run(run);
                        case WRK -> WrkScenario.run(run);
                    }
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    out.println("scenario " + id.id() + " failed: " + e);
                    run.newResult(id.id(), "failed").note("failed: " + firstLine(String.valueOf(e)));
                }
            }
            results = run.results();
            env.put("load average after", loadAverage());
        } finally {
            for (int i = children.size() - 1; i >= 0; i--) {
                ChildProcess c = children.get(i);
                int code = c.stop();
                if (Target.GATEWAY.equals(c.name())) {
                    env.put("gateway exit", Integer.toString(code));
                    if (c.output().stream().anyMatch(l -> l.contains("LEAK:"))) {
                        env.put("gateway leak report", "yes: see gateway.log");
                    }
                }
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // already shutting down: the hook stops whatever is left
            }
        }
        SuiteReport report = new SuiteReport(env, targetNames, results);
        String table = report.table();
        out.println();
        out.print(table);
        Files.writeString(dir.resolve("table.txt"), table);
        report.writeJson(dir.resolve("results.json"));
        out.println();
        out.println("written: " + dir.resolve("table.txt") + ", " + dir.resolve("results.json")
                + ", suite.log, runs/, process logs");
        return report;
    }

    /**
     * Unmeasured load on every target — slices of non-stream then stream requests — until it is
     * warm: at least the profile's warm-up, non-stream throughput within 5% of the previous slice,
     * and (for the gateway) its JIT compiler threads idle, below 2% of the slice. On one contended
     * core the JIT can need far longer than on a quiet machine, and while it compiles it takes the
     * event loop's CPU. At most six times the profile's warm-up.
     */
    private static void warmUp(SuiteRun run) throws InterruptedException {
        Profile p = run.profile;
        boolean adaptive = p != Profile.SMOKE;
        Duration slice = adaptive ? Duration.ofMillis(Math.min(2000, Math.max(500, p.warmup().toMillis() / 2)))
                : p.warmup();
        Duration streamSlice = adaptive ? Duration.ofMillis(Math.max(300, slice.toMillis() / 2)) : p.warmupStream();
        long minMs = p.warmup().toMillis();
        long maxMs = adaptive ? 6 * minMs : minMs;
        run.out.println("warm-up: at least " + p.warmup() + " per target, until throughput is stable and the JIT idle"
                + " (at most " + maxMs / 1000 + " s)");
        for (Target t : run.targets) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  warm-up %-8s", t.name()));
            double previous = Double.NaN;
            long spent = 0;
            while (true) {
                long jit0 = t.isProxy() ? ProcStats.compilerNanos(t.process().pid()) : 0;
                long t0 = System.nanoTime();
                LoadResult r = LoadGenerator.run(run.load(t).concurrency(Profile.WARMUP_CONCURRENCY).duration(slice)
                        .build());
                LoadGenerator.run(run.load(t).concurrency(Profile.WARMUP_CONCURRENCY).duration(streamSlice)
                        .stream(true).build());
                long wall = System.nanoTime() - t0;
                double jitShare = t.isProxy() ? (ProcStats.compilerNanos(t.process().pid()) - jit0) / (double) wall : 0;
                spent += slice.toMillis() + streamSlice.toMillis();
                double rps = r.requestsPerSecond();
                line.append(String.format(Locale.ROOT, " %,.0f", rps));
                if (jitShare >= 0.02) {
                    line.append(String.format(Locale.ROOT, " (jit %.0f%%)", jitShare * 100));
                }
                boolean stable = !Double.isNaN(previous) && Math.abs(rps - previous) <= 0.05 * previous
                        && jitShare < 0.02;
                if (spent >= maxMs || spent >= minMs && stable) {
                    line.append(stable || !adaptive ? " req/s: warm" : " req/s: not stable (the machine is busy)");
                    break;
                }
                previous = rps;
            }
            run.out.println(line);
        }
    }

    /** Everything printed goes to the console and to {@code suite.log}. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }

    private static Map<String, String> environment(SuiteOptions options, Placement placement, long fdLimit) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("started", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        env.put("profile", options.profile().name());
        env.put("rounds", Integer.toString(options.rounds()));
        env.put("scenarios", options.scenarios().stream().map(SuiteOptions.ScenarioId::id).toList().toString());
        env.put("machine", String.format(Locale.ROOT, "%d CPUs (%s), %s RAM, Linux %s, %s %s",
                Contention.cpuCount(), cpuModel(), memTotal(), System.getProperty("os.version"),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version")));
        env.put("placement", placement.describe());
        env.put("gateway", options.gatewayJar() + ", io_threads " + placement.proxyThreads() + ", JVM options "
                + (options.gatewayJavaOptions().isEmpty() ? "(none: JVM defaults)"
                        : String.join(" ", options.gatewayJavaOptions())));
        env.put("nginx", options.nginx() == null ? "not used (not found, or --no-nginx)"
                : firstLine(output(List.of(options.nginx(), "-v"))) + ", worker_processes "
                        + placement.proxyThreads() + ", keepalive 64");
        env.put("wrk", options.wrk() == null ? "not found" : firstLine(output(List.of(options.wrk(), "--version"))));
        env.put("open file limit", Long.toString(fdLimit));
        env.put("load average before", loadAverage());
        String commit = firstLine(output(List.of("git", "rev-parse", "--short", "HEAD")));
        if (!commit.isEmpty() && !commit.contains(" ")) {
            env.put("commit", commit);
        }
        return env;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.0f GiB", kib / 1048576.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "?";
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String output(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
