package io.llmgateway.bench;

import io.llmgateway.bench.suite.SuiteCommand;
import java.util.Arrays;
import java.util.List;

/**
 * The bench jar's command line: {@code mock} (a mock upstream), {@code load} (the load generator),
 * {@code flood} (large bodies from many connections, with the target's memory), {@code suite} (the benchmark suite of {@code scripts/bench}), {@code jmh} (JMH with the remaining
 * arguments).
 *
 * <pre>
 * java -jar proxy-bench/target/llm-gateway-bench.jar mock --port 9000 --latency-ms 50 --chunks 64
 * java -jar proxy-bench/target/llm-gateway-bench.jar load --url http://127.0.0.1:9000/v1/chat/completions
 * </pre>
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    /** Runs a sub-command and returns the process exit status. */
    static int run(String[] args) throws Exception {
        if (args.length == 0 || "help".equals(args[0]) || "--help".equals(args[0]) || "-h".equals(args[0])) {
            System.out.println(usage());
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "mock" -> MockCommand.run(rest);
                case "load" -> LoadCommand.run(rest);
                case "flood" -> FloodCommand.run(rest);
                case "suite" -> SuiteCommand.run(rest);
                case "jmh" -> org.openjdk.jmh.Main.main(rest.toArray(String[]::new));
                default -> throw new IllegalArgumentException("unknown command: " + args[0]);
            }
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println();
            System.err.println(usage());
            return 2;
        }
    }

    static String usage() {
        return String.join(System.lineSeparator(),
                "usage: java -jar llm-gateway-bench.jar <command> [options]",
                "",
                MockCommand.USAGE,
                "",
                LoadCommand.USAGE,
                "",
                FloodCommand.USAGE,
                "",
                SuiteCommand.USAGE,
                "",
                "bench jmh [JMH options]          run the JMH benchmarks (e.g. jmh -h, jmh -l)");
    }
}
