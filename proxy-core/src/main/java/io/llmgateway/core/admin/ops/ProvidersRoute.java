package io.llmgateway.core.admin.ops;

import io.llmgateway.core.admin.AdminHandler;
import io.llmgateway.core.admin.AdminRequest;
import io.llmgateway.core.admin.AdminResponse;
import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.balance.KeyStateView;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.config.KeyConfig;
import io.llmgateway.core.config.ProviderConfig;
import io.llmgateway.core.observe.metrics.KeyTimings;
import io.llmgateway.core.observe.metrics.MetricsSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /providers}: every provider of the running config, in config order, and per key what
 * the balancer knows of it now — enabled, state and its reason, cooldown end, usage of the current
 * minute against its limits, requests in flight and waiting, error rate — with the upstream latency
 * and time-to-first-token percentiles the observer rendered last ({@link KeyTimings}, up to about a
 * second old). Limits are 0 when unlimited; what is unknown is null.
 *
 * <pre>
 * {"data":[{"id":"openai","type":"openai","name":"openai","base_url":"...","keys":[{"id":"k1",
 *   "enabled":true,"state":"healthy","reason":null,"cooldown_until":null,"rpm":{"used":12,"limit":500},
 *   "tpm":{"used":3400,"limit":100000},"in_flight":2,"max_concurrent":0,"waiting":0,"weight_factor":1.0,
 *   "latency_ms":{"count":9,"p50":..,"p90":..,"p99":..},"ttft_ms":{...},"error_rate":0.01,
 *   "deployments":[{"model":"gpt-4o","breaker":"closed","breaker_open_until":null,"failure_rate":0.0}]}]}]}
 * </pre>
 */
final class ProvidersRoute implements AdminHandler {

    private final Supplier<GatewayConfig> config;
    private final KeyStateRegistry keys;
    private final Supplier<MetricsSnapshot> metrics;

    ProvidersRoute(Supplier<GatewayConfig> config, KeyStateRegistry keys, Supplier<MetricsSnapshot> metrics) {
        this.config = config;
        this.keys = keys;
        this.metrics = metrics;
    }

    @Override
    public AdminResponse handle(AdminRequest request) {
        long nowMillis = keys.ticker().currentTimeMillis();
        Map<String, KeyStateView> views = new HashMap<>();
        for (KeyStateView v : keys.snapshot()) {
            views.put(v.providerId() + ':' + v.keyId(), v);
        }
        MetricsSnapshot timings = metrics.get();
        List<Object> providers = new ArrayList<>();
        for (ProviderConfig p : config.get().providers()) {
            List<Object> keyList = new ArrayList<>(p.keys().size());
            for (KeyConfig k : p.keys()) {
                keyList.add(key(k, views.get(p.id() + ':' + k.id()), timings.key(p.id(), k.id()), nowMillis));
            }
            Map<String, Object> provider = new LinkedHashMap<>();
            provider.put("id", p.id());
            provider.put("type", p.type());
            provider.put("name", p.name());
            provider.put("base_url", p.baseUrl());
            provider.put("keys", keyList);
            providers.add(provider);
        }
        return AdminResponse.ok(Map.of("data", providers));
    }

    /** One key; {@code v} is null in the instant between a reload's publication and its reconciling. */
    private static Map<String, Object> key(KeyConfig k, KeyStateView v, KeyTimings t, long nowMillis) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", k.id());
        boolean enabled = k.enabled() && v != null && !"DISABLED".equals(v.health());
        out.put("enabled", enabled);
        out.put("state", !k.enabled() ? "disabled" : v == null ? "unknown" : v.health().toLowerCase(Locale.ROOT));
        out.put("reason", !k.enabled() ? "disabled in the config (enabled: false, or its secret is empty)"
                : v == null || v.reason().isEmpty() ? null : v.reason());
        out.put("cooldown_until", v == null || v.cooldownRemainingMs() == 0 ? null
                : Instant.ofEpochMilli(nowMillis + v.cooldownRemainingMs()));
        out.put("rpm", usage(v == null ? 0 : v.rpmUsed(), k.limitReqPerMin()));
        out.put("tpm", usage(v == null ? 0 : v.tpmUsed(), k.limitTokensPerMin()));
        out.put("in_flight", v == null ? 0 : v.inFlight());
        out.put("max_concurrent", k.maxConcurrent());
        out.put("waiting", v == null ? 0 : v.waiting());
        out.put("weight_factor", v == null ? null : v.weightFactor());
        out.put("latency_ms", percentiles(t.latencyMs()));
        out.put("ttft_ms", percentiles(t.ttftMs()));
        out.put("error_rate", v == null ? null : v.errorRate());
        out.put("deployments", v == null ? List.of() : deployments(v, nowMillis));
        return out;
    }

    private static Map<String, Object> usage(long used, long limit) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("used", used);
        out.put("limit", limit);
        return out;
    }

    private static Map<String, Object> percentiles(KeyTimings.Percentiles p) {
        boolean none = p.count() == 0;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", p.count());
        out.put("p50", none ? null : p.p50());
        out.put("p90", none ? null : p.p90());
        out.put("p99", none ? null : p.p99());
        return out;
    }

    private static List<Object> deployments(KeyStateView v, long nowMillis) {
        List<Object> out = new ArrayList<>(v.deployments().size());
        for (KeyStateView.DeploymentView d : v.deployments()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", d.model());
            m.put("breaker", d.breaker().toLowerCase(Locale.ROOT));
            m.put("breaker_open_until", d.breakerOpenRemainingMs() == 0 ? null
                    : Instant.ofEpochMilli(nowMillis + d.breakerOpenRemainingMs()));
            m.put("failure_rate", d.failureRate());
            out.add(m);
        }
        return out;
    }
}
