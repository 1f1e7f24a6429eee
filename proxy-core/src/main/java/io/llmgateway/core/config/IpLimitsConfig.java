package io.llmgateway.core.config;

/**
 * {@code server.ip_limits:} — limits per client address (the socket's peer, or the address a
 * trusted proxy forwards). Every value 0 means no limit; all 0 (the default) turns the per-address
 * table off.
 *
 * @param maxConnections    open connections per address
 * @param requestsPerSecond sustained request rate per address
 * @param burst             requests an address may send at once; 0 = {@code requestsPerSecond} rounded up
 * @param maxTrackedIps     addresses tracked at once (idle ones are evicted)
 */
public record IpLimitsConfig(int maxConnections, double requestsPerSecond, int burst, int maxTrackedIps) {

    /** Whether any per-address limit is set. */
    public boolean enabled() {
        return maxConnections > 0 || requestsPerSecond > 0;
    }

    /** The burst in effect: {@link #burst()}, or the rate rounded up (at least 1) when that is 0. */
    public int effectiveBurst() {
        return burst > 0 ? burst : (int) Math.max(1, Math.ceil(requestsPerSecond));
    }
}
