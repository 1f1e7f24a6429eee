package io.llmgateway.core.observe;

import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.observe.log.RequestLog;
import io.llmgateway.core.observe.metrics.MetricsConsumer;
import io.llmgateway.core.observe.trace.TraceConsumer;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything that watches the running gateway, built once at start from the config: the
 * {@link ObservationQueue} the exchanges deliver their outcomes to, and its consumers. Reloads
 * reach the consumers through {@link #reconfigure}; {@link #close} drains and stops them.
 */
public final class Observability implements AutoCloseable {

    /** Outcomes waiting for the observer at most; beyond, they are dropped and counted. */
    static final int QUEUE_CAPACITY = 65_536;

    private final ObservationQueue queue;
    private final MetricsConsumer metrics;
    private final RequestLog requestLog;

    private Observability(ObservationQueue queue, MetricsConsumer metrics, RequestLog requestLog) {
        this.queue = queue;
        this.metrics = metrics;
        this.requestLog = requestLog;
    }

    /**
     * Builds the consumers {@code config} asks for and starts the observer thread.
     *
     * @param keys the live state of every provider key (for the key gauges)
     */
    public static Observability start(GatewayConfig config, KeyStateRegistry keys) {
        return start(config, keys, PooledByteBufAllocator.DEFAULT);
    }

    /**
     * As {@link #start(GatewayConfig, KeyStateRegistry)}, with the connections' buffer allocator
     * (for its gauges).
     */
    public static Observability start(GatewayConfig config, KeyStateRegistry keys, ByteBufAllocator allocator) {
        return start(config, keys, allocator, List.of());
    }

    /** As {@link #start(GatewayConfig, KeyStateRegistry, ByteBufAllocator)}, with more consumers (spend). */
    public static Observability start(GatewayConfig config, KeyStateRegistry keys, ByteBufAllocator allocator,
            List<OutcomeConsumer> more) {
        List<OutcomeConsumer> consumers = new ArrayList<>(more);
        MetricsConsumer metrics = MetricsConsumer.create(config, keys, allocator);
        consumers.add(metrics);
        RequestLog requestLog = new RequestLog(config.logging());
        consumers.add(requestLog);
        consumers.add(new TraceConsumer(config));
        ObservationQueue queue = new ObservationQueue(QUEUE_CAPACITY, consumers);
        metrics.watch(queue);
        return new Observability(queue.start(), metrics, requestLog);
    }

    /** The metrics: what {@code /metrics} serves, and the percentiles summary. */
    public MetricsConsumer metrics() {
        return metrics;
    }

    /** Where exchanges deliver their outcomes. */
    public ObservationQueue queue() {
        return queue;
    }

    /** The request log: its ring (the admin API's tail) and its sinks' drop count. */
    public RequestLog requestLog() {
        return requestLog;
    }

    /** A new config was published. */
    public void reconfigure(GatewayConfig config) {
        queue.reconfigure(config);
    }

    /** Gives every queued outcome to the consumers, then closes them. */
    @Override
    public void close() {
        queue.close();
    }
}
