package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.testing.Await;
import io.llmgateway.bench.mock.MockUpstream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Process lifecycle: graceful SIGTERM with a stream in flight, SIGHUP reload, readiness. */
class LifecycleIT {

    @Test
    void sigtermLetsTheStreamInFlightFinishThenExitsZero() throws Exception {
        try (MockUpstream upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build())) {
            GatewayProcess gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream));
            int port = gateway.port();
            String body = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}";
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(20_000);
                s.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\n"
                        + "x-mock-chunks: 20\r\nx-mock-chunk-interval-ms: 50\r\nContent-Length: " + body.length()
                        + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
                BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = r.readLine()) != null && !line.startsWith("data: ")) {
                    // headers and chunk sizes
                }
                ProcessHandle.of(gateway.pid()).orElseThrow().destroy(); // SIGTERM while streaming
                StringBuilder rest = new StringBuilder();
                while ((line = r.readLine()) != null) {
                    rest.append(line).append('\n');
                }
                assertThat(rest).contains("data: [DONE]");
            }
            assertThat(gateway.stop()).isZero();
            assertThat(gateway.output()).anyMatch(l -> l.contains("shutting down")).anyMatch(l -> l.contains("stopped"))
                    .noneMatch(l -> l.contains("LEAK:"));
            assertThat(upstream.counters().completedStreams()).isEqualTo(1);
            try (Socket late = new Socket("127.0.0.1", port)) {
                throw new AssertionError("the gateway still accepts connections after exiting");
            } catch (ConnectException expected) {
                // closed
            }
        }
    }

    @Test
    void sighupReloadsAValidFileAndKeepsTheRunningConfigOnABadOne() throws Exception {
        try (MockUpstream upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build());
                GatewayProcess gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest models = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/models")).build();
            assertThat(http.send(models, HttpResponse.BodyHandlers.ofString()).body()).doesNotContain("added-alias");

            Path config = configPathOf(gateway);
            String good = Files.readString(config).replace("model_aliases:\n",
                    "model_aliases:\n  added-alias: mock:gpt-4o\n");
            Files.writeString(config, good);
            hangUp(gateway);
            Await.until("the reloaded alias to be listed", Duration.ofSeconds(10), () -> {
                try {
                    return http.send(models, HttpResponse.BodyHandlers.ofString()).body().contains("added-alias");
                } catch (Exception e) {
                    return false;
                }
            });

            Files.writeString(config, good.replace("added-alias: mock:gpt-4o", "broken: nowhere:gpt-4o"));
            hangUp(gateway);
            Await.until("the rejected reload to be logged", Duration.ofSeconds(10),
                    () -> gateway.output().stream().anyMatch(l -> l.contains("reload rejected")));
            assertThat(gateway.output()).anyMatch(l -> l.contains("model_aliases.broken"));
            assertThat(http.send(models, HttpResponse.BodyHandlers.ofString()).body()).contains("added-alias");
        }
    }

    @Test
    void healthEndpointsAnswer() throws Exception {
        try (MockUpstream upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build());
                GatewayProcess gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream))) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + gateway.port();
            HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create(base + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("{\"status\":\"ready\"}");
        }
    }

    private static void hangUp(GatewayProcess gateway) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(gateway.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    private static Path configPathOf(GatewayProcess gateway) {
        String cmd = ProcessHandle.of(gateway.pid()).orElseThrow().info().arguments().map(a -> {
            for (int i = 0; i < a.length - 1; i++) {
                if (a[i].equals("--config")) {
                    return a[i + 1];
                }
            }
            return null;
        }).orElseThrow();
        return Path.of(cmd);
    }
}
