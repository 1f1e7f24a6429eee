package io.llmgateway.bench.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Java heap of another JVM, read with the JDK's {@code jstat -gc} (capacities and use of the
 * survivor, eden and old spaces, whatever the collector); {@code jcmd <pid> GC.run} forces a full
 * collection so that the next sample shows the live set. Both need a JDK, not a bare JRE.
 *
 * @param usedKib     heap in use, KiB (live objects plus garbage not yet collected)
 * @param capacityKib heap committed, KiB
 */
record JvmHeap(double usedKib, double capacityKib) {

    static final JvmHeap UNKNOWN = new JvmHeap(Double.NaN, Double.NaN);

    static JvmHeap sample(long pid) throws InterruptedException {
        String jstat = Tools.jdkTool("jstat");
        if (jstat == null) {
            return UNKNOWN;
        }
        String out = run(List.of(jstat, "-gc", Long.toString(pid)));
        return out == null ? UNKNOWN : parseJstatGc(out);
    }

    /** Runs a full GC in {@code pid}; false when {@code jcmd} is missing or failed. */
    static boolean fullGc(long pid) throws InterruptedException {
        String jcmd = Tools.jdkTool("jcmd");
        return jcmd != null && run(List.of(jcmd, Long.toString(pid), "GC.run")) != null;
    }

    /** Parses the two lines of {@code jstat -gc}: a header of column names, then the values. */
    static JvmHeap parseJstatGc(String text) {
        String[] lines = text.strip().split("\\R");
        if (lines.length < 2) {
            return UNKNOWN;
        }
        String[] names = lines[lines.length - 2].trim().split("\\s+");
        String[] values = lines[lines.length - 1].trim().split("\\s+");
        double used = 0;
        double capacity = 0;
        try {
            for (int i = 0; i < Math.min(names.length, values.length); i++) {
                // Columns of a collector that does not apply print "-": read only the ones we need.
                switch (names[i]) {
                    case "S0U", "S1U", "EU", "OU" -> used += Double.parseDouble(values[i]);
                    case "S0C", "S1C", "EC", "OC" -> capacity += Double.parseDouble(values[i]);
                    default -> {
                    }
                }
            }
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
        return new JvmHeap(used, capacity);
    }

    private static String run(List<String> command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
