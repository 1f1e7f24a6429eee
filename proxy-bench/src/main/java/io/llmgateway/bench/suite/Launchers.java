package io.llmgateway.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Starts the processes of a run, each in its own JVM or binary, pinned by {@link Placement}: the
 * mock (this jar's {@code mock} command), the gateway (the fat jar, started as a user starts it)
 * and nginx (a plain keep-alive reverse proxy: the reference point).
 */
final class Launchers {

    private static final Pattern MOCK_LISTENING = Pattern.compile("mock upstream listening on http://[^:]+:(\\d+)");
    private static final Pattern GATEWAY_LISTENING = Pattern.compile("listening on /[^:]+:(\\d+)");
    /** The gateway's own start-up time, logged once it listens. */
    static final Pattern GATEWAY_READY = Pattern.compile("ready in (\\d+) ms");
    static final String READY_PATH = "/health/ready";
    private static final long START_TIMEOUT_MS = 60_000;

    private final SuiteOptions options;
    private final Placement placement;

    Launchers(SuiteOptions options, Placement placement) {
        this.options = options;
        this.placement = placement;
    }

    /** A started process and the loopback port it serves. */
    record Started(ChildProcess process, int port) {
    }

    /**
     * The mock on the load CPUs, on an ephemeral loopback port, with default answers; request
     * headers ({@code x-mock-latency-ms}, ...) choose latency and pacing per scenario.
     */
    Started startMock(Path log) throws IOException, InterruptedException {
        return startMock(log, false);
    }

    /**
     * A mock on the proxy CPUs instead ({@code nearProxy}): scenario a3 uses it to time a proxy at
     * concurrency 1 without the two extra cross-CPU wake-ups that the standard placement adds to
     * every proxied request but not to a direct one (see {@link LatencyScenario}).
     */
    Started startMock(Path log, boolean nearProxy) throws IOException, InterruptedException {
        int threads = nearProxy ? placement.proxyThreads() : placement.loadThreads();
        List<String> cmd = List.of(Tools.jdkTool("java"), "-Xms256m", "-Xmx1g", "-XX:+UseParallelGC",
                "-cp", options.benchClasspath(), "io.llmgateway.bench.BenchMain", "mock",
                "--host", Target.HOST, "--port", "0", "--threads", Integer.toString(threads));
        ChildProcess p = ChildProcess.start(nearProxy ? "mock-near" : "mock",
                nearProxy ? placement.onProxyCpus(cmd) : placement.onLoadCpus(cmd), log);
        try {
            int port = Integer.parseInt(p.await(MOCK_LISTENING, START_TIMEOUT_MS));
            HttpProbe.awaitOk(Target.HOST, port, "/v1/models", START_TIMEOUT_MS, p);
            return new Started(p, port);
        } catch (RuntimeException | InterruptedException e) {
            p.close();
            throw e;
        }
    }

    /**
     * Writes {@code dir/<name>.yaml} (the gateway in front of the mock on {@code listenPort}, 0 for
     * any) and returns the command that runs the fat jar on it, on the proxy CPUs.
     */
    List<String> prepareGateway(int mockPort, int nearMockPort, int listenPort, Path dir, String name)
            throws IOException {
        return prepareGateway(mockPort, nearMockPort, listenPort, dir, name, List.of());
    }

    /** As above, with JVM options after the configured ones (cold start with an AppCDS archive). */
    List<String> prepareGateway(int mockPort, int nearMockPort, int listenPort, Path dir, String name,
                                List<String> extraJvmOptions) throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, gatewayConfig(mockPort, nearMockPort, listenPort, placement.proxyThreads()));
        List<String> cmd = new ArrayList<>();
        cmd.add(Tools.jdkTool("java"));
        cmd.add("-XX:+ExitOnOutOfMemoryError"); // as scripts/llm-gateway runs it
        cmd.addAll(options.gatewayJavaOptions());
        cmd.addAll(extraJvmOptions);
        cmd.addAll(List.of("-jar", options.gatewayJar().toString(), "serve", "--config", config.toString()));
        return placement.onProxyCpus(cmd);
    }

    /** The gateway on the proxy CPUs, in front of the mock, on an ephemeral port; returns once /health/ready is 200. */
    Started startGateway(int mockPort, int nearMockPort, Path dir, String name)
            throws IOException, InterruptedException {
        ChildProcess p = ChildProcess.start(Target.GATEWAY, prepareGateway(mockPort, nearMockPort, 0, dir, name),
                dir.resolve(name + ".log"));
        try {
            int port = Integer.parseInt(p.await(GATEWAY_LISTENING, START_TIMEOUT_MS));
            HttpProbe.awaitOk(Target.HOST, port, READY_PATH, START_TIMEOUT_MS, p);
            return new Started(p, port);
        } catch (RuntimeException | InterruptedException e) {
            p.close();
            throw e;
        }
    }

    /**
     * Writes an nginx prefix directory {@code prefix} (config, temp paths, logs) for a proxy of the
     * mock on {@code port} and returns the command that runs it in the foreground on the proxy CPUs.
     */
    List<String> prepareNginx(int mockPort, int nearMockPort, int port, Path prefix, long openFileLimit)
            throws IOException {
        Files.createDirectories(prefix.resolve("tmp"));
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, nginxConfig(prefix.toAbsolutePath(), port, mockPort, nearMockPort,
                placement.proxyThreads(), openFileLimit, "root".equals(System.getProperty("user.name"))));
        return placement.onProxyCpus(List.of(options.nginx(), "-p", prefix.toAbsolutePath().toString(),
                "-c", conf.toAbsolutePath().toString(), "-e", prefix.toAbsolutePath().resolve("error.log").toString()));
    }

    /** nginx on the proxy CPUs, in front of the mock; returns once it answers. */
    Started startNginx(int mockPort, int nearMockPort, Path dir, long openFileLimit)
            throws IOException, InterruptedException {
        int port = HttpProbe.freePort();
        List<String> cmd = prepareNginx(mockPort, nearMockPort, port, dir.resolve("nginx"), openFileLimit);
        ChildProcess p = ChildProcess.start(Target.NGINX, cmd, dir.resolve("nginx.log"));
        try {
            HttpProbe.awaitOk(Target.HOST, port, READY_PATH, START_TIMEOUT_MS, p);
            return new Started(p, port);
        } catch (RuntimeException | InterruptedException e) {
            p.close();
            throw e;
        }
    }

    /** Model of scenario a3's requests: routed by the gateway to the mock on the proxy CPUs. */
    static final String NEAR_MODEL = "gpt-4o-mini-near";
    /** Path prefix under which nginx proxies to the mock on the proxy CPUs. */
    static final String NEAR_PREFIX = "/near";

    /**
     * One {@code openai-compatible} provider on the mock, the model the load generator asks for
     * as an alias of the same upstream model (so the body passes through unchanged), no client
     * keys; with {@code nearMockPort > 0} a second provider on the mock of the proxy CPUs, reached
     * with the model {@value #NEAR_MODEL}.
     */
    static String gatewayConfig(int mockPort, int nearMockPort, int listenPort, int ioThreads) {
        String near = nearMockPort <= 0 ? "" : """
                  - id: mock-near
                    type: openai-compatible
                    base_url: "http://127.0.0.1:%d/v1"
                    keys:
                      - id: bench-near
                        secret: "sk-bench"
                """.formatted(nearMockPort);
        String nearAlias = nearMockPort <= 0 ? "" : "  " + NEAR_MODEL + ": mock-near:" + NEAR_MODEL + "\n";
        return """
                # Generated by the bench suite: the gateway in front of the mock upstream.
                server:
                  listen: "127.0.0.1:%d"
                  io_threads: %d
                  api_keys: []
                  shutdown_grace_ms: 5000
                  drain_delay_ms: 0
                providers:
                  - id: mock
                    type: openai-compatible
                    base_url: "http://127.0.0.1:%d/v1"
                    keys:
                      - id: bench
                        secret: "sk-bench"
                %smodel_aliases:
                  gpt-4o-mini: mock:gpt-4o-mini
                %s""".formatted(listenPort, ioThreads, mockPort, near, nearAlias);
    }

    /**
     * nginx as a plain keep-alive reverse proxy of the mock: {@code keepalive 64} upstream
     * connections per worker, HTTP/1.1 upstream with the {@code Connection} header cleared,
     * unbuffered (streams are relayed as they arrive), no access log, one worker per proxy CPU.
     * Keep-alive request caps are lifted on both sides (the gateway has none), so that no side
     * reconnects every 1,000 requests. {@code /health/ready} answers 200 for readiness and cold start.
     */
    static String nginxConfig(Path prefix, int port, int mockPort, int nearMockPort, int workers, long openFileLimit,
                              boolean root) {
        long rlimit = openFileLimit > 0 && openFileLimit < 1_048_576 ? openFileLimit : 65_536;
        // Each proxied request holds two descriptors; leave some for logs and listeners.
        long connections = Math.max(1024, (rlimit - 64) / Math.max(1, workers));
        String user = root ? "user root root;\n" : "";
        String nearUpstream = nearMockPort <= 0 ? "" : String.format(Locale.ROOT, """

                    upstream mock_near {
                        server 127.0.0.1:%d;
                        keepalive 64;
                        keepalive_requests 1000000;
                        keepalive_timeout 60s;
                    }""", nearMockPort);
        String nearLocation = nearMockPort <= 0 ? "" : String.format(Locale.ROOT, """

                        location %s/ {
                            proxy_pass http://mock_near/;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_buffering off;
                            proxy_request_buffering off;
                        }""", NEAR_PREFIX);
        return String.format(Locale.ROOT, """
                # Generated by the bench suite: nginx as a plain keep-alive proxy of the mock.
                %sworker_processes %d;
                worker_rlimit_nofile %d;
                daemon off;
                master_process on;
                pid %s;
                error_log %s warn;

                events {
                    worker_connections %d;
                }

                http {
                    access_log off;
                    client_body_temp_path %s;
                    proxy_temp_path %s;
                    fastcgi_temp_path %s;
                    uwsgi_temp_path %s;
                    scgi_temp_path %s;
                    keepalive_requests 1000000;
                    keepalive_timeout 75s;

                    upstream mock {
                        server 127.0.0.1:%d;
                        keepalive 64;
                        keepalive_requests 1000000;
                        keepalive_timeout 60s;
                    }%s

                    server {
                        listen 127.0.0.1:%d backlog=4096;

                        location = %s {
                            return 200 '{"status":"ready"}';
                        }

                        location / {
                            proxy_pass http://mock;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_buffering off;
                            proxy_request_buffering off;
                            proxy_read_timeout 300s;
                        }%s
                    }
                }
                """, user, workers, rlimit, prefix.resolve("nginx.pid"), prefix.resolve("error.log"), connections,
                prefix.resolve("tmp/body"), prefix.resolve("tmp/proxy"), prefix.resolve("tmp/fastcgi"),
                prefix.resolve("tmp/uwsgi"), prefix.resolve("tmp/scgi"), mockPort, nearUpstream, port, READY_PATH,
                nearLocation);
    }
}
