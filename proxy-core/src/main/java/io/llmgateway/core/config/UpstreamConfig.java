package io.llmgateway.core.config;

/**
 * {@code upstream:} — how the gateway talks to providers.
 *
 * @param connectTimeoutMs     TCP + TLS connect
 * @param firstByteTimeoutMs   request written to response headers received
 * @param idleTimeoutMs        longest silence between two reads of a response, from the last byte received
 * @param totalTimeoutMs       whole exchange, first attempt to last byte
 * @param maxResponseBytes     largest upstream body the gateway buffers (errors, translated bodies)
 * @param maxEventBytes        largest single server-sent event accepted from an upstream stream
 * @param poolMaxIdlePerOrigin idle keep-alive connections kept per origin and per event loop
 * @param poolIdleTimeoutMs    an idle pooled connection is closed after this
 * @param tlsProvider          {@code auto} (BoringSSL when available), {@code openssl} or {@code jdk}
 * @param caFile               PEM file of extra trusted certificates; null for the system trust store
 */
public record UpstreamConfig(
        long connectTimeoutMs,
        long firstByteTimeoutMs,
        long idleTimeoutMs,
        long totalTimeoutMs,
        int maxResponseBytes,
        int maxEventBytes,
        int poolMaxIdlePerOrigin,
        long poolIdleTimeoutMs,
        String tlsProvider,
        String caFile) {
}
