package io.llmgateway.bench.suite;

import io.llmgateway.bench.load.LoadGenerator;
import io.llmgateway.bench.load.LoadOptions;
import io.llmgateway.bench.load.LoadReport;
import io.llmgateway.bench.load.LoadResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the scenarios share while the suite runs: the options, the running targets, the results
 * so far, and {@link #measure}, the one way a scenario runs load (it records contention, writes the
 * run's JSON under {@code runs/} and prints a progress line). Used by the suite's one thread.
 */
final class SuiteRun {

    /** Contention keys of {@link ScenarioResult#contention}. */
    static final String FOREIGN_CPU = "CPU used by other processes, cores";
    static final String QUIET_WAIT = "wait for a quiet machine, s";

    final SuiteOptions options;
    final Profile profile;
    final Placement placement;
    final Launchers launchers;
    final Path outDir;
    final PrintStream out;
    final ChildProcess mock;
    final int mockPort;
    /** The mock on the proxy CPUs for scenario a3, or {@code null}. */
    final Launchers.Started nearMock;
    final List<Target> targets;
    final long openFileLimit;
    private final List<ScenarioResult> results = new ArrayList<>();
    private Contention lastContention;
    private int runCounter;

    SuiteRun(SuiteOptions options, Placement placement, Launchers launchers, PrintStream out, Launchers.Started mock,
             Launchers.Started nearMock, List<Target> targets, long openFileLimit) {
        this.options = options;
        this.profile = options.profile();
        this.placement = placement;
        this.launchers = launchers;
        this.outDir = options.outDir();
        this.out = out;
        this.mock = mock.process();
        this.mockPort = mock.port();
        this.nearMock = nearMock;
        this.targets = List.copyOf(targets);
        this.openFileLimit = openFileLimit;
    }

    int rounds() {
        return options.rounds();
    }

    /** The targets in the order of round {@code round}: rotated by one each round, so none is always first. */
    List<Target> rotation(int round) {
        List<Target> order = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            order.add(targets.get((i + round) % targets.size()));
        }
        return order;
    }

    List<Target> proxies() {
        return targets.stream().filter(Target::isProxy).toList();
    }

    Target target(String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    ScenarioResult newResult(String id, String title) {
        ScenarioResult r = new ScenarioResult(id, title);
        results.add(r);
        return r;
    }

    List<ScenarioResult> results() {
        return List.copyOf(results);
    }

    /** A load builder aimed at {@code target}'s chat completions with the suite's defaults. */
    LoadOptions.Builder load(Target target) {
        return LoadOptions.builder(target.chatUrl())
                .timeout(Duration.ofSeconds(30))
                .connectTimeout(Duration.ofSeconds(30));
    }

    /** Pids of every process of the benchmark: this JVM, the mock, the proxies. */
    List<Long> ourPids() {
        List<Long> pids = new ArrayList<>();
        pids.add(ProcessHandle.current().pid());
        pids.add(mock.pid());
        if (nearMock != null) {
            pids.add(nearMock.process().pid());
        }
        for (Target t : proxies()) {
            pids.add(t.process().pid());
        }
        return pids;
    }

    /**
     * Runs {@code options} against {@code target}, records contention into {@code into}, writes
     * {@code runs/<label>-<target>.json} and prints one line.
     */
    LoadResult measure(ScenarioResult into, String label, Target target, LoadOptions options)
            throws InterruptedException, IOException {
        checkAlive(target, label);
        awaitQuiet(into);
        Contention.Start start = Contention.start(ourPids(), target.isProxy() ? target.process().pid() : -1);
        LoadResult r = LoadGenerator.run(options);
        Contention c = start.end();
        lastContention = c;
        into.contention(FOREIGN_CPU, c.foreignCores());
        if (target.isProxy()) {
            into.contention(target.name() + " run-queue wait", c.proxyWaitShare());
        }
        Path runs = outDir.resolve("runs");
        Files.createDirectories(runs);
        LoadReport.writeJson(r, runs.resolve(String.format(Locale.ROOT, "%03d-%s-%s.json", ++runCounter, label,
                target.name())));
        progress(label, target, r, c);
        return r;
    }

    /**
     * Fails when the process under test has exited (on the shared machine something else may stop
     * it), instead of measuring connection errors.
     */
    void checkAlive(Target target, String label) {
        if (target.isProxy() && !target.process().isAlive()) {
            throw new IllegalStateException(target.name() + " exited before " + label + " (see its log; it was not"
                    + " stopped by the suite)");
        }
        if (!mock.isAlive()) {
            throw new IllegalStateException("the mock exited before " + label);
        }
    }

    /** What the last {@link #measure} saw of the rest of the machine and of the proxy's CPU. */
    Contention lastContention() {
        return lastContention;
    }

    /**
     * Records the proxy's CPU microseconds per request of the last open-loop run into the row
     * {@code label} (every request sent counts, warm-up included: the CPU was measured over both).
     */
    void recordCpuPerRequest(ScenarioResult into, String label, Target target, int round, LoadResult r) {
        if (!target.isProxy() || lastContention == null || lastContention.proxyCpuNanos() < 0 || !r.options().isOpenLoop()) {
            return;
        }
        double rate = r.options().rate();
        double sent = Math.ceil(rate * r.options().warmup().toNanos() / 1e9) + r.requests();
        if (sent > 0) {
            into.metric(label, "us", Metric.Kind.COST).put(target.name(), round,
                    lastContention.proxyCpuNanos() / 1000.0 / sent);
        }
    }

    /**
     * Waits, up to the profile's {@code quietWait}, until processes outside the benchmark use less
     * than {@link Profile#QUIET_CORES} of CPU over half a second: other people's builds share the
     * machine, and a run that starts during one measures the build. Runs that still start on a busy
     * machine are visible in the contention notes.
     */
    void awaitQuiet(ScenarioResult into) throws InterruptedException {
        long max = profile.quietWait().toNanos();
        if (max <= 0) {
            return;
        }
        long start = System.nanoTime();
        double foreign;
        do {
            Contention.Start s = Contention.start(ourPids(), -1);
            Thread.sleep(500);
            foreign = s.end().foreignCores();
        } while (!(Double.isNaN(foreign) || foreign < Profile.QUIET_CORES) && System.nanoTime() - start < max);
        double waited = (System.nanoTime() - start) / 1e9;
        into.contention(QUIET_WAIT, waited);
        if (waited > 1) {
            out.printf(Locale.ROOT, "  (waited %.1f s for other processes to leave the CPUs%s)%n", waited,
                    foreign < Profile.QUIET_CORES ? "" : String.format(Locale.ROOT, "; still %.2f cores busy", foreign));
        }
    }

    /**
     * Notes in {@code into} when an open-loop run delivered less than 95% of its offered rate: the
     * target (or, for direct, the load side itself) was saturated, and its percentiles measure a
     * queue, not a proxy.
     */
    void checkDelivered(ScenarioResult into, String label, Target target, LoadResult r) {
        double offered = r.options().rate();
        if (offered <= 0) {
            return;
        }
        // Count the requests sent in the measured window: a long answer (a stream) ends after it,
        // so requests per elapsed second would understate what was delivered.
        double expected = offered * r.options().duration().toNanos() / 1e9;
        if (expected > 0 && r.ok() < Profile.SEARCH_MIN_DELIVERED * expected) {
            into.note(String.format(Locale.ROOT, "%s %s completed %,d of %,.0f requests offered: saturated%s", label,
                    target.name(), r.ok(), expected,
                    target.isProxy() ? "" : " (direct: the load generator and mock on their shared CPUs)"));
        }
    }

    private void progress(String label, Target target, LoadResult r, Contention c) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "  %-14s %-8s %,10.0f req/s", label, target.name(), r.requestsPerSecond()));
        if (r.ttft().getTotalCount() > 0) {
            sb.append(String.format(Locale.ROOT, "  ttft p50 %.3f p99 %.3f  gap p50 %.3f p99 %.3f ms",
                    ScenarioResult.percentileMs(r.ttft(), 50), ScenarioResult.percentileMs(r.ttft(), 99),
                    ScenarioResult.percentileMs(r.gap(), 50), ScenarioResult.percentileMs(r.gap(), 99)));
        } else {
            sb.append(String.format(Locale.ROOT, "  p50 %.3f p99 %.3f ms", ScenarioResult.percentileMs(r.latency(), 50),
                    ScenarioResult.percentileMs(r.latency(), 99)));
        }
        sb.append(String.format(Locale.ROOT, "  errors %d  other cpu %.2f", r.errors(), c.foreignCores()));
        if (!Double.isNaN(c.proxyWaitShare())) {
            sb.append(String.format(Locale.ROOT, "  %s rq-wait %.0f%%", target.name(), c.proxyWaitShare() * 100));
        }
        out.println(sb);
    }
}
