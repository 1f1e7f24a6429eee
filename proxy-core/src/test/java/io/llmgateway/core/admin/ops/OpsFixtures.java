package io.llmgateway.core.admin.ops;

import io.llmgateway.core.admin.AdminJson;
import io.llmgateway.core.admin.AdminRequest;
import io.llmgateway.core.admin.AdminResponse;
import io.llmgateway.core.balance.Balancer;
import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.config.ConfigException;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.limits.ManualTicker;
import io.llmgateway.core.routing.RoutingTable;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** A config with two providers sharing a key id, its live key registry on a manual clock, and admin requests. */
final class OpsFixtures {

    static final String YAML = """
            providers:
              - id: openai
                type: openai
                base_url: "http://o/v1"
                keys:
                  - {id: k1, secret: s1, limit_req_per_min: 500, limit_tokens_per_min: 100000}
                  - {id: shared, secret: s2}
                  - {id: off, secret: s3, enabled: false}
              - id: azure
                type: openai
                base_url: "http://a/v1"
                keys:
                  - {id: shared, secret: s4, max_concurrent: 3}
            model_aliases:
              gpt-4o: openai:gpt-4o
              az: azure:gpt-4o
            policy:
              cooldown_ms: 30000
              ramp_ms: 0
            """;

    final ManualTicker ticker = new ManualTicker();
    final KeyStateRegistry keys = new KeyStateRegistry(ticker);
    final AtomicReference<GatewayConfig> config = new AtomicReference<>();
    Balancer balancer;
    RoutingTable routing;

    OpsFixtures() {
        load(YAML);
    }

    /** Publishes {@code yaml} as the running config and reconciles the registry with it (a reload). */
    void load(String yaml) {
        GatewayConfig c = config(yaml);
        routing = new RoutingTable(c);
        balancer = new Balancer(c, routing, keys);
        config.set(c);
    }

    static GatewayConfig config(String yaml) {
        try {
            return new ConfigLoader(Map.<String, String>of()::get).parse(yaml, "test");
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static AdminRequest request(HttpMethod method, String path, Map<String, String> pathParams,
            Map<String, List<String>> query, String body) {
        return new AdminRequest(method, path, pathParams, query,
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8), "admin", "req-1");
    }

    static AdminRequest get(String path, Map<String, List<String>> query) {
        return request(HttpMethod.GET, path, Map.of(), query, "");
    }

    static Map<String, Object> json(AdminResponse r) {
        return AdminJson.parseObject(r.body());
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object json, Object... path) {
        Object v = json;
        for (Object p : path) {
            v = p instanceof Integer i ? ((List<Object>) v).get(i) : ((Map<String, Object>) v).get(p);
        }
        return (T) v;
    }
}
