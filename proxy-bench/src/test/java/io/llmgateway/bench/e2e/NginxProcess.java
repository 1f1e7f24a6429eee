package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.deploy.DeployDir;
import io.llmgateway.bench.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * nginx running {@code deploy/nginx/nginx.conf} on loopback: the file as it is, with only the two
 * gateways' addresses, the listen port and the {@code /tmp/} paths rewritten (each rewrite must
 * find its text, so that a changed file cannot make the test check something else). {@code scripts/test}
 * installs nginx.
 */
final class NginxProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private NginxProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts nginx in front of the gateways on {@code gatewayPorts} (two) and waits until it answers. */
    static NginxProcess start(Path dir, int port, int gateway1, int gateway2) throws IOException {
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, render(DeployDir.read("nginx/nginx.conf"), dir, port, gateway1, gateway2,
                "root".equals(System.getProperty("user.name"))));
        Path log = dir.resolve("nginx.log");
        Process p = new ProcessBuilder(binary(), "-p", dir.toString(), "-c", conf.toString(), "-e", "stderr",
                "-g", "daemon off;").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        NginxProcess nginx = new NginxProcess(p, log, port);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(nginx.url("/nginx-health"))).build();
        Await.until("nginx to answer on port " + port, Duration.ofSeconds(10), () -> {
            assertThat(p.isAlive()).as("nginx running; its log:\n%s", nginx.log()).isTrue();
            try {
                return client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        return nginx;
    }

    static String render(String conf, Path dir, int port, int gateway1, int gateway2, boolean root) {
        String rendered = conf;
        for (String[] r : List.of(
                new String[] {"server gateway-1:8080", "server 127.0.0.1:" + gateway1},
                new String[] {"server gateway-2:8080", "server 127.0.0.1:" + gateway2},
                new String[] {"listen 8080;", "listen 127.0.0.1:" + port + ";"},
                new String[] {"/tmp/", dir.toAbsolutePath() + "/"},
                // As root, nginx's workers would run as nobody, who cannot enter the test's directory.
                new String[] {"worker_processes auto;", "worker_processes 1;" + (root ? "\nuser root root;" : "")})) {
            assertThat(rendered).as("deploy/nginx/nginx.conf").contains(r[0]);
            rendered = rendered.replace(r[0], r[1]);
        }
        return rendered;
    }

    private static String binary() {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin";
        return Stream.of(path.split(":")).map(d -> Path.of(d, "nginx")).filter(Files::isExecutable).findFirst()
                .map(Path::toString)
                .orElseThrow(() -> new AssertionError("nginx is not installed (scripts/test installs it)"));
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: nginx's fast shutdown
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
