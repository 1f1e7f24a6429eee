package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.testing.Await;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Reloads of the real jar while it serves: by file change ({@code storage.config.watch}), through
 * an editor's rename and an in-place write, with a bad file in between; and from an HTTP store.
 * Requests sent all along must all succeed.
 */
class ReloadIT {

    private static final String WATCH = """
            storage:
              config:
                watch: true
                watch_debounce_ms: 50
            """;

    @Test
    void fileChangesReloadUnderTrafficWithoutFailingARequest() throws Exception {
        try (MockUpstream upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build());
                GatewayProcess gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream, "", "", WATCH));
                Traffic traffic = Traffic.start(gateway, 3)) {
            Await.until("the watcher to start", () -> gateway.output().stream().anyMatch(l -> l.contains("config: watching")));
            Path config = configPathOf(gateway);
            String base = Files.readString(config);
            for (int i = 1; i <= 4; i++) {
                String next = base.replace("model_aliases:\n", "model_aliases:\n  added-" + i + ": mock:gpt-4o\n");
                if (i % 2 == 0) {
                    Files.writeString(config, next);
                } else {
                    Path swap = config.resolveSibling("." + config.getFileName() + ".swp");
                    Files.writeString(swap, next);
                    Files.move(swap, config, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                String alias = "added-" + i;
                Await.until(alias + " to be listed", Duration.ofSeconds(15), () -> models(gateway).contains(alias));
                int served = traffic.ok.get();
                Await.until("requests served after reload " + i, Duration.ofSeconds(15),
                        () -> traffic.ok.get() > served + 20);
            }

            Files.writeString(config, base.replace("model_aliases:\n", "model_aliases:\n  broken: nowhere:gpt-4o\n"));
            Await.until("the rejected file to be logged", Duration.ofSeconds(15),
                    () -> gateway.output().stream().anyMatch(l -> l.contains("model_aliases.broken")));
            int served = traffic.ok.get();
            Await.until("requests served after the rejected file", Duration.ofSeconds(15),
                    () -> traffic.ok.get() > served + 20);
            assertThat(models(gateway)).contains("added-4").doesNotContain("broken");

            traffic.close();
            assertThat(traffic.failures).as("requests that failed during the reloads").isEmpty();
            assertThat(gateway.output()).anyMatch(l -> l.contains("reloaded") && l.contains("(file changed): version 5"))
                    .anyMatch(l -> l.contains("reload rejected (file changed)"));
        }
    }

    @Test
    void aConfigFromAUrlIsPolledAndAFailingStoreKeepsTheRunningConfig() throws Exception {
        try (MockUpstream upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build())) {
            String full = GatewayConfigs.openAiCompatible(upstream);
            String[] document = {full};
            int[] status = {200};
            ConcurrentLinkedQueue<String> auth = new ConcurrentLinkedQueue<>();
            HttpServer store = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            store.createContext("/gateway.yaml", ex -> {
                auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
                synchronized (document) {
                    if (status[0] != 200) {
                        ex.sendResponseHeaders(status[0], -1);
                        ex.close();
                        return;
                    }
                    byte[] body = document[0].getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(200, body.length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(body);
                    }
                }
            });
            store.start();
            String bootstrap = """
                    storage:
                      config:
                        type: http
                        url: "http://127.0.0.1:%d/gateway.yaml"
                        bearer_token: "${CONFIG_STORE_TOKEN}"
                        poll_interval_ms: 100
                    """.formatted(store.getAddress().getPort());
            try (GatewayProcess gateway = GatewayProcess.start(bootstrap, Map.of("CONFIG_STORE_TOKEN", "store-tok-9"));
                    Traffic traffic = Traffic.start(gateway, 2)) {
                assertThat(models(gateway)).contains("gpt-4o");
                synchronized (document) {
                    document[0] = full.replace("model_aliases:\n", "model_aliases:\n  from-url: mock:gpt-4o\n");
                }
                Await.until("the polled alias to be listed", Duration.ofSeconds(15),
                        () -> models(gateway).contains("from-url"));

                synchronized (document) {
                    status[0] = 500;
                }
                Await.until("the failing store to be logged", Duration.ofSeconds(15),
                        () -> gateway.output().stream().anyMatch(l -> l.contains("HTTP 500")));
                int served = traffic.ok.get();
                Await.until("requests served while the store fails", Duration.ofSeconds(15),
                        () -> traffic.ok.get() > served + 20);
                assertThat(models(gateway)).contains("from-url");
                assertThat(gateway.output().stream().filter(l -> l.contains("HTTP 500")).count())
                        .as("a failing store is logged once, not at every poll").isEqualTo(1);

                traffic.close();
                assertThat(traffic.failures).isEmpty();
                assertThat(auth).contains("Bearer store-tok-9");
                assertThat(gateway.output()).noneMatch(l -> l.contains("store-tok-9"));
            } finally {
                store.stop(0);
            }
        }
    }

    static String models(GatewayProcess gateway) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/models")).build();
            return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    static Path configPathOf(GatewayProcess gateway) {
        String path = ProcessHandle.of(gateway.pid()).orElseThrow().info().arguments().map(a -> {
            for (int i = 0; i < a.length - 1; i++) {
                if (a[i].equals("--config")) {
                    return a[i + 1];
                }
            }
            return null;
        }).orElseThrow();
        return Path.of(path);
    }

    /** Clients sending chat completions back to back until closed; every answer but 200 is a failure. */
    static final class Traffic implements AutoCloseable {
        final AtomicInteger ok = new AtomicInteger();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        static Traffic start(GatewayProcess gateway, int clients) {
            Traffic t = new Traffic();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build();
            for (int i = 0; i < clients; i++) {
                Thread th = new Thread(() -> {
                    while (t.running.get()) {
                        try {
                            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                t.ok.incrementAndGet();
                            } else {
                                t.failures.add(r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            if (t.running.get()) {
                                t.failures.add(e.toString());
                            }
                        }
                    }
                }, "traffic-" + i);
                th.start();
                t.threads.add(th);
            }
            return t;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread th : threads) {
                th.join(10_000);
            }
        }
    }
}
