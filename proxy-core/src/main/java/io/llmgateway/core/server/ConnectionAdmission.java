package io.llmgateway.core.server;

import io.llmgateway.core.config.IpLimitsConfig;
import io.llmgateway.core.config.ServerConfig;
import io.llmgateway.core.limits.ClientIp;
import io.llmgateway.core.limits.ConcurrentInFlightLimit;
import io.llmgateway.core.limits.ConcurrentIpLimits;
import io.llmgateway.core.limits.IpRange;
import io.llmgateway.core.limits.Ticker;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.internal.logging.InternalLogLevel;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * Admits or refuses each new client connection: at most {@code server.max_connections} open
 * (0: no cap), and at most {@code server.ip_limits.max_connections} from one address (not
 * counting trusted proxies, whose connections carry many clients). A refused connection is
 * closed at once, before a byte of it is read: nothing is answered, since an answer would need
 * the request (an HTTP client then sees the connection closed; a load balancer tries elsewhere),
 * and the connections being served lose nothing. Refusals are logged at {@code warn} once per
 * burst. A slot is given back when its connection closes.
 *
 * <p>One per server, shared by every event loop: its counters are lock-free
 * ({@link ConcurrentInFlightLimit}, {@link ConcurrentIpLimits}); admitting a connection allocates
 * its {@link ClientAddress} and a close listener, nothing per request.
 */
final class ConnectionAdmission {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(ConnectionAdmission.class);

    private final ConcurrentInFlightLimit open;
    private final ConcurrentIpLimits ipLimits;
    private final IpLimitsConfig ipConfig;
    private final List<IpRange> trustedProxies;
    private final BurstLog overCap;
    private final BurstLog overIpCap;

    ConnectionAdmission(ServerConfig config, Ticker ticker) {
        this.open = new ConcurrentInFlightLimit(config.maxConnections());
        this.ipConfig = config.ipLimits();
        this.ipLimits = ipConfig.enabled() ? new ConcurrentIpLimits(ipConfig.maxConnections(),
                ipConfig.requestsPerSecond(), ipConfig.effectiveBurst(), ipConfig.maxTrackedIps(), ticker) : null;
        this.trustedProxies = config.trustedProxies();
        this.overCap = new BurstLog(LOG, InternalLogLevel.WARN, "connections refused: "
                + config.maxConnections() + " open already (server.max_connections)");
        this.overIpCap = new BurstLog(LOG, InternalLogLevel.WARN, "connections refused: their address had "
                + ipConfig.maxConnections() + " open already (server.ip_limits.max_connections)");
    }

    /**
     * Counts {@code ch} in, or refuses it.
     *
     * @return who is at the other end; null when refused (the caller closes it)
     */
    ClientAddress admit(Channel ch) {
        if (!open.tryAcquire()) {
            overCap.occurred();
            return null;
        }
        ClientIp peer = peerOf(ch.remoteAddress());
        boolean trusted = peer != null && ClientAddress.isTrusted(peer, trustedProxies);
        ConcurrentIpLimits.Entry entry = null;
        if (ipLimits != null && peer != null && !trusted) {
            entry = ipLimits.openConnection(peer);
            if (entry == null) {
                open.release();
                overIpCap.occurred();
                return null;
            }
        }
        ConcurrentIpLimits.Entry counted = entry;
        ch.closeFuture().addListener((ChannelFutureListener) f -> {
            if (counted != null) {
                ipLimits.closeConnection(counted);
            }
            open.release();
        });
        return new ClientAddress(peer, trusted, entry);
    }

    private static ClientIp peerOf(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? ClientIp.of(inet.getAddress())
                : null;
    }

    /** Client connections open now. */
    int open() {
        return open.inFlight();
    }

    /** The per-address limits; null when {@code server.ip_limits} sets none. */
    ConcurrentIpLimits ipLimits() {
        return ipLimits;
    }

    /** Whether requests are limited per address (a rate is set), so that connections need an {@link IpRateLimit}. */
    boolean limitsRequests() {
        return ipLimits != null && ipConfig.requestsPerSecond() > 0;
    }

    IpLimitsConfig ipConfig() {
        return ipConfig;
    }

    List<IpRange> trustedProxies() {
        return trustedProxies;
    }
}
