package io.llmgateway.core.observe.metrics;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.cache.ResponseStore;
import io.llmgateway.core.observe.ObservationQueue;
import io.llmgateway.core.observe.OutcomeConsumer;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.netty.buffer.ByteBufAllocator;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import io.prometheus.client.hotspot.BufferPoolsExports;
import io.prometheus.client.hotspot.ClassLoadingExports;
import io.prometheus.client.hotspot.GarbageCollectorExports;
import io.prometheus.client.hotspot.MemoryPoolsExports;
import io.prometheus.client.hotspot.StandardExports;
import io.prometheus.client.hotspot.ThreadExports;
import io.prometheus.client.hotspot.VersionInfoExports;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The metrics of the gateway: moves the Prometheus counters and histograms ({@link OutcomeMetrics})
 * and the HdrHistogram percentiles ({@link StatsSummary}, and per key {@link KeyPercentiles}) with
 * each outcome, and renders them,
 * about once a second, into the {@link MetricsSnapshot} that {@code /metrics} serves.
 *
 * <p>Why render ahead rather than on a scrape: a scrape is answered on an event loop, which must
 * not spend a millisecond writing a few hundred series nor wait for the observer. So the observer
 * renders in its idle moments ({@link #idle}) when the last rendering is {@value #RENDER_INTERVAL_MS}
 * ms old, and publishes the result through one volatile field; a scrape reads that field and wraps
 * the bytes, taking no lock. What a scrape sees is therefore up to about a second old (longer only
 * while the observer has no idle moment, i.e. is saturated). Key gauges, JVM and allocator gauges
 * are read at rendering time.
 *
 * <p>The collectors live in a registry of this consumer's own, not Prometheus' static default one:
 * several gateways may run in one JVM (tests), each with its own metrics. JVM and GC collectors
 * (simpleclient_hotspot's default set, but the allocation counter) are registered in it too.
 *
 * <p>Threading: {@link #accept}, {@link #idle}, {@link #reconfigure} and {@link #render} on the
 * observer thread; {@link #snapshot} from any thread.
 */
public final class MetricsConsumer implements OutcomeConsumer {

    /** How old the rendered metrics get before the observer renders them again. */
    public static final long RENDER_INTERVAL_MS = 1_000;

    private static final long RENDER_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(RENDER_INTERVAL_MS);

    private final CollectorRegistry registry = new CollectorRegistry(true);
    private final MetricLabels labels;
    private final OutcomeMetrics outcomes;
    private final StatsSummary stats = new StatsSummary();
    private final KeyPercentiles keyTimings;
    private final boolean prometheus;
    private volatile MetricsSnapshot snapshot = MetricsSnapshot.EMPTY;
    private boolean rendered;
    private int textSizeHint = 16 * 1024;

    private MetricsConsumer(GatewayConfig config, boolean prometheus) {
        this.labels = new MetricLabels(config);
        this.outcomes = new OutcomeMetrics(registry);
        this.keyTimings = new KeyPercentiles(config);
        this.prometheus = prometheus;
    }

    /**
     * The metrics for {@code config}: Prometheus text is rendered when
     * {@code logging.prometheus.enabled} (it is read at start; a reload does not turn it on or off).
     *
     * @param keys      read for the key gauges when rendering
     * @param allocator the connections' buffer allocator, for its gauges
     */
    public static MetricsConsumer create(GatewayConfig config, KeyStateRegistry keys, ByteBufAllocator allocator) {
        MetricsConsumer m = new MetricsConsumer(config, config.logging().prometheus().enabled());
        m.registry.register(new KeyStateCollector(keys));
        m.registry.register(new AllocatorCollector(allocator));
        // DefaultExports without MemoryAllocationExports: that one adds a GC listener to the JVM
        // per registry, never removed, and gateways come and go in one JVM (tests).
        m.registry.register(new StandardExports());
        m.registry.register(new MemoryPoolsExports());
        m.registry.register(new BufferPoolsExports());
        m.registry.register(new GarbageCollectorExports());
        m.registry.register(new ThreadExports());
        m.registry.register(new ClassLoadingExports());
        m.registry.register(new VersionInfoExports());
        return m;
    }

    /** Exports {@code queue}'s drop count and backlog; call before the queue starts. */
    public void watch(ObservationQueue queue) {
        registry.register(new ObserverCollector(requireNonNull(queue, "queue")));
    }

    /** Exports the response cache's size and evictions. */
    public void watch(ResponseStore cache) {
        registry.register(new CacheCollector(cache));
    }

    @Override
    public void accept(ExchangeOutcome outcome) {
        outcomes.record(outcome, labels);
        stats.record(outcome, labels.alias(outcome.alias()),
                outcome.deployment() == null ? MetricLabels.NONE : outcome.providerId());
        keyTimings.record(outcome);
    }

    @Override
    public void idle(long nowNanos) {
        if (!rendered || nowNanos - snapshot.renderedNanos() >= RENDER_INTERVAL_NANOS) {
            render(nowNanos);
        }
    }

    @Override
    public void reconfigure(GatewayConfig config) {
        labels.reconfigure(config);
        outcomes.reconfigured();
        keyTimings.reconfigure(config);
    }

    /** Renders the metrics as of now and publishes them; observer thread (or a test standing in for it). */
    public MetricsSnapshot render(long nowNanos) {
        MetricsSnapshot s = new MetricsSnapshot(prometheus ? prometheusText() : new byte[0], stats.json(),
                keyTimings.render(), nowNanos);
        snapshot = s;
        rendered = true;
        return s;
    }

    /** The metrics as last rendered; any thread, no lock. */
    public MetricsSnapshot snapshot() {
        return snapshot;
    }

    private byte[] prometheusText() {
        // Into a StringWriter, encoded once: an OutputStreamWriter allocates on each of the many
        // small writes of TextFormat (about three times the garbage per rendering).
        StringWriter w = new StringWriter(textSizeHint);
        try {
            // The _created series of counters and histograms double the output for little use.
            TextFormat.write004(w, registry.filteredMetricFamilySamples(name -> !name.endsWith("_created")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics to memory", e);
        }
        String text = w.toString();
        textSizeHint = text.length() + text.length() / 8;
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
