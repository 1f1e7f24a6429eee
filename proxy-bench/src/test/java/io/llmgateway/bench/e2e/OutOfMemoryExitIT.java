package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.testing.Await;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An OutOfMemoryError ends the process instead of leaving it up but deaf: the gateway started by
 * the launcher, {@code scripts/llm-gateway} (which adds {@code -XX:+ExitOnOutOfMemoryError}), with
 * a small heap and a load nothing bounds yet across connections — request heads of 1 MB each
 * ({@code server.max_header_bytes} raised to allow them), held open — exits with code 3.
 */
class OutOfMemoryExitIT {

    private static final String CONFIG = """
            server:
              listen: "127.0.0.1:0"
              io_threads: 2
              drain_delay_ms: 0
              max_header_bytes: 1048576
            providers:
              - id: mock
                type: openai-compatible
                base_url: "http://127.0.0.1:1/v1"
                keys: [{id: k1, secret: "sk-x"}]
            model_aliases:
              gpt-4o: mock:gpt-4o
            """;

    @Test
    void theLauncherMakesTheGatewayExitWithCode3OnOutOfMemory() throws Exception {
        Path dir = Files.createTempDirectory("oom-");
        Path config = dir.resolve("gateway.yaml");
        Path log = dir.resolve("gateway.log");
        Files.writeString(config, CONFIG);
        ProcessBuilder pb = new ProcessBuilder(Path.of("..", "scripts", "llm-gateway").toString(), "serve", "--config",
                config.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("JAVA_OPTS", "-Xmx64m");
        pb.environment().put("LLM_GATEWAY_JAR",
                Path.of(System.getProperty("gateway.jar", "../proxy-core/target/llm-gateway.jar")).toString());
        Process process = pb.start();
        List<Socket> held = new ArrayList<>();
        try {
            Await.until("the gateway to be ready", Duration.ofSeconds(30), () -> output(log).contains("ready in"));
            int port = port(output(log));
            byte[] pad = new byte[1_000_000];
            Arrays.fill(pad, (byte) 'x');
            byte[] head = "POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Length: 10\r\nX-Pad: "
                    .getBytes(StandardCharsets.US_ASCII);
            // 64 MB of heap cannot hold the decoded heads of 2,000 connections: the process ends long before.
            for (int i = 0; i < 2_000 && process.isAlive(); i++) {
                try {
                    Socket s = new Socket("127.0.0.1", port);
                    held.add(s);
                    OutputStream out = s.getOutputStream();
                    out.write(head);
                    out.write(pad);
                    out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    break; // the gateway is gone
                }
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the gateway exits rather than living on:\n%s",
                    output(log)).isTrue();
            assertThat(process.exitValue()).as(output(log)).isEqualTo(3);
            assertThat(output(log)).containsAnyOf("Terminating due to java.lang.OutOfMemoryError",
                    "out of memory on thread");
        } finally {
            for (Socket s : held) {
                s.close();
            }
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(config);
            Files.deleteIfExists(log);
            Files.deleteIfExists(dir);
        }
    }

    private static String output(Path log) {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    private static int port(String output) {
        Matcher m = Pattern.compile("listening on /[^:]+:(\\d+)").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
