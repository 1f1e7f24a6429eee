package io.llmgateway.core.config;

import io.llmgateway.core.limits.IpRange;
import java.util.List;

/**
 * {@code server:} — the listener and its limits.
 *
 * @param host                  address to bind ({@code 0.0.0.0} for {@code listen: ":8080"})
 * @param port                  port to bind (0 picks a free port, for tests)
 * @param adminApiKey           bearer key of the admin API; empty disables it
 * @param apiKeys               bearer keys clients must present; empty means no client auth
 * @param ioThreads             event-loop threads (0 = number of cores)
 * @param transport             {@code auto}, {@code epoll}, {@code io_uring} or {@code nio}
 * @param allocator             {@code pooled} or {@code adaptive}
 * @param maxRequestBytes       largest request body accepted (413 beyond)
 * @param maxHeaderBytes        largest request header block accepted (431 beyond)
 * @param maxInitialLineBytes   longest request line accepted (414 beyond)
 * @param clientIdleTimeoutMs   an idle keep-alive connection (or a stalled request) is closed after this
 * @param shutdownGraceMs       how long SIGTERM waits for in-flight requests before closing them, the
 *                              drain delay included
 * @param drainDelayMs          how long after SIGTERM the listener stays open, readiness failing, before it
 *                              closes (at most {@code shutdownGraceMs})
 * @param maxBufferedBytes      memory budget for request bodies being received; 0 = derived from the JVM's limits
 * @param headerTimeoutMs       deadline for a whole request head, from the connection's start or the head's first byte
 * @param bodyTimeoutMs         deadline for a whole request body, from the end of its head
 * @param maxConnections        open client connections at most; 0 = no limit
 * @param trustedProxies        peers whose {@code X-Forwarded-For} names the client
 * @param ipLimits              limits per client address
 * @param metricsHost           address of the separate metrics listener ({@code server.metrics_listen}); empty
 *                              when {@code /metrics} is served on the main listener
 * @param metricsPort           port of the separate metrics listener (0 picks a free port); 0 when there is none
 * @param adminHost             address of the separate admin API listener ({@code server.admin_listen}); empty
 *                              when the admin API is served on the main listener
 * @param adminPort             port of the separate admin listener (0 picks a free port); 0 when there is none
 * @param tls                   the main listener over TLS ({@code server.tls}), or plain HTTP
 * @param uploads               the multipart uploads streamed through ({@code server.max_upload_bytes} ...)
 */
public record ServerConfig(
        String host,
        int port,
        String adminApiKey,
        List<String> apiKeys,
        int ioThreads,
        String transport,
        String allocator,
        int maxRequestBytes,
        int maxHeaderBytes,
        int maxInitialLineBytes,
        long clientIdleTimeoutMs,
        long shutdownGraceMs,
        long maxBufferedBytes,
        long headerTimeoutMs,
        long bodyTimeoutMs,
        int maxConnections,
        List<IpRange> trustedProxies,
        IpLimitsConfig ipLimits,
        long drainDelayMs,
        String metricsHost,
        int metricsPort,
        String adminHost,
        int adminPort,
        ServerTls tls,
        UploadLimits uploads) {

    public ServerConfig {
        apiKeys = List.copyOf(apiKeys);
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** Whether {@code /metrics} has a listener of its own ({@code server.metrics_listen}). */
    public boolean separateMetricsListener() {
        return !metricsHost.isEmpty();
    }

    /** Whether the admin API has a listener of its own ({@code server.admin_listen}). */
    public boolean separateAdminListener() {
        return !adminHost.isEmpty();
    }

    @Override
    public String toString() {
        return "ServerConfig[listen=" + host + ':' + port + ", transport=" + transport + ", allocator=" + allocator
                + ", ioThreads=" + ioThreads + ", maxRequestBytes=" + maxRequestBytes + ", apiKeys=" + apiKeys.size()
                + ", adminApi=" + (adminApiKey.isEmpty() ? "off" : "on") + ", tls=" + (tls.enabled() ? "on" : "off") + ']';
    }
}
