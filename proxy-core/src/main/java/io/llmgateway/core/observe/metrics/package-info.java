/**
 * The gateway's metrics, kept by the observer thread of {@link io.llmgateway.core.observe.ObservationQueue}.
 *
 * <p>Threading: {@link io.llmgateway.core.observe.metrics.MetricsConsumer} and what it owns
 * ({@code OutcomeMetrics}, {@code StatsSummary}, {@code KeyPercentiles},
 * {@code MetricLabels}) are written on the observer
 * thread only, in plain fields and collections. The collectors that read other state when the
 * metrics are rendered ({@code KeyStateCollector}, {@code AllocatorCollector},
 * {@code ObserverCollector}) run there too and read only thread-safe state (the key registry's
 * lock-free per-key state, the allocator's metrics, the queue's counters). The one thing other
 * threads read is the rendered {@link io.llmgateway.core.observe.metrics.MetricsSnapshot},
 * published through a volatile field: immutable arrays, safely published, read without a lock.
 */
package io.llmgateway.core.observe.metrics;
