package io.llmgateway.bench;

import io.llmgateway.bench.flood.BodyFlood;
import io.llmgateway.bench.flood.ProcessMemory;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code bench flood ...}: runs a {@link BodyFlood} and prints the target's memory each second. */
final class FloodCommand {

    static final String USAGE = String.join(System.lineSeparator(),
            "bench flood --port P [options]   many connections each sending a large body at full speed",
            "  --host H                  target host (127.0.0.1)",
            "  --port P                  target port (required)",
            "  --connections N           connections sending at once (1000)",
            "  --body-bytes N            body bytes sent per connection (9000000)",
            "  --declared-bytes N        Content-Length declared (the body bytes)",
            "  --duration D              how long, e.g. 30s (30s)",
            "  --retry-delay D           pause before a slot reconnects (100ms)",
            "  --pid PID                 sample this process's RSS and heap (Linux, jstat)");

    private static final Set<String> OPTIONS = Set.of("host", "port", "connections", "body-bytes", "declared-bytes",
            "duration", "retry-delay", "pid");

    private FloodCommand() {
    }

    static void run(List<String> args) throws IOException {
        CliArgs a = CliArgs.parse(args, OPTIONS, Set.of());
        int port = a.intValue("port", -1);
        if (port <= 0) {
            throw new IllegalArgumentException("--port is required");
        }
        int body = a.intValue("body-bytes", 9_000_000);
        BodyFlood flood = new BodyFlood(a.string("host", "127.0.0.1"), port, a.intValue("connections", 1_000), body,
                a.intValue("declared-bytes", body), a.duration("retry-delay", Duration.ofMillis(100)).toMillis());
        long pid = a.longValue("pid", -1);
        ProcessMemory memory = pid > 0 ? new ProcessMemory(pid) : null;
        try {
            long[] last = {0};
            BodyFlood.FloodResult r = flood.run(a.duration("duration", Duration.ofSeconds(30)).toMillis(), sent -> {
                String mem = memory == null ? "" : String.format(Locale.ROOT, "  rss %d MB  heap %d MB",
                        memory.rssKb() / 1024, memory.heapKb() / 1024);
                System.out.printf(Locale.ROOT, "sent %6d MB/s%s%n", (sent - last[0]) >> 20, mem);
                last[0] = sent;
            });
            System.out.printf(Locale.ROOT, "flood: %d connections opened in %d ms, %d MB sent, answers %s%n",
                    r.opened(), r.millis(), r.bytesSent() >> 20, r.answers());
            if (memory != null) {
                System.out.printf(Locale.ROOT, "target: peak rss %d MB (VmHWM), peak heap used %d MB, rss now %d MB%n",
                        memory.peakRssKb() / 1024, memory.peakHeapKb() / 1024, memory.rssKb() / 1024);
            }
        } finally {
            if (memory != null) {
                memory.close();
            }
        }
    }
}
