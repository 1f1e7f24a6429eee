package io.llmgateway.bench.suite;

import java.time.Duration;

/**
 * How long and how big each scenario runs. {@link #FULL} is what BENCHMARKS.md reports,
 * {@link #QUICK} is the same shape in a few minutes, {@link #SMOKE} only proves the pipeline works
 * (BenchSmokeIT). Every size and duration of the suite is here, in one place.
 *
 * @param rounds            measurements per target, interleaved with the other targets
 * @param warmup            unmeasured non-stream load per target before the first scenario
 * @param warmupStream      unmeasured stream load per target before the first scenario
 * @param latencyRun        a1 (closed loop, concurrency 1) and a2 (open loop) per measurement
 * @param runWarmup         unmeasured start of every measured run
 * @param openRate          a2's fixed rate, requests/s
 * @param searchBaseline    b: direct run that fixes the p99 bound
 * @param searchStep        b: one probe of the rate search
 * @param searchBisections  b: probes between the last passing and the first failing rate
 * @param llmuxRequests     c: measured requests (the LLMux run used 10,000)
 * @param streams           d: concurrent streams
 * @param streamChunks      d: content events per stream, {@link #STREAM_INTERVAL_MS} apart
 * @param fewStreams        d2: concurrent streams few enough for the load side to keep up with
 *                          (0: no d2), so that added time to first token has a sound baseline
 * @param streamRun         d: measured period
 * @param memoryStreams     e: open streams (fewer when the file-descriptor limit is lower)
 * @param memoryChunks      e: events per stream, one a second (how long the streams stay open)
 * @param coldStarts        f: starts per target
 * @param wrkRun            wrk: one run
 * @param quietWait         longest wait, before each measured run, for other processes to leave the
 *                          CPUs ({@link #QUIET_CORES}); zero: never wait
 */
record Profile(String name, int rounds, Duration warmup, Duration warmupStream, Duration latencyRun,
               Duration runWarmup, double openRate, Duration searchBaseline, Duration searchStep,
               int searchBisections, int llmuxRequests, int streams, int streamChunks, int fewStreams, Duration streamRun, int memoryStreams,
               int memoryChunks, int coldStarts, Duration wrkRun, Duration quietWait) {

    static final Profile FULL = new Profile("full", 3, Duration.ofSeconds(10), Duration.ofSeconds(4),
            Duration.ofSeconds(10), Duration.ofSeconds(1), 2000, Duration.ofSeconds(5), Duration.ofSeconds(3),
            3, 10_000, 1000, 64, 200, Duration.ofSeconds(15), 10_000, 20, 5, Duration.ofSeconds(10), Duration.ofSeconds(15));

    static final Profile QUICK = new Profile("quick", 2, Duration.ofSeconds(6), Duration.ofSeconds(2),
            Duration.ofSeconds(3), Duration.ofMillis(500), 2000, Duration.ofSeconds(2), Duration.ofMillis(1500),
            2, 3000, 300, 64, 100, Duration.ofSeconds(5), 2000, 12, 3, Duration.ofSeconds(3), Duration.ofSeconds(10));

    static final Profile SMOKE = new Profile("smoke", 1, Duration.ofMillis(300), Duration.ofMillis(200),
            Duration.ofMillis(700), Duration.ofMillis(100), 500, Duration.ofMillis(800), Duration.ofMillis(600),
            1, 300, 20, 8, 0, Duration.ofMillis(800), 200, 5, 1, Duration.ofSeconds(1), Duration.ZERO);

    /** Pause between the events of a stream in d: 64 of them make a 1.28 s answer. */
    static final int STREAM_INTERVAL_MS = 20;
    /** Mock latency of c, the LLMux scenario. */
    static final int LLMUX_LATENCY_MS = 50;
    static final int LLMUX_CONCURRENCY = 100;
    /** Connections of a2's open loop and of b's rate search (enough that none waits for a free one). */
    static final int OPEN_LOOP_CONNECTIONS = 16;
    static final int SEARCH_CONNECTIONS = 256;
    /** b: first probed rate, growth factor until a probe fails, slack over the direct p99. */
    static final double SEARCH_START_RATE = 4000;
    static final double SEARCH_FACTOR = 1.5;
    static final double SEARCH_P99_SLACK_MS = 5;
    /** b: a probe passes only if it delivered this share of the offered rate. */
    static final double SEARCH_MIN_DELIVERED = 0.95;
    static final int WRK_CONNECTIONS = 64;
    static final int WARMUP_CONCURRENCY = 16;
    /** A measured run starts once other processes use less CPU than this, in cores (or {@code quietWait} passed). */
    static final double QUIET_CORES = 0.3;

    static Profile named(String name) {
        return switch (name) {
            case "full" -> FULL;
            case "quick" -> QUICK;
            case "smoke" -> SMOKE;
            default -> throw new IllegalArgumentException("profile: " + name + " (expected: full, quick or smoke)");
        };
    }
}
