package io.llmgateway.bench.suite;

import io.llmgateway.bench.load.LoadGenerator;
import io.llmgateway.bench.load.LoadOptions;
import io.llmgateway.bench.load.LoadReport;
import io.llmgateway.bench.load.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Scenario e: the memory a proxy needs for many open streams. Every connection of a closed loop
 * opens one slow stream (one event a second), so all of them are open at once; once the proxy
 * holds a descriptor for each client and each upstream connection, its resident set
 * ({@code VmRSS}, the master and workers together for nginx) and, for the gateway, its Java heap
 * ({@code jstat}; then again after a forced full GC: the live set) are sampled.
 *
 * <p>Each stream costs the proxy two file descriptors, so the stream count is capped by the
 * open-file limit the suite inherited ({@code ulimit -n}, raised by {@code scripts/bench} as far as
 * the hard limit allows); the report says when the cap applied and extrapolates linearly from the
 * measured per-stream cost.
 */
final class MemoryScenario {

    /**
     * Descriptors a process needs besides its connections (jars, epoll, pipes, logs, idle pooled
     * upstream connections, listeners): nginx ran out with 256 to spare.
     */
    private static final int FD_RESERVE = 512;
    private static final int GOAL_STREAMS = 10_000;
    private static final double KIB_PER_MB = 1e6 / 1024;

    private MemoryScenario() {
    }

    /** Streams the descriptor limit allows: two per stream in the proxy, one in this JVM. */
    static int streamsFor(int wanted, long openFileLimit) {
        if (openFileLimit <= 0 || openFileLimit == Long.MAX_VALUE) {
            return wanted;
        }
        return (int) Math.max(0, Math.min(wanted, (openFileLimit - FD_RESERVE) / 2));
    }

    static void run(SuiteRun run) throws Exception {
        Profile p = run.profile;
        int streams = streamsFor(run.options.memoryStreams(), run.openFileLimit);
        ScenarioResult e = run.newResult("e", String.format(Locale.ROOT, "memory with %,d open streams", streams));
        if (streams < 100) {
            e.note("skipped: the open-file limit (" + run.openFileLimit + ") allows only " + streams + " streams");
            return;
        }
        if (streams < run.options.memoryStreams()) {
            e.note(String.format(Locale.ROOT, "%,d streams, not %,d: the open-file limit is %,d and each stream holds"
                            + " 2 descriptors in the proxy (raise ulimit -n; see BENCHMARKS.md)", streams,
                    run.options.memoryStreams(), run.openFileLimit));
        }
        e.note(String.format(Locale.ROOT, "each stream: %d events 1 s apart; sampled once every stream is open;"
                + " MB = 10^6 bytes", p.memoryChunks()));
        for (Target t : run.proxies()) {
            measure(run, e, t, streams, "");
        }
        // The running gateway has grown its heap through the scenarios before this one; a fresh
        // process shows what the streams themselves cost from a clean start.
        Path dir = run.outDir.resolve("e-fresh");
        Launchers.Started fresh = run.launchers.startGateway(run.mockPort, -1, dir, "gateway-fresh");
        try {
            Target t = new Target(Target.GATEWAY, fresh.port(), fresh.process());
            LoadGenerator.run(run.load(t).concurrency(Profile.WARMUP_CONCURRENCY).duration(Duration.ofSeconds(1)).build());
            measure(run, e, t, streams, "fresh process: ");
        } finally {
            fresh.process().stop();
        }
        e.note("rows 'fresh process' come from a second gateway started for this scenario, after 1 s of light load");
    }

    private static void measure(SuiteRun run, ScenarioResult e, Target t, int streams, String prefix)
            throws Exception {
        long pid = t.process().pid();
        boolean jvm = Target.GATEWAY.equals(t.name());
        long idleRss = ProcStats.treeRssKib(pid);
        int idleFds = ProcStats.treeOpenFds(pid);
        JvmHeap idleHeap = jvm ? JvmHeap.sample(pid) : JvmHeap.UNKNOWN;
        int chunks = run.profile.memoryChunks();
        LoadOptions options = run.load(t).stream(true).concurrency(streams).requests(streams)
                .timeout(Duration.ofSeconds(chunks + 60L)).connectTimeout(Duration.ofSeconds(60))
                .header("x-mock-chunks", Integer.toString(chunks))
                .header("x-mock-chunk-interval-ms", "1000").build();
        long started = System.nanoTime();
        CompletableFuture<LoadResult> load = CompletableFuture.supplyAsync(() -> {
            try {
                return LoadGenerator.run(options);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        });

        // Every open stream holds a client and an upstream connection; pooled idle upstream
        // connections are reused, so allow for those.
        int allowance = 64 * run.placement.proxyThreads() + streams / 100;
        long deadline = started + TimeUnit.SECONDS.toNanos(Math.max(2, chunks - 4));
        int fds = idleFds;
        while (System.nanoTime() - deadline < 0 && !load.isDone()) {
            fds = Math.max(fds, ProcStats.treeOpenFds(pid));
            if (fds >= idleFds + 2L * streams - allowance) {
                break;
            }
            Thread.sleep(200);
        }
        double openAfter = (System.nanoTime() - started) / 1e9;
        Thread.sleep(1000);
        fds = ProcStats.treeOpenFds(pid);
        long rss = ProcStats.treeRssKib(pid);
        JvmHeap heap = jvm ? JvmHeap.sample(pid) : JvmHeap.UNKNOWN;
        JvmHeap live = JvmHeap.UNKNOWN;
        if (jvm && JvmHeap.fullGc(pid)) {
            live = JvmHeap.sample(pid);
        }
        long peak = jvm ? ProcStats.peakRssKib(pid) : -1;
        LoadResult r = load.get(chunks + 120L, TimeUnit.SECONDS);
        Files.createDirectories(run.outDir.resolve("runs"));
        LoadReport.writeJson(r, run.outDir.resolve("runs").resolve("e-" + t.name() + (prefix.isEmpty() ? "" : "-fresh")
                + ".json"));

        int opened = Math.max(0, (fds - idleFds) / 2);
        String n = t.name();
        e.metric(prefix + "descriptors opened / 2", "", Metric.Kind.PLAIN).put(n, 0, opened);
        e.metric(prefix + "RSS idle", "MB", Metric.Kind.PLAIN).put(n, 0, idleRss / KIB_PER_MB);
        e.metric(prefix + "RSS streams open", "MB", Metric.Kind.PLAIN).put(n, 0, rss / KIB_PER_MB);
        double perStream = (rss - idleRss) * 1024.0 / streams / 1000;
        e.metric(prefix + "RSS per stream", "kB", Metric.Kind.PLAIN).put(n, 0, perStream);
        if (streams < GOAL_STREAMS) {
            e.metric(prefix + "RSS at 10,000 (extrapolated)", "MB", Metric.Kind.PLAIN)
                    .put(n, 0, (idleRss * 1024.0 + (rss - idleRss) * 1024.0 / streams * GOAL_STREAMS) / 1e6);
        }
        if (jvm) {
            e.metric(prefix + "peak RSS (VmHWM)", "MB", Metric.Kind.PLAIN).put(n, 0, peak / KIB_PER_MB);
            e.metric(prefix + "heap used idle", "MB", Metric.Kind.PLAIN).put(n, 0, idleHeap.usedKib() / KIB_PER_MB);
            e.metric(prefix + "heap used streams open", "MB", Metric.Kind.PLAIN).put(n, 0, heap.usedKib() / KIB_PER_MB);
            e.metric(prefix + "heap committed", "MB", Metric.Kind.PLAIN).put(n, 0, heap.capacityKib() / KIB_PER_MB);
            e.metric(prefix + "heap live (after full GC)", "MB", Metric.Kind.PLAIN).put(n, 0, live.usedKib() / KIB_PER_MB);
        }
        e.metric(prefix + "errors", "", Metric.Kind.PLAIN).put(n, 0, r.errors());
        run.out.printf(Locale.ROOT, "  e %s%-8s %,d streams open after %.1f s: RSS %.0f -> %.0f MB, heap %s, errors %d%n",
                prefix, n, opened, openAfter, idleRss / KIB_PER_MB, rss / KIB_PER_MB,
                jvm ? String.format(Locale.ROOT, "%.0f MB used, %.0f MB live", heap.usedKib() / KIB_PER_MB,
                        live.usedKib() / KIB_PER_MB) : "n/a", r.errors());
    }
}
