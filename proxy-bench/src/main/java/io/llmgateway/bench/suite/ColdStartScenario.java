package io.llmgateway.bench.suite;

import io.llmgateway.bench.load.LoadGenerator;
import io.llmgateway.bench.load.LoadOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scenario f: from spawning the process to the first 200 from {@code /health/ready}, polled about
 * every millisecond over fresh connections. The gateway is started exactly as in the other
 * scenarios (the fat jar, default JVM options unless {@code --gateway-java-opts}, on the proxy
 * CPUs); its own log line "ready in N ms" (JVM start to listening) is recorded as well. nginx is
 * started the same way, for reference. Starts alternate between the two.
 *
 * <p>The gateway is also started from an AppCDS archive, as README.md suggests: recorded once
 * ({@code -XX:ArchiveClassesAtExit}, one request, SIGTERM), then used by every start of the
 * "AppCDS" row ({@code -XX:SharedArchiveFile}).
 */
final class ColdStartScenario {

    private static final long TIMEOUT_MS = 60_000;
    private static final String APPCDS = "gateway-appcds";

    private ColdStartScenario() {
    }

    static void run(SuiteRun run) throws Exception {
        ScenarioResult f = run.newResult("f", "cold start: spawn to /health/ready 200");
        Path dir = run.outDir.resolve("coldstart");
        List<String> order = new ArrayList<>(List.of(Target.GATEWAY));
        if (run.options.nginx() != null && run.target(Target.NGINX) != null) {
            order.add(Target.NGINX);
        }
        Path archive = recordArchive(run, dir);
        if (archive != null) {
            order.add(APPCDS);
        } else {
            f.note("the AppCDS archive could not be recorded (see coldstart/record.log); no AppCDS row");
        }
        for (int i = 0; i < run.profile.coldStarts(); i++) {
            for (int k = 0; k < order.size(); k++) {
                String variant = order.get((k + i) % order.size());
                String name = Target.NGINX.equals(variant) ? Target.NGINX : Target.GATEWAY;
                int port = HttpProbe.freePort();
                List<String> cmd = switch (variant) {
                    case Target.NGINX -> run.launchers.prepareNginx(run.mockPort, -1, port,
                            dir.resolve("nginx-" + (i + 1)), run.openFileLimit);
                    case APPCDS -> run.launchers.prepareGateway(run.mockPort, -1, port, dir, "gateway-cds-" + (i + 1),
                            List.of("-XX:SharedArchiveFile=" + archive));
                    default -> run.launchers.prepareGateway(run.mockPort, -1, port, dir, "gateway-" + (i + 1));
                };
                String row = APPCDS.equals(variant) ? " (AppCDS archive)" : "";
                long t0 = System.nanoTime();
                ChildProcess p = ChildProcess.start(variant + "-cold", cmd, dir.resolve(variant + "-" + (i + 1) + ".log"));
                try {
                    long t1 = HttpProbe.awaitOk(Target.HOST, port, Launchers.READY_PATH, TIMEOUT_MS, p);
                    double ms = (t1 - t0) / 1e6;
                    f.metric("spawn to ready" + row, ScenarioResult.MS, Metric.Kind.PLAIN).put(name, i, ms);
                    String self = "";
                    if (Target.GATEWAY.equals(name)) {
                        double reported = Double.parseDouble(p.await(Launchers.GATEWAY_READY, 10_000));
                        f.metric("JVM start to listening (own log)" + row, ScenarioResult.MS, Metric.Kind.PLAIN)
                                .put(name, i, reported);
                        self = String.format(Locale.ROOT, " (own log: ready in %.0f ms)", reported);
                    }
                    run.out.printf(Locale.ROOT, "  f-%d %-8s %8.1f ms to /health/ready 200%s%n", i + 1, variant, ms, self);
                } finally {
                    p.stop();
                }
            }
        }
        f.note("median of " + run.profile.coldStarts() + " starts; the gateway with JVM options "
                + (run.options.gatewayJavaOptions().isEmpty() ? "(none: JVM defaults)"
                        : String.join(" ", run.options.gatewayJavaOptions())));
    }

    /** Records the AppCDS archive: start with ArchiveClassesAtExit, one chat request, SIGTERM. */
    private static Path recordArchive(SuiteRun run, Path dir) throws Exception {
        Path archive = dir.resolve("gateway.jsa").toAbsolutePath();
        Files.deleteIfExists(archive);
        int port = HttpProbe.freePort();
        List<String> cmd = run.launchers.prepareGateway(run.mockPort, -1, port, dir, "gateway-record",
                List.of("-XX:ArchiveClassesAtExit=" + archive));
        ChildProcess p = ChildProcess.start("gateway-record", cmd, dir.resolve("record.log"));
        try {
            HttpProbe.awaitOk(Target.HOST, port, Launchers.READY_PATH, TIMEOUT_MS, p);
            LoadGenerator.run(LoadOptions.builder("http://" + Target.HOST + ':' + port + "/v1/chat/completions")
                    .concurrency(1).requests(1).build());
        } finally {
            p.stop();
        }
        return Files.isRegularFile(archive) ? archive : null;
    }
}
