package io.llmgateway.bench.suite;

import io.llmgateway.bench.load.LoadResult;
import java.time.Duration;
import java.util.Locale;

/**
 * Scenario d: many concurrent streams of paced events. The mock sends the head and the first
 * content event at once, then one event every 20 ms; a proxy shows in the time to first token
 * (from the intended send) and in the gap between events. The streams are started by an open loop
 * at {@code streams / stream duration} per second, so about {@code streams} are open at any
 * moment and their events are spread in time, not fired in lock-step bursts as a closed loop of
 * simultaneous starts would.
 */
final class StreamScenario {

    private StreamScenario() {
    }

    static void run(SuiteRun run) throws Exception {
        Profile p = run.profile;
        run(run, "d", p.streams());
        if (p.fewStreams() > 0) {
            run(run, "d2", p.fewStreams());
        }
    }

    /**
     * One stream scenario; d2 repeats d with fewer streams because one core cannot run the load
     * generator and the mock for 1,000 paced streams (50,000 events/s): when direct itself is
     * saturated, d's "added" figures compare queues, and only d2's describe the proxy.
     */
    private static void run(SuiteRun run, String id, int streams) throws Exception {
        Profile p = run.profile;
        double streamSeconds = p.streamChunks() * Profile.STREAM_INTERVAL_MS / 1000.0;
        double rate = streams / streamSeconds;
        int connections = (int) Math.ceil(streams * 1.3);
        Duration warmup = Duration.ofMillis((long) (streamSeconds * 1000)).plus(p.runWarmup());
        ScenarioResult d = run.newResult(id, String.format(Locale.ROOT, "%,d concurrent streams, %d events %d ms apart",
                streams, p.streamChunks(), Profile.STREAM_INTERVAL_MS));
        for (int round = 0; round < run.rounds(); round++) {
            for (Target t : run.rotation(round)) {
                LoadResult r = run.measure(d, id + "-r" + (round + 1), t, run.load(t)
                        .stream(true).concurrency(connections).rate(rate).duration(p.streamRun()).warmup(warmup)
                        .header("x-mock-chunks", Integer.toString(p.streamChunks()))
                        .header("x-mock-chunk-interval-ms", Integer.toString(Profile.STREAM_INTERVAL_MS))
                        .build());
                run.checkDelivered(d, id + "-r" + (round + 1), t, r);
                run.recordCpuPerRequest(d, "proxy CPU per stream", t, round, r);
                // Completed streams per second of the measured window (each ends up to 1.28 s after it).
                d.metric("streams", ScenarioResult.RPS, Metric.Kind.THROUGHPUT).put(t.name(), round,
                        r.ok() / (p.streamRun().toNanos() / 1e9));
                d.metric("ttft p50", ScenarioResult.MS, Metric.Kind.LATENCY)
                        .put(t.name(), round, ScenarioResult.percentileMs(r.ttft(), 50));
                d.metric("ttft p99", ScenarioResult.MS, Metric.Kind.LATENCY)
                        .put(t.name(), round, ScenarioResult.percentileMs(r.ttft(), 99));
                d.metric("gap p50", ScenarioResult.MS, Metric.Kind.LATENCY)
                        .put(t.name(), round, ScenarioResult.percentileMs(r.gap(), 50));
                d.metric("gap p99", ScenarioResult.MS, Metric.Kind.LATENCY)
                        .put(t.name(), round, ScenarioResult.percentileMs(r.gap(), 99));
                d.addErrors(t.name(), round, r);
            }
        }
        // In any round: a saturated baseline makes that round's differences meaningless.
        double directTtft = d.metric("ttft p50").stats(Target.DIRECT).max();
        if (directTtft > Profile.STREAM_INTERVAL_MS) {
            d.unsound(String.format(Locale.ROOT, "direct's own time to first token reached %.0f ms (p50 of a round): the"
                    + " load generator and mock cannot keep up with %,d streams on their CPU, so these rows compare"
                    + " queues, not proxies", directTtft, streams));
        }
        d.note(String.format(Locale.ROOT, "open loop: %.1f streams/s of %.2f s each over %,d connections, %s measured"
                + " after %s; ttft from the intended start", rate, streamSeconds, connections, p.streamRun(), warmup));
    }
}
