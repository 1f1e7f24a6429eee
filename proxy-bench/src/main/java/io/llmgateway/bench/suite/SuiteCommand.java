package io.llmgateway.bench.suite;

import java.util.List;

/** {@code bench suite ...}: the benchmark suite behind {@code scripts/bench}. */
public final class SuiteCommand {

    public static final String USAGE = SuiteOptions.USAGE;

    private SuiteCommand() {
    }

    /** Parses {@code args}, runs the suite and prints the table; bad arguments throw {@link IllegalArgumentException}. */
    public static void run(List<String> args) throws Exception {
        if (args.contains("--help") || args.contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        Suite.run(SuiteOptions.parse(args), System.out);
    }
}
