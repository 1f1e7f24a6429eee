package io.llmgateway.core.observe.metrics;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.balance.KeyStateView;
import io.llmgateway.core.state.StateKeeper;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The provider keys as the balancer sees them, read from {@link KeyStateRegistry#snapshot()} when
 * the metrics are rendered (its per-key state is lock-free, so reading it holds up no event loop):
 * usage against the RPM and TPM limits, health, requests in flight, the balancer's moving averages
 * of latency and errors per provider, and the cooldowns so far. Labels are provider and key ids
 * from the config, never a secret.
 */
final class KeyStateCollector extends Collector {

    private static final String[] STATES = {"healthy", "cooling_down", "half_open", "disabled"};
    private static final List<String> KEY = List.of("provider", "key");

    private final KeyStateRegistry keys;

    KeyStateCollector(KeyStateRegistry keys) {
        this.keys = requireNonNull(keys, "keys");
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<KeyStateView> views = keys.snapshot();
        GaugeMetricFamily usage = new GaugeMetricFamily("llm_key_usage_ratio", "Usage of the current minute "
                + "against the key's limit (keys with a limit only).", List.of("provider", "key", "limit"));
        GaugeMetricFamily state = new GaugeMetricFamily("llm_key_state", "1 for the key's current state, 0 for "
                + "the others.", List.of("provider", "key", "state"));
        GaugeMetricFamily inflight = new GaugeMetricFamily("llm_upstream_inflight", "Requests sent to the "
                + "provider that have not ended yet.", List.of("provider"));
        GaugeMetricFamily keyInflight = new GaugeMetricFamily("llm_key_inflight", "Requests sent with the key "
                + "that have not ended yet.", KEY);
        GaugeMetricFamily latency = new GaugeMetricFamily("llm_latency_ms_avg", "Mean of the balancer's moving "
                + "averages of the provider's keys' latency (non-stream answers), in ms.", List.of("provider"));
        GaugeMetricFamily errorRate = new GaugeMetricFamily("llm_error_rate", "Mean of the balancer's moving "
                + "averages of the provider's keys' failures per request, in [0, 1].", List.of("provider"));
        Map<String, ProviderTotals> providers = new TreeMap<>();
        int active = 0;
        for (KeyStateView k : views) {
            String current = k.enabled() ? k.health().toLowerCase(Locale.ROOT) : "disabled";
            for (String s : STATES) {
                state.addMetric(List.of(k.providerId(), k.keyId(), s), s.equals(current) ? 1 : 0);
            }
            if (k.rpmLimit() > 0) {
                usage.addMetric(List.of(k.providerId(), k.keyId(), "rpm"), (double) k.rpmUsed() / k.rpmLimit());
            }
            if (k.tpmLimit() > 0) {
                usage.addMetric(List.of(k.providerId(), k.keyId(), "tpm"), (double) k.tpmUsed() / k.tpmLimit());
            }
            keyInflight.addMetric(List.of(k.providerId(), k.keyId()), k.inFlight());
            if ("healthy".equals(current)) {
                active++;
            }
            providers.computeIfAbsent(k.providerId(), p -> new ProviderTotals()).add(k);
        }
        for (Map.Entry<String, ProviderTotals> e : providers.entrySet()) {
            List<String> p = List.of(e.getKey());
            ProviderTotals t = e.getValue();
            inflight.addMetric(p, t.inFlight);
            errorRate.addMetric(p, t.errorRateSum / t.keys);
            if (t.latencyKeys > 0) {
                latency.addMetric(p, t.latencySum / t.latencyKeys);
            }
        }
        List<MetricFamilySamples> out = new ArrayList<>(8);
        out.add(usage);
        out.add(state);
        out.add(inflight);
        out.add(keyInflight);
        out.add(latency);
        out.add(errorRate);
        out.add(new GaugeMetricFamily("llm_active_keys_total", "Enabled keys in rotation (healthy) now.", active));
        out.add(new CounterMetricFamily("llm_cooldowns_total", "Times a key began to cool down.", keys.cooldowns()));
        StateKeeper keeper = keys.keeper();
        out.add(new GaugeMetricFamily("llm_state_store_up", "1 when the runtime store answers (always with the "
                + "embedded store); 0 while limits fall back to this instance's share.",
                keeper == null || keeper.up() ? 1 : 0));
        out.add(new GaugeMetricFamily("llm_state_instances", "Live gateway instances sharing the runtime store "
                + "(1 with the embedded store).", keeper == null ? 1 : keeper.instances()));
        return out;
    }

    private static final class ProviderTotals {
        int keys;
        long inFlight;
        double errorRateSum;
        double latencySum;
        int latencyKeys;

        void add(KeyStateView k) {
            keys++;
            inFlight += k.inFlight();
            errorRateSum += k.errorRate();
            if (k.latencyMs() >= 0) {
                latencySum += k.latencyMs();
                latencyKeys++;
            }
        }
    }
}
