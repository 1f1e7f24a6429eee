package io.llmgateway.bench.load;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Presents a {@link LoadResult}: the human summary, a JSON summary (milliseconds) and HdrHistogram
 * {@code .hgrm} percentile files (milliseconds) that the HdrHistogram plotter reads.
 */
public final class LoadReport {

    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    private static final double MICROS_PER_MS = 1000.0;

    private LoadReport() {
    }

    /** The summary printed at the end of a run. */
    public static String text(LoadResult r) {
        StringBuilder out = new StringBuilder(512);
        out.append(String.format(Locale.ROOT, "requests %d in %.2f s = %.1f req/s, %.1f MiB received%n",
                r.requests(), r.elapsedNanos() / 1e9, r.requestsPerSecond(), r.bytesReceived() / 1048576.0));
        out.append(String.format(Locale.ROOT,
                "ok %d, errors %d (non-2xx %d, connect failures %d, timeouts %d, truncated streams %d, io errors %d)%n",
                r.ok(), r.errors(), r.non2xx(), r.connectFailures(), r.timeouts(), r.truncatedStreams(), r.ioErrors()));
        if (!r.statusCounts().isEmpty()) {
            out.append("statuses ").append(new java.util.TreeMap<>(r.statusCounts())).append(System.lineSeparator());
        }
        line(out, r.options().isOpenLoop() ? "latency (from intended send)" : "latency", r.latency());
        if (r.ttft().getTotalCount() > 0) {
            line(out, "time to first token", r.ttft());
            line(out, "gap between tokens", r.gap());
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String name, Histogram h) {
        out.append(String.format(Locale.ROOT, "%-29s", name));
        if (h.getTotalCount() == 0) {
            out.append(" no samples").append(System.lineSeparator());
            return;
        }
        for (double p : PERCENTILES) {
            out.append(String.format(Locale.ROOT, " p%s %.3f", label(p), h.getValueAtPercentile(p) / MICROS_PER_MS));
        }
        out.append(String.format(Locale.ROOT, " max %.3f ms%n", h.getMaxValue() / MICROS_PER_MS));
    }

    private static String label(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }

    /** Writes the JSON summary of {@code r} to {@code file}. */
    public static void writeJson(LoadResult r, Path file) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(Files.newOutputStream(file), JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("url", r.options().url().toString());
            g.writeStringField("mode", r.options().isOpenLoop() ? "open" : "closed");
            g.writeNumberField("concurrency", r.options().concurrency());
            g.writeNumberField("rate", r.options().rate());
            g.writeNumberField("requests", r.requests());
            g.writeNumberField("ok", r.ok());
            g.writeNumberField("elapsed_seconds", r.elapsedNanos() / 1e9);
            g.writeNumberField("requests_per_second", r.requestsPerSecond());
            g.writeNumberField("bytes_received", r.bytesReceived());
            g.writeObjectFieldStart("errors");
            g.writeNumberField("total", r.errors());
            g.writeNumberField("non_2xx", r.non2xx());
            g.writeNumberField("connect_failures", r.connectFailures());
            g.writeNumberField("timeouts", r.timeouts());
            g.writeNumberField("truncated_streams", r.truncatedStreams());
            g.writeNumberField("io_errors", r.ioErrors());
            g.writeEndObject();
            g.writeObjectFieldStart("status_counts");
            for (Map.Entry<Integer, Long> e : new java.util.TreeMap<>(r.statusCounts()).entrySet()) {
                g.writeNumberField(Integer.toString(e.getKey()), e.getValue());
            }
            g.writeEndObject();
            histogram(g, "latency_ms", r.latency());
            histogram(g, "ttft_ms", r.ttft());
            histogram(g, "gap_ms", r.gap());
            g.writeEndObject();
        }
    }

    private static void histogram(JsonGenerator g, String name, Histogram h) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("count", h.getTotalCount());
        if (h.getTotalCount() > 0) {
            g.writeNumberField("min", h.getMinValue() / MICROS_PER_MS);
            g.writeNumberField("mean", h.getMean() / MICROS_PER_MS);
            for (double p : PERCENTILES) {
                g.writeNumberField("p" + label(p).replace('.', '_'), h.getValueAtPercentile(p) / MICROS_PER_MS);
            }
            g.writeNumberField("max", h.getMaxValue() / MICROS_PER_MS);
        }
        g.writeEndObject();
    }

    /**
     * Writes the latency percentile distribution to {@code file}; for streams also the time to
     * first token and the gaps, next to it as {@code <name>-ttft.hgrm} and {@code <name>-gap.hgrm}.
     */
    public static void writeHgrm(LoadResult r, Path file) throws IOException {
        writeHgrm(r.latency(), file);
        if (r.ttft().getTotalCount() > 0) {
            writeHgrm(r.ttft(), sibling(file, "-ttft"));
            writeHgrm(r.gap(), sibling(file, "-gap"));
        }
    }

    static Path sibling(Path file, String suffix) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String sibling = dot < 0 ? name + suffix : name.substring(0, dot) + suffix + name.substring(dot);
        return file.resolveSibling(sibling);
    }

    private static void writeHgrm(Histogram h, Path file) throws IOException {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
            h.outputPercentileDistribution(out, MICROS_PER_MS);
        }
    }
}
