package io.llmgateway.core.admin.ops;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.admin.AdminModule;
import io.llmgateway.core.admin.AdminResponse;
import io.llmgateway.core.admin.AdminRoutes;
import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.observe.log.RequestLogRing;
import io.llmgateway.core.observe.metrics.MetricsSnapshot;
import io.llmgateway.core.server.ServerState;
import io.netty.handler.codec.http.HttpMethod;
import java.util.function.Supplier;

/**
 * The operational part of the admin API: what the providers' keys are doing, taking a key out of
 * rotation and back, the last requests, the latency percentiles.
 *
 * <pre>
 *   GET  /providers             per provider and key: state, usage against limits, percentiles
 *   POST /keys/{id}/enable      {id} = provider:key, or a key id only one provider has
 *   POST /keys/{id}/disable
 *   GET  /logs?limit&amp;provider&amp;status&amp;key   the request-log ring, newest first
 *   GET  /stats                 the percentile summary per alias and provider
 * </pre>
 *
 * <p>Everything is read from state other threads keep: the key registry (lock-free per key), the
 * observer's last rendering (a volatile read) and the request-log ring (one short lock); nothing
 * here waits on an event loop or the observer.
 */
public final class OpsAdminModule implements AdminModule {

    private final Supplier<GatewayConfig> config;
    private final KeyStateRegistry keys;
    private final Supplier<MetricsSnapshot> metrics;
    private final Supplier<RequestLogRing> ring;

    /**
     * @param config  the running config (read at each request: reloads change it)
     * @param keys    the live state of every provider key
     * @param metrics the observer's last rendering
     * @param ring    the request log's ring of now (a reload may resize it)
     */
    public OpsAdminModule(Supplier<GatewayConfig> config, KeyStateRegistry keys, Supplier<MetricsSnapshot> metrics,
            Supplier<RequestLogRing> ring) {
        this.config = requireNonNull(config, "config");
        this.keys = requireNonNull(keys, "keys");
        this.metrics = requireNonNull(metrics, "metrics");
        this.ring = requireNonNull(ring, "ring");
    }

    /** The module over a running gateway's state. */
    public static OpsAdminModule of(ServerState state) {
        return new OpsAdminModule(() -> state.snapshot().config(), state.keys(),
                state.observability().metrics()::snapshot, () -> state.observability().requestLog().ring());
    }

    @Override
    public void register(AdminRoutes routes) {
        KeyToggleRoute toggle = new KeyToggleRoute(config, keys);
        routes.add(HttpMethod.GET, "/providers", new ProvidersRoute(config, keys, metrics))
                .add(HttpMethod.POST, "/keys/{id}/enable", toggle::enable)
                .add(HttpMethod.POST, "/keys/{id}/disable", toggle::disable)
                .add(HttpMethod.GET, "/logs", new LogsRoute(ring))
                .add(HttpMethod.GET, "/stats", request -> stats());
    }

    /** The summary as the observer rendered it (up to about a second old): the bytes, not a copy. */
    private AdminResponse stats() {
        return new AdminResponse(200, AdminResponse.JSON, metrics.get().statsJson(), null);
    }
}
