package io.llmgateway.core.observe.log;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.config.LoggingConfig;
import io.llmgateway.core.observe.OutcomeConsumer;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The request log: one JSON line per finished exchange ({@link RequestLogEncoder}), given to the
 * in-memory {@link RequestLogRing} and to the sinks {@code logging} configures (a rotating file,
 * webhooks). An {@link OutcomeConsumer}: encodes on the observer thread; the sinks write and send
 * on threads of their own.
 *
 * <p>A reload that changes {@code logging} takes effect from the next outcome: the sinks are
 * replaced when their settings changed ({@link RequestLogSinks#retire}), the ring is resized
 * keeping its newest entries.
 */
public final class RequestLog implements OutcomeConsumer {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(RequestLog.class);

    private final LongAdder retiredDrops = new LongAdder();
    private LoggingConfig config;
    private RequestLogEncoder encoder;
    private volatile RequestLogSinks sinks;
    private volatile RequestLogRing ring;

    /** Starts the sinks {@code config} asks for. */
    public RequestLog(LoggingConfig config) {
        this.config = requireNonNull(config, "config");
        this.encoder = new RequestLogEncoder(config.content());
        this.sinks = RequestLogSinks.start(config, retiredDrops);
        this.ring = new RequestLogRing(config.ringSize());
        describe(config);
    }

    /** The effective settings, once at start and after each reload that changes them (webhooks by name only). */
    private static void describe(LoggingConfig c) {
        LoggingConfig.FileSink f = c.file();
        LOG.info("request log: ring of {} entries; file {}; webhooks {}; content {}", c.ringSize(),
                f.enabled() ? f.path() + " (rotated at " + f.maxSizeMb() + " MB, " + f.maxBackups() + " kept)" : "off",
                c.sinks().stream().map(LoggingConfig.HttpSink::name).toList(),
                c.content().include() ? "up to " + c.content().maxBytes() + " bytes, masks " + c.content().masks() : "off");
    }

    /** The last entries, for the admin API; any thread. */
    public RequestLogRing ring() {
        return ring;
    }

    /** The sinks of now; {@link RequestLogSinks#dropped()} counts across reloads. Any thread. */
    public RequestLogSinks sinks() {
        return sinks;
    }

    @Override
    public void accept(ExchangeOutcome outcome) {
        RequestLogRing r = ring;
        RequestLogSinks s = sinks;
        if (r.capacity() == 0 && !s.any()) {
            return;
        }
        long arrival = arrivalEpochMillis(outcome.receivedNanos());
        if (!s.any()) {
            r.add(RequestLogEntry.lazy(outcome, arrival, config.content())); // encoded if the admin API reads it
            return;
        }
        RequestLogEntry entry = encoder.encode(outcome, arrival);
        r.add(entry);
        s.offer(entry);
    }

    /** {@code receivedNanos}, a {@link System#nanoTime()} reading of the recent past, on the wall clock. */
    static long arrivalEpochMillis(long receivedNanos) {
        long agoNanos = System.nanoTime() - receivedNanos;
        return System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(Math.max(0, agoNanos));
    }

    @Override
    public void reconfigure(GatewayConfig next) {
        LoggingConfig c = next.logging();
        if (c.equals(config)) {
            return;
        }
        if (!c.content().equals(config.content())) {
            encoder = new RequestLogEncoder(c.content());
        }
        if (c.ringSize() != ring.capacity()) {
            RequestLogRing resized = new RequestLogRing(c.ringSize());
            resized.copyFrom(ring);
            ring = resized;
        }
        if (!c.file().equals(config.file()) || !c.sinks().equals(config.sinks())) {
            RequestLogSinks old = sinks;
            old.retire();
            sinks = RequestLogSinks.start(c, retiredDrops);
        }
        config = c;
        describe(c);
    }

    @Override
    public void close() {
        sinks.close();
    }
}
