package io.llmgateway.bench;

import io.llmgateway.bench.load.LoadGenerator;
import io.llmgateway.bench.load.LoadOptions;
import io.llmgateway.bench.load.LoadReport;
import io.llmgateway.bench.load.LoadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code bench load ...}: runs the {@link LoadGenerator} and prints (and optionally writes) the report. */
final class LoadCommand {

    static final String USAGE = String.join(System.lineSeparator(),
            "bench load --url URL [options]   drive an OpenAI-style endpoint and report latency",
            "  --url URL                 http://host:port/path (required)",
            "  --concurrency N           connections, one request at a time each (100)",
            "  --requests N              measured requests (default: run for --duration)",
            "  --duration D              measured period, e.g. 10s (10s unless --requests)",
            "  --rate R                  open loop at R requests/s (default: closed loop)",
            "  --warmup D                unmeasured period before measuring (0)",
            "  --stream                  built-in body asks for a stream with include_usage",
            "  --body FILE               request body (default: built in for the URL's endpoint)",
            "  --model M                 model of the built-in body (gpt-4o-mini)",
            "  --method M                HTTP method (POST; GET for a built-in .../models)",
            "  --header 'Name: value'    extra header, repeatable",
            "  --timeout D               per-request timeout (60s)",
            "  --connect-timeout D       connect timeout (10s)",
            "  --threads N               event loop threads (processors)",
            "  --transport T             auto | epoll | nio (auto)",
            "  --json FILE               write a JSON summary",
            "  --hgrm FILE               write the latency percentile distribution (and -ttft/-gap for streams)");

    private static final Set<String> OPTIONS = Set.of("url", "concurrency", "requests", "duration", "rate",
            "warmup", "body", "model", "method", "header", "timeout", "connect-timeout", "threads", "transport",
            "json", "hgrm");

    private LoadCommand() {
    }

    static void run(List<String> args) throws InterruptedException, IOException {
        CliArgs a = CliArgs.parse(args, OPTIONS, Set.of("stream"));
        String url = a.string("url", null);
        if (url == null) {
            throw new IllegalArgumentException("--url is required");
        }
        LoadOptions.Builder b = LoadOptions.builder(url)
                .concurrency(a.intValue("concurrency", 100))
                .requests(a.longValue("requests", 0))
                .duration(a.duration("duration", Duration.ZERO))
                .rate(a.doubleValue("rate", 0))
                .warmup(a.duration("warmup", Duration.ZERO))
                .stream(a.flag("stream"))
                .model(a.string("model", "gpt-4o-mini"))
                .timeout(a.duration("timeout", Duration.ofSeconds(60)))
                .connectTimeout(a.duration("connect-timeout", Duration.ofSeconds(10)))
                .ioThreads(a.intValue("threads", 0))
                .transport(NettyTransport.parse(a.string("transport", "auto")));
        if (a.has("body")) {
            b.body(Files.readAllBytes(Path.of(a.string("body", null))));
        }
        if (a.has("method")) {
            b.method(a.string("method", "POST"));
        }
        for (String header : a.all("header")) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--header: " + header + " (expected: 'Name: value')");
            }
            b.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        LoadOptions options = b.build();
        System.out.println("load: " + options);
        LoadResult result = LoadGenerator.run(options);
        System.out.print(LoadReport.text(result));
        if (a.has("json")) {
            LoadReport.writeJson(result, Path.of(a.string("json", null)));
        }
        if (a.has("hgrm")) {
            LoadReport.writeHgrm(result, Path.of(a.string("hgrm", null)));
        }
    }
}
