package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.deploy.DeployDir;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import io.llmgateway.bench.testing.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology of {@code deploy/docker-compose.yaml} without containers: two gateway jars on
 * {@code deploy/config/gateway.yaml} behind nginx on {@code deploy/nginx/nginx.conf}, all on
 * loopback. Requests and streams through nginx reach both gateways; a gateway stopped with SIGTERM
 * drains while clients keep sending, and no request fails at nginx.
 */
class LoadBalancedGatewaysIT {

    private static final String KEY = "sk-gw-load-balanced";
    private static final String EXAMPLE_LIMIT = "limit_req_per_min: 500";
    private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM =
            "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One gateway on the deployment's config, with the environment compose would give it. */
    private record Gateway(GatewayProcess process, int port, int metricsPort) {

        static Gateway start(MockUpstream upstream) throws IOException, InterruptedException {
            int port = freePort();
            int metricsPort = freePort();
            String config = DeployDir.read("config/gateway.yaml");
            assertThat(config).contains(EXAMPLE_LIMIT);
            // The file's example limit (per instance until the Redis store) would cut the test's flood short.
            GatewayProcess process = GatewayProcess.start(config.replace(EXAMPLE_LIMIT, "limit_req_per_min: 0"), Map.of(
                    "LISTEN", "127.0.0.1:" + port, "METRICS_LISTEN", "127.0.0.1:" + metricsPort,
                    "ADMIN_LISTEN", "127.0.0.1:0", "GATEWAY_API_KEY", KEY, "OPENAI_API_KEY", "sk-upstream-openai",
                    "OPENAI_BASE_URL", upstream.baseUrl() + "/v1"));
            return new Gateway(process, port, metricsPort);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private HttpRequest chat(NginxProcess nginx, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(nginx.url("/v1/chat/completions")))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b.build();
    }

    /** Requests this gateway answered, streams or not, from its own /metrics. */
    private double answered(Gateway gateway, String stream) {
        try {
            String text = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.metricsPort()
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            return new PrometheusText(text).sum("llm_requests_total", "status", "200", "stream", stream);
        } catch (IOException e) {
            throw new AssertionError("no /metrics from the gateway on port " + gateway.port(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void assertCompleteStream(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(response.body()).contains("\"object\":\"chat.completion.chunk\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void requestsAndStreamsReachBothGatewaysAndADrainingGatewayFailsNoRequest(@TempDir Path dir) throws Exception {
        try (MockUpstream upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build())) {
            Gateway first = Gateway.start(upstream);
            Gateway second = Gateway.start(upstream);
            try (GatewayProcess p1 = first.process(); GatewayProcess p2 = second.process();
                    NginxProcess nginx = NginxProcess.start(dir, freePort(), first.port(), second.port())) {
                for (int i = 0; i < 10; i++) {
                    HttpResponse<String> r = client.send(chat(nginx, CHAT), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                }
                // Two streams at once: least_conn gives each gateway one.
                CompletableFuture<HttpResponse<String>> s1 = client.sendAsync(chat(nginx, STREAM,
                        "x-mock-chunks", "10", "x-mock-chunk-interval-ms", "100"), HttpResponse.BodyHandlers.ofString());
                CompletableFuture<HttpResponse<String>> s2 = client.sendAsync(chat(nginx, STREAM,
                        "x-mock-chunks", "10", "x-mock-chunk-interval-ms", "100"), HttpResponse.BodyHandlers.ofString());
                assertCompleteStream(s1.get(30, TimeUnit.SECONDS));
                assertCompleteStream(s2.get(30, TimeUnit.SECONDS));
                for (Gateway g : List.of(first, second)) {
                    // The metrics are published by the gateway's observer thread, about once a second.
                    Await.until("requests and one stream answered by the gateway on port " + g.port(),
                            Duration.ofSeconds(10), () -> answered(g, "false") > 0 && answered(g, "true") == 1);
                }
                assertThat(DrainHealth.ready(first.port())).as("the image's health check, serving").isTrue();

                drainUnderLoad(nginx, first, second);
                assertThat(p1.stop()).isZero();
            }
        }
    }

    /**
     * Clients send through nginx without a pause while {@code draining} gets SIGTERM, drains and
     * exits; then until {@code staying} has answered more. Every request must have succeeded.
     */
    private void drainUnderLoad(NginxProcess nginx, Gateway draining, Gateway staying) throws Exception {
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger succeeded = new AtomicInteger();
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            for (int c = 0; c < 4; c++) {
                clients.execute(() -> {
                    while (sending.get()) {
                        try {
                            HttpResponse<String> r = client.send(chat(nginx, CHAT), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                succeeded.incrementAndGet();
                            } else if (failures.size() < 10) {
                                failures.add(r.statusCode() + " " + r.body());
                            }
                        } catch (IOException e) {
                            failures.add(e.toString());
                            return;
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
            }
            // Streams longer than the drain delay, open on both gateways when the signal comes.
            List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                streams.add(client.sendAsync(chat(nginx, STREAM, "x-mock-chunks", "70", "x-mock-chunk-interval-ms",
                        "100"), HttpResponse.BodyHandlers.ofString()));
            }
            Await.until("requests flowing", Duration.ofSeconds(10), () -> succeeded.get() >= 20);

            ProcessHandle process = ProcessHandle.of(draining.process().pid()).orElseThrow();
            process.destroy(); // SIGTERM
            Await.until("the draining gateway's health check to fail", Duration.ofSeconds(5),
                    () -> !DrainHealth.ready(draining.port()));
            process.onExit().get(40, TimeUnit.SECONDS);
            int before = succeeded.get();
            Await.until("20 more requests answered, by the other gateway", Duration.ofSeconds(10),
                    () -> succeeded.get() >= before + 20 || !failures.isEmpty());
            sending.set(false);
            for (CompletableFuture<HttpResponse<String>> s : streams) {
                assertCompleteStream(s.get(30, TimeUnit.SECONDS));
            }
        } finally {
            sending.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(failures).as("requests failed at nginx; its log:\n%s", nginx.log()).isEmpty();
        assertThat(succeeded.get()).isGreaterThan(40);
    }
}
