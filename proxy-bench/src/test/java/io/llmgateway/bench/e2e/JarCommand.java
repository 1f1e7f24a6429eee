package io.llmgateway.bench.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar llm-gateway.jar <args>} run to its end, for the commands that do not serve
 * (help, version, validate) and for start-ups that must fail. Stdout and stderr are read apart.
 *
 * @param exitCode the process's exit code
 * @param out      what it printed on stdout
 * @param err      what it printed on stderr
 */
record JarCommand(int exitCode, String out, String err) {

    /** Runs the jar with {@code args} and {@code env} added to this environment; fails after 60 s. */
    static JarCommand run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return runWithInput(env, "", args);
    }

    /** As {@link #run(Map, String...)}, with {@code stdin} written to the process's standard input. */
    static JarCommand runWithInput(Map<String, String> env, String stdin, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(GatewayProcess.javaJar("paranoid"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        Drain out = new Drain(p.getInputStream());
        Drain err = new Drain(p.getErrorStream());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running after 60 s: " + String.join(" ", args));
        }
        out.join(10_000);
        err.join(10_000);
        return new JarCommand(p.exitValue(), out.text(), err.text());
    }

    static JarCommand run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    /** Both streams, for assertion messages. */
    String all() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }

    /** Reads a stream to its end on its own thread, so that neither pipe can fill and stall the process. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private volatile String text = "";

        Drain(InputStream in) {
            this.in = in;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            try {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "(unreadable: " + e + ")";
            }
        }

        String text() {
            return text;
        }
    }
}
