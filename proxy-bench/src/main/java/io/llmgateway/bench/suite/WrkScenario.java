package io.llmgateway.bench.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The wrk measurement: requests/s and latency p50/p99 from {@code wrk} (a closed loop of
 * {@value Profile#WRK_CONNECTIONS} keep-alive connections) through the gateway, straight to the
 * mock and through nginx, for the non-stream request ({@code scripts/wrk/chat.lua}) and the
 * streaming one ({@code scripts/wrk/chat-stream.lua}). The scripts print one JSON line from wrk's
 * {@code done()} hook; wrk runs on the load CPUs, like the load generator. wrk's latency is taken
 * from the actual send (it is subject to coordinated omission; see BENCHMARKS.md).
 */
final class WrkScenario {

    static final String CHAT = "chat.lua";
    static final String STREAM = "chat-stream.lua";

    private WrkScenario() {
    }

    /** One wrk run's figures, from the JSON line of the Lua {@code done()} hook. */
    record WrkResult(long requests, double seconds, double p50Ms, double p99Ms, long errors) {

        double requestsPerSecond() {
            return seconds <= 0 ? 0 : requests / seconds;
        }

        /** Finds the line {@code {"wrk":1,...}} in wrk's output. */
        static WrkResult parse(String output) {
            for (String line : output.split("\\R")) {
                String l = line.trim();
                if (l.startsWith("{") && l.contains("\"wrk\"")) {
                    return new WrkResult(number(l, "requests").longValue(), number(l, "duration_us") / 1e6,
                            number(l, "p50_us") / 1000, number(l, "p99_us") / 1000, number(l, "errors").longValue());
                }
            }
            throw new IllegalStateException("no result line in wrk's output:\n" + output);
        }

        private static Double number(String json, String field) {
            String key = "\"" + field + "\":";
            int i = json.indexOf(key);
            if (i < 0) {
                throw new IllegalStateException("no " + field + " in " + json);
            }
            int start = i + key.length();
            int end = start;
            while (end < json.length() && "-+.0123456789eE".indexOf(json.charAt(end)) >= 0) {
                end++;
            }
            return Double.parseDouble(json.substring(start, end));
        }
    }

    static void run(SuiteRun run) throws Exception {
        ScenarioResult w = run.newResult("wrk", String.format(Locale.ROOT, "wrk, %d connections", Profile.WRK_CONNECTIONS));
        if (run.options.wrk() == null) {
            w.note("skipped: wrk not found (Debian: apt-get install wrk)");
            run.out.println("  wrk: not found, skipped");
            return;
        }
        Path scripts = run.options.wrkScripts();
        for (String s : List.of(CHAT, STREAM)) {
            if (!Files.isRegularFile(scripts.resolve(s))) {
                w.note("skipped: " + scripts.resolve(s) + " is missing (--wrk-scripts)");
                return;
            }
        }
        for (int round = 0; round < run.rounds(); round++) {
            for (Target t : run.rotation(round)) {
                for (String script : List.of(CHAT, STREAM)) {
                    String kind = CHAT.equals(script) ? "json" : "stream";
                    WrkRun run1 = wrk(run, w, round, t, scripts.resolve(script), kind);
                    WrkResult r = run1.result();
                    w.metric(kind + " throughput", ScenarioResult.RPS, Metric.Kind.THROUGHPUT)
                            .put(t.name(), round, r.requestsPerSecond());
                    w.metric(kind + " latency p50", ScenarioResult.MS, Metric.Kind.LATENCY).put(t.name(), round, r.p50Ms());
                    w.metric(kind + " latency p99", ScenarioResult.MS, Metric.Kind.LATENCY).put(t.name(), round, r.p99Ms());
                    w.metric(kind + " errors", "", Metric.Kind.PLAIN).put(t.name(), round, r.errors());
                    if (t.isProxy() && run1.proxyCpuNanos() >= 0 && r.requests() > 0) {
                        w.metric(kind + " proxy CPU per request", "us", Metric.Kind.COST).put(t.name(), round,
                                run1.proxyCpuNanos() / 1000.0 / r.requests());
                    }
                }
            }
        }
        w.note(String.format(Locale.ROOT, "wrk -t%d -c%d -d%ds; json = %s, stream = %s (the mock's default 16-event"
                        + " stream, no pacing); latency from the actual send", run.placement.loadThreads(),
                Profile.WRK_CONNECTIONS, run.profile.wrkRun().toSeconds(), CHAT, STREAM));
    }

    /** A wrk result and the CPU the proxy used meanwhile. */
    private record WrkRun(WrkResult result, long proxyCpuNanos) {
    }

    private static WrkRun wrk(SuiteRun run, ScenarioResult w, int round, Target t, Path script, String kind)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(run.options.wrk(), "-t", Integer.toString(run.placement.loadThreads()),
                "-c", Integer.toString(Profile.WRK_CONNECTIONS), "-d", run.profile.wrkRun().toSeconds() + "s",
                "--timeout", "10s", "-s", script.toString(), t.chatUrl()));
        run.checkAlive(t, "wrk-r" + (round + 1));
        run.awaitQuiet(w);
        Contention.Start start = Contention.start(run.ourPids(), t.isProxy() ? t.process().pid() : -1);
        Process p = new ProcessBuilder(run.placement.onLoadCpus(cmd)).redirectErrorStream(true).start();
        byte[] bytes = p.getInputStream().readAllBytes();
        if (!p.waitFor(run.profile.wrkRun().toSeconds() + 60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("wrk did not finish: " + String.join(" ", cmd));
        }
        Contention c = start.end();
        w.contention(SuiteRun.FOREIGN_CPU, c.foreignCores());
        if (t.isProxy()) {
            w.contention(t.name() + " run-queue wait", c.proxyWaitShare());
        }
        String output = new String(bytes, StandardCharsets.UTF_8);
        Path runs = run.outDir.resolve("runs");
        Files.createDirectories(runs);
        Files.writeString(runs.resolve("wrk-r" + (round + 1) + "-" + kind + "-" + t.name() + ".txt"),
                "$ " + String.join(" ", cmd) + "\n" + output);
        WrkResult r = WrkResult.parse(output);
        run.out.printf(Locale.ROOT, "  wrk-r%d-%-6s %-8s %,10.0f req/s  p50 %.3f p99 %.3f ms  errors %d  other cpu %.2f%n",
                round + 1, kind, t.name(), r.requestsPerSecond(), r.p50Ms(), r.p99Ms(), r.errors(), c.foreignCores());
        return new WrkRun(r, c.proxyCpuNanos());
    }
}
