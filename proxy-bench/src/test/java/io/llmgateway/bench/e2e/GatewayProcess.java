package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real gateway: the fat jar started as its own process with a generated config, exactly as a
 * user runs it, with Netty's leak detector at PARANOID. {@link #stop()} sends SIGTERM and returns
 * the exit code; {@link #close()} also fails the test if the process reported a leak.
 */
final class GatewayProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on /[^:]+:(\\d+)");

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Path configFile;
    private final Thread reader;
    private volatile int port = -1;
    /** The config the process started on, and the environment the test gave it: where its secrets come from. */
    private final String startConfig;
    private final Map<String, String> env;
    private final Map<String, String> declaredSecrets = new java.util.concurrent.ConcurrentHashMap<>();

    private GatewayProcess(Process process, Path configFile, String startConfig, Map<String, String> env) {
        this.process = process;
        this.configFile = configFile;
        this.startConfig = startConfig;
        this.env = Map.copyOf(env);
        this.reader = new Thread(this::pump, "gateway-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the gateway on {@code yaml} (which should listen on {@code 127.0.0.1:0}) and waits until
     * it is listening.
     */
    static GatewayProcess start(String yaml, Map<String, String> env) throws IOException, InterruptedException {
        return start(yaml, env, System.getProperty("gateway.leak.level", "paranoid"));
    }

    /**
     * As {@link #start(String, Map)} with an explicit leak-detection level: volume tests that push
     * hundreds of thousands of buffers through the gateway use {@code simple}, because PARANOID
     * records a stack trace at every access of every buffer.
     */
    static GatewayProcess start(String yaml, Map<String, String> env, String leakLevel)
            throws IOException, InterruptedException {
        return start(yaml, env, leakLevel, List.of());
    }

    /**
     * As {@link #start(String, Map, String)} with JVM options before {@code -jar}, e.g.
     * {@code -Xmx160m} for the memory tests (an {@code -Xmx} among them replaces the default).
     */
    static GatewayProcess start(String yaml, Map<String, String> env, String leakLevel, List<String> jvmOptions)
            throws IOException, InterruptedException {
        Path config = Files.createTempFile("gateway-", ".yaml");
        Files.writeString(config, yaml);
        List<String> cmd = javaJar(leakLevel, jvmOptions);
        cmd.addAll(List.of("serve", "--config", config.toString()));
        return launch(cmd, env, config);
    }

    /**
     * Starts {@code java -jar llm-gateway.jar <jarArgs>} behind {@code wrapper} (e.g.
     * {@code nohup}; empty for none) and waits until it is listening. {@code config}, when not
     * null, is deleted on {@link #close()}.
     */
    static GatewayProcess launch(List<String> wrapper, List<String> jarArgs, Map<String, String> env,
            String leakLevel, Path config) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(javaJar(leakLevel));
        cmd.addAll(jarArgs);
        return launch(cmd, env, config);
    }

    private static GatewayProcess launch(List<String> cmd, Map<String, String> env, Path config)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        String yaml = config != null && Files.exists(config) ? Files.readString(config) : "";
        GatewayProcess gw = new GatewayProcess(pb.start(), config, yaml, env);
        if (!gw.ready.await(30, TimeUnit.SECONDS)) {
            gw.process.destroyForcibly();
            throw new AssertionError("gateway did not start:\n" + String.join("\n", gw.output()));
        }
        SecretLeakCheck.portTaken(gw.port);
        return gw;
    }

    static GatewayProcess start(String yaml) throws IOException, InterruptedException {
        return start(yaml, Map.of());
    }

    /** {@code java -Dio.netty.leakDetection.level=<leakLevel> -Xmx256m -XX:+ExitOnOutOfMemoryError -jar <the fat jar>}. */
    static List<String> javaJar(String leakLevel) {
        return List.copyOf(javaJar(leakLevel, List.of()));
    }

    /**
     * {@code java -Dio.netty.leakDetection.level=<leakLevel> <jvmOptions> -jar <the fat jar>}, with -Xmx256m
     * unless given and {@code -XX:+ExitOnOutOfMemoryError}, as {@code scripts/llm-gateway} runs it.
     */
    static List<String> javaJar(String leakLevel, List<String> jvmOptions) {
        Path jar = Path.of(System.getProperty("gateway.jar", "../proxy-core/target/llm-gateway.jar"));
        assertThat(jar).as("the fat jar (built by proxy-core's package phase)").exists();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dio.netty.leakDetection.level=" + leakLevel));
        if (jvmOptions.stream().noneMatch(o -> o.startsWith("-Xmx"))) {
            cmd.add("-Xmx256m");
        }
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(jar.toString());
        return cmd;
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
                if (line.contains("ready in")) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // process ended
        } finally {
            ready.countDown();
        }
    }

    int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>/v1}, the base URL an OpenAI SDK takes. */
    String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    long pid() {
        return process.pid();
    }

    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** Sends SIGTERM and waits for the process to exit; returns its exit code. */
    int stop() throws InterruptedException {
        if (process.isAlive()) {
            // SIGTERM through the handle: Process.destroy() would also close our end of its output.
            process.toHandle().destroy();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("gateway did not exit after SIGTERM:\n" + String.join("\n", output()));
        }
        reader.join(5_000); // the last lines of output
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Declares a secret the config does not show (e.g. the plaintext of an {@code enc:} value): the
     * {@link SecretLeakCheck} of {@link #close()} searches for it too.
     */
    void treatAsSecret(String origin, String value) {
        declaredSecrets.put(origin, value);
    }

    /**
     * Stops the gateway and fails if it exited badly, reported a leaked buffer, or let a secret of
     * its config into its output, its request-log file or a response ({@link SecretLeakCheck}).
     */
    @Override
    public void close() throws Exception {
        try {
            int code = stop();
            List<String> out = output();
            assertThat(out).as("gateway output").noneMatch(l -> l.contains("LEAK:"));
            assertThat(code).as("gateway exit code after SIGTERM; output:\n%s", String.join("\n", out)).isZero();
            assertNoSecretLeaked(out);
        } finally {
            if (configFile != null) {
                Files.deleteIfExists(configFile);
            }
        }
    }

    /** The secrets of the config it started on and of the one it ended on (a test may rewrite it and reload). */
    private void assertNoSecretLeaked(List<String> out) throws IOException {
        String endConfig = configFile != null && Files.exists(configFile) ? Files.readString(configFile) : "";
        List<String> leaks = new ArrayList<>();
        for (String yaml : new String[] {startConfig, endConfig}) {
            SecretLeakCheck check = SecretLeakCheck.of(yaml, env);
            declaredSecrets.forEach(check::add);
            leaks.addAll(check.leaks(out, yaml, port));
        }
        SecretLeakCheck.portTaken(port);
        assertThat(leaks).as("secrets found where none may be").isEmpty();
    }
}
