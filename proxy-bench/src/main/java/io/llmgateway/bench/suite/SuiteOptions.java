package io.llmgateway.bench.suite;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The suite's command line, parsed and validated; immutable.
 *
 * <pre>
 * bench suite [a b c d e f wrk | all] [--quick | --smoke] [--rounds N] [--out DIR]
 *             [--gateway-jar FILE] [--gateway-java-opts "..."] [--load-cpus 0 --proxy-cpus 1]
 *             [--nginx FILE | --no-nginx] [--wrk FILE | --no-wrk] [--wrk-scripts DIR]
 *             [--memory-streams N]
 * </pre>
 */
record SuiteOptions(Set<ScenarioId> scenarios, Profile profile, int rounds, Path outDir, Path gatewayJar,
                    List<String> gatewayJavaOptions, String benchClasspath, String loadCpus, String proxyCpus,
                    String nginx, String wrk, Path wrkScripts, int memoryStreams) {

    static final String USAGE = String.join(System.lineSeparator(),
            "bench suite [scenarios] [options]  start mock, gateway and nginx, measure, print one table",
            "  scenarios                 a b c d e f wrk, or all (default: all)",
            "    a  added latency: concurrency 1 (closed loop) and a fixed open-loop rate, zero-latency mock;",
            "       a3: concurrency 1 again with a second mock on the proxy's CPU",
            "    b  highest open-loop rate with p99 <= direct p99 + 5 ms, zero-latency mock",
            "    c  the LLMux run: 100 closed-loop clients, 50 ms mock latency, 10,000 requests",
            "    d  1,000 concurrent streams of 64 events 20 ms apart: time to first token, gap between events;",
            "       then 200 streams (d2), few enough for the load generator and mock to keep up with",
            "    e  10,000 concurrent open streams: proxy RSS and heap",
            "    f  cold start: process start to /health/ready 200 (median of 5)",
            "    wrk  wrk through gateway, direct and nginx, non-stream and stream (scripts/wrk/*.lua)",
            "  --quick                   same scenarios, short runs, 2 rounds",
            "  --smoke                   seconds; proves the pipeline works (BenchSmokeIT)",
            "  --rounds N                interleaved measurements per target (3)",
            "  --out DIR                 results directory (bench-results/<timestamp>)",
            "  --gateway-jar FILE        the gateway fat jar (proxy-core/target/llm-gateway.jar)",
            "  --gateway-java-opts OPTS  JVM options of the gateway, e.g. \"-Xmx256m\" (none: JVM defaults)",
            "  --load-cpus L --proxy-cpus L   taskset CPU lists (scripts/bench sets them; default: not pinned)",
            "  --nginx FILE | --no-nginx nginx binary (found on PATH or in /usr/sbin; skipped when absent)",
            "  --wrk FILE | --no-wrk     wrk binary (found on PATH; the wrk scenario is skipped when absent)",
            "  --wrk-scripts DIR         the Lua scripts of the wrk scenario (scripts/wrk)",
            "  --memory-streams N        open streams of scenario e (10000; capped by the open-file limit)");

    private static final Set<String> OPTIONS = Set.of("rounds", "out", "gateway-jar", "gateway-java-opts",
            "bench-classpath", "load-cpus", "proxy-cpus", "nginx", "wrk", "wrk-scripts", "memory-streams", "profile");
    private static final Set<String> FLAGS = Set.of("quick", "smoke", "no-nginx", "no-wrk");

    SuiteOptions {
        scenarios = scenarios.isEmpty() ? EnumSet.noneOf(ScenarioId.class) : EnumSet.copyOf(scenarios);
        gatewayJavaOptions = List.copyOf(gatewayJavaOptions);
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds: " + rounds + " (expected: > 0)");
        }
        if (memoryStreams < 1) {
            throw new IllegalArgumentException("--memory-streams: " + memoryStreams + " (expected: > 0)");
        }
    }

    static SuiteOptions parse(List<String> args) {
        EnumSet<ScenarioId> scenarios = EnumSet.noneOf(ScenarioId.class);
        java.util.Map<String, String> values = new java.util.HashMap<>();
        Set<String> flags = new java.util.HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                if ("all".equalsIgnoreCase(arg)) {
                    scenarios.addAll(EnumSet.allOf(ScenarioId.class));
                } else {
                    scenarios.add(ScenarioId.parse(arg));
                }
                continue;
            }
            String name = arg.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (FLAGS.contains(name)) {
                flags.add(name);
            } else if (OPTIONS.contains(name)) {
                if (inline == null) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--" + name + ": missing value");
                    }
                    inline = args.get(++i);
                }
                values.put(name, inline);
            } else {
                throw new IllegalArgumentException("unknown option: --" + name);
            }
        }
        if (scenarios.isEmpty()) {
            scenarios.addAll(EnumSet.allOf(ScenarioId.class));
        }
        if (flags.contains("quick") && flags.contains("smoke")) {
            throw new IllegalArgumentException("--quick and --smoke: choose one");
        }
        Profile profile = flags.contains("smoke") ? Profile.SMOKE
                : flags.contains("quick") ? Profile.QUICK
                : Profile.named(values.getOrDefault("profile", "full"));
        int rounds = intValue(values, "rounds", profile.rounds());
        Path out = values.containsKey("out") ? Path.of(values.get("out"))
                : Path.of("bench-results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        String nginx = flags.contains("no-nginx") ? null : values.getOrDefault("nginx", Tools.find("nginx"));
        String wrk = flags.contains("no-wrk") ? null : values.getOrDefault("wrk", Tools.find("wrk"));
        String javaOpts = values.getOrDefault("gateway-java-opts", "").trim();
        return new SuiteOptions(scenarios, profile, rounds, out,
                Path.of(values.getOrDefault("gateway-jar", "proxy-core/target/llm-gateway.jar")),
                javaOpts.isEmpty() ? List.of() : Arrays.asList(javaOpts.split("\\s+")),
                values.getOrDefault("bench-classpath", System.getProperty("java.class.path")),
                values.getOrDefault("load-cpus", ""), values.getOrDefault("proxy-cpus", ""),
                nginx, wrk, Path.of(values.getOrDefault("wrk-scripts", "scripts/wrk")),
                intValue(values, "memory-streams", profile.memoryStreams()));
    }

    /** The targets every load scenario measures, in the order of the first round. */
    List<String> targetNames() {
        List<String> names = new ArrayList<>(List.of(Target.DIRECT, Target.GATEWAY));
        if (nginx != null) {
            names.add(Target.NGINX);
        }
        return names;
    }

    private static int intValue(java.util.Map<String, String> values, String name, int fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": " + v + " (expected: an integer)", e);
        }
    }

    /** The scenarios, in the order they run. */
    enum ScenarioId {
        A, B, C, D, E, F, WRK;

        static ScenarioId parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scenario: " + text + " (expected: a, b, c, d, e, f, wrk or all)", e);
            }
        }

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
