package io.llmgateway.core.observe.metrics;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.cache.ResponseStore;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.util.ArrayList;
import java.util.List;

/** The response cache's store: what it holds and what it dropped, read at each scrape. */
final class CacheCollector extends Collector {

    private final ResponseStore store;

    CacheCollector(ResponseStore store) {
        this.store = requireNonNull(store, "store");
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<MetricFamilySamples> out = new ArrayList<>(3);
        long bytes = store.bytes();
        if (bytes >= 0) {
            out.add(new GaugeMetricFamily("llm_cache_bytes", "Bytes the response cache holds (answers and their "
                    + "bookkeeping), within cache.max_bytes.", bytes));
        }
        long entries = store.entries();
        if (entries >= 0) {
            out.add(new GaugeMetricFamily("llm_cache_entries", "Answers the response cache holds.", entries));
        }
        out.add(new CounterMetricFamily("llm_cache_evictions_total", "Answers dropped from the response cache to "
                + "stay within cache.max_bytes.", store.evictions()));
        return out;
    }
}
