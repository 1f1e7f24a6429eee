package io.llmgateway.core.observe.metrics;

import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.config.KeyConfig;
import io.llmgateway.core.config.ProviderConfig;
import io.llmgateway.core.proxy.AttemptOutcome;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.llmgateway.core.routing.Deployment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The HdrHistograms behind {@link KeyTimings}: one latency and one time-to-first-token histogram
 * per provider key of the config, each made on the key's first sample.
 *
 * <p>Confined to the observer thread: plain maps and histograms, written by {@link #record} and
 * read by {@link #render}, both there. Bounded by the config: only keys of the current config have
 * series ({@link #reconfigure} drops the others and keeps the samples of the keys that stay; a late
 * outcome of a removed key is not counted). About 54 KB per key that has samples.
 */
final class KeyPercentiles {

    /** provider id → key id → series: looked up per attempt without building a label string. */
    private Map<String, Map<String, Series>> providers = new HashMap<>();
    private Map<String, Map<String, KeyTimings>> rendered = Map.of();
    private boolean changed;

    KeyPercentiles(GatewayConfig config) {
        reconfigure(config);
    }

    /** Keeps a series for each key of {@code config}, with the samples of the keys it already had. */
    void reconfigure(GatewayConfig config) {
        Map<String, Map<String, Series>> next = new HashMap<>();
        for (ProviderConfig p : config.providers()) {
            Map<String, Series> before = providers.getOrDefault(p.id(), Map.of());
            Map<String, Series> keys = new HashMap<>();
            for (KeyConfig k : p.keys()) {
                keys.put(k.id(), before.getOrDefault(k.id(), new Series()));
            }
            next.put(p.id(), keys);
        }
        providers = next;
        changed = true;
    }

    /** Adds the times of each of {@code o}'s attempts that got a response to its key's series. */
    void record(ExchangeOutcome o) {
        List<AttemptOutcome> attempts = o.attempts();
        for (int i = 0; i < attempts.size(); i++) {
            AttemptOutcome a = attempts.get(i);
            if (a.sentNanos() == 0 || a.firstByteNanos() == 0) {
                continue;
            }
            Deployment d = a.deployment();
            Map<String, Series> keys = providers.get(d.provider().id());
            Series s = keys == null ? null : keys.get(d.key().id());
            if (s == null) {
                continue;
            }
            s.latency = StatsSummary.record(s.latency, a.endNanos() - a.sentNanos());
            if (o.stream()) {
                s.ttft = StatsSummary.record(s.ttft, a.firstByteNanos() - a.sentNanos());
            }
            changed = true;
        }
    }

    /** The percentiles of every key with samples, immutable: provider id → key id → timings. */
    Map<String, Map<String, KeyTimings>> render() {
        if (!changed) {
            return rendered;
        }
        Map<String, Map<String, KeyTimings>> out = new HashMap<>();
        for (Map.Entry<String, Map<String, Series>> p : providers.entrySet()) {
            Map<String, KeyTimings> keys = new HashMap<>();
            for (Map.Entry<String, Series> k : p.getValue().entrySet()) {
                Series s = k.getValue();
                if (s.latency != null) {
                    keys.put(k.getKey(), new KeyTimings(percentiles(s.latency), percentiles(s.ttft)));
                }
            }
            if (!keys.isEmpty()) {
                out.put(p.getKey(), Map.copyOf(keys));
            }
        }
        rendered = Map.copyOf(out);
        changed = false;
        return rendered;
    }

    private static KeyTimings.Percentiles percentiles(Histogram h) {
        if (h == null || h.getTotalCount() == 0) {
            return KeyTimings.Percentiles.NONE;
        }
        return new KeyTimings.Percentiles(h.getTotalCount(), StatsSummary.millis(h, 50), StatsSummary.millis(h, 90),
                StatsSummary.millis(h, 99));
    }

    /** A key's histograms; null until its first sample. */
    private static final class Series {
        Histogram latency;
        Histogram ttft;
    }
}
