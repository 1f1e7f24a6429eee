package io.llmgateway.core.observe.metrics;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.observe.ObservationQueue;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;

/** The observation queue itself: outcomes dropped because it was full, and those waiting now. */
final class ObserverCollector extends Collector {

    private final ObservationQueue queue;

    ObserverCollector(ObservationQueue queue) {
        this.queue = requireNonNull(queue, "queue");
    }

    @Override
    public List<MetricFamilySamples> collect() {
        return List.of(
                new CounterMetricFamily("llm_observe_dropped_total", "Outcome records dropped because the "
                        + "observation queue was full (their requests are missing from every metric and log).",
                        queue.dropped()),
                new GaugeMetricFamily("llm_observe_backlog", "Outcome records waiting for the observer.",
                        queue.backlog()));
    }
}
