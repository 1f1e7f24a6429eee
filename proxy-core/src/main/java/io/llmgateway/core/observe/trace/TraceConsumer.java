package io.llmgateway.core.observe.trace;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.config.LoggingConfig;
import io.llmgateway.core.observe.OutcomeConsumer;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.time.Instant;
import java.util.function.Function;

/**
 * Traces: turns each traced outcome into its spans ({@link OutcomeSpans}) and hands them to a
 * {@link BatchSpanExporter}, which posts them to the OTLP/HTTP collector of
 * {@code logging.otlp.endpoint} from a thread of its own. With the endpoint empty it holds no
 * exporter and ignores every outcome; a reload that changes {@code logging.otlp} replaces the
 * exporter (the old one exports what it holds, then ends).
 *
 * <p>Confined to the observer thread, like every {@link OutcomeConsumer}: plain fields.
 */
public final class TraceConsumer implements OutcomeConsumer {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(TraceConsumer.class);

    private final Function<LoggingConfig.Otlp, BatchSpanExporter> exporters;
    private LoggingConfig.Otlp config;
    /** Null while tracing is off. */
    private BatchSpanExporter exporter;

    /** Exports over OTLP/HTTP as {@code config} says. */
    public TraceConsumer(GatewayConfig config) {
        this(config.logging().otlp(), TraceConsumer::httpExporter);
    }

    /** @param exporters makes a started exporter for an enabled {@code logging.otlp} */
    TraceConsumer(LoggingConfig.Otlp config, Function<LoggingConfig.Otlp, BatchSpanExporter> exporters) {
        this.exporters = requireNonNull(exporters, "exporters");
        apply(requireNonNull(config, "config"));
    }

    private static BatchSpanExporter httpExporter(LoggingConfig.Otlp c) {
        OtlpHttpTransport transport = new OtlpHttpTransport(c);
        return new BatchSpanExporter(c.serviceName(), c.batchSize(), c.queueSize(), c.intervalMs(), transport,
                transport.target()).start();
    }

    @Override
    public void accept(ExchangeOutcome outcome) {
        BatchSpanExporter e = exporter;
        if (e == null || !outcome.traced()) {
            return;
        }
        for (Span span : OutcomeSpans.of(outcome, epochOffsetNanos())) {
            e.offer(span);
        }
    }

    /** Epoch nanoseconds minus {@link System#nanoTime()}, now. */
    private static long epochOffsetNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano() - System.nanoTime();
    }

    @Override
    public void reconfigure(GatewayConfig config) {
        LoggingConfig.Otlp next = config.logging().otlp();
        if (!next.equals(this.config)) {
            apply(next);
        }
    }

    private void apply(LoggingConfig.Otlp next) {
        BatchSpanExporter old = exporter;
        config = next;
        exporter = next.enabled() ? exporters.apply(next) : null;
        if (old != null) {
            old.shutdown();
        }
        if (exporter != null) {
            LOG.info("traces: spans of service '{}' go to an OTLP/HTTP collector, sample ratio {}",
                    next.serviceName(), next.sampleRatio());
        }
    }

    /** The exporter in use; null while tracing is off. */
    BatchSpanExporter exporter() {
        return exporter;
    }

    @Override
    public void close() {
        BatchSpanExporter e = exporter;
        exporter = null;
        if (e != null) {
            e.close(3_000);
        }
    }
}
