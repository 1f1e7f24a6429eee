package io.llmgateway.core.observe.metrics;

import io.llmgateway.core.observe.ExchangeTimings;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.llmgateway.core.proxy.ExchangeOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of latency, time to first token and gateway overhead ({@link ExchangeTimings}), per
 * alias and per provider, since start, from HdrHistograms (2 significant digits, 1 µs to 1 hour),
 * given as JSON for the admin API and the dashboard:
 *
 * <pre>
 * {"aliases":{"gpt-4o":{"latency_ms":{"count":3,"p50":12.1,"p90":..,"p99":..,"p999":..,"max":..},
 *                       "ttft_ms":{...},"overhead_ms":{...}}},
 *  "providers":{"openai":{...}}}
 * </pre>
 *
 * <p>Confined to the observer thread: plain {@link Histogram}s, written by {@link #record} and read
 * by {@link #json}, both there. Other threads get the JSON the observer rendered last
 * ({@link MetricsSnapshot#statsJson()}). About 27 KB per histogram, three per series; the series
 * are bounded by {@link MetricLabels}.
 */
public final class StatsSummary {

    private static final long HIGHEST_MICROS = 3_600_000_000L;
    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, Series> aliases = new TreeMap<>();
    private final Map<String, Series> providers = new TreeMap<>();

    /** Adds {@code o}'s durations to its alias's and its provider's series (labels already bounded). */
    void record(ExchangeOutcome o, String alias, String provider) {
        long duration = ExchangeTimings.durationNanos(o);
        long ttft = ExchangeTimings.timeToFirstTokenNanos(o);
        long overhead = ExchangeTimings.overheadNanos(o);
        aliases.computeIfAbsent(alias, a -> new Series()).record(duration, ttft, overhead);
        providers.computeIfAbsent(provider, p -> new Series()).record(duration, ttft, overhead);
    }

    /** The summary as UTF-8 JSON. */
    public byte[] json() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 512 * (aliases.size() + providers.size()));
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            write(g, "aliases", aliases);
            write(g, "providers", providers);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the stats summary to memory", e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, String name, Map<String, Series> series) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Series> e : series.entrySet()) {
            g.writeObjectFieldStart(e.getKey());
            percentiles(g, "latency_ms", e.getValue().latency);
            percentiles(g, "ttft_ms", e.getValue().ttft);
            percentiles(g, "overhead_ms", e.getValue().overhead);
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void percentiles(JsonGenerator g, String name, Histogram h) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("count", h.getTotalCount());
        g.writeNumberField("p50", millis(h, 50));
        g.writeNumberField("p90", millis(h, 90));
        g.writeNumberField("p99", millis(h, 99));
        g.writeNumberField("p999", millis(h, 99.9));
        g.writeNumberField("max", h.getMaxValue() / 1000.0);
        g.writeEndObject();
    }

    /** The percentile in ms, to the µs; 0 without samples. */
    static double millis(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    /**
     * Adds {@code nanos} to {@code h}, made on first use with the summary's range and precision
     * (for {@link KeyPercentiles}, whose histograms follow the same rules).
     *
     * @return {@code h}, or the histogram made for it
     */
    static Histogram record(Histogram h, long nanos) {
        Histogram out = h == null ? Series.histogram() : h;
        Series.add(out, Math.max(0, nanos));
        return out;
    }

    private static final class Series {
        final Histogram latency = histogram();
        final Histogram ttft = histogram();
        final Histogram overhead = histogram();

        void record(long durationNanos, long ttftNanos, long overheadNanos) {
            add(latency, durationNanos);
            add(ttft, ttftNanos);
            add(overhead, overheadNanos);
        }

        private static void add(Histogram h, long nanos) {
            if (nanos != ExchangeTimings.NONE) {
                h.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, nanos / 1000)));
            }
        }

        private static Histogram histogram() {
            return new Histogram(1, HIGHEST_MICROS, 2);
        }
    }
}
