package io.llmgateway.core.server;

import io.llmgateway.core.limits.ClientIp;
import io.llmgateway.core.limits.ConcurrentIpLimits;
import io.llmgateway.core.limits.IpRange;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/**
 * Who is at the other end of one client connection: the socket's peer, whether it is one of
 * {@code server.trusted_proxies}, and the peer's entry in the per-address limits (held while the
 * connection is open). For a request through a trusted proxy the client is the right-most address
 * of {@code X-Forwarded-For} that is not itself trusted ({@link #client}).
 *
 * <p>Immutable; one per connection, made by {@link ConnectionAdmission}.
 *
 * @param peer    the socket's peer; null when the channel has no IP address (tests)
 * @param trusted whether {@code peer} is a trusted proxy
 * @param limits  the peer's entry in the per-address limits; null when they are off, or the peer
 *                is trusted (its requests are counted by the addresses it forwards) or has no address
 */
record ClientAddress(ClientIp peer, boolean trusted, ConcurrentIpLimits.Entry limits) {

    static final String X_FORWARDED_FOR = "x-forwarded-for";

    /**
     * The client of a request that came through {@code peer}, a trusted proxy: walking
     * {@code X-Forwarded-For} from its right end (the address the proxy saw), the first address
     * that is not trusted; when every one is, the left-most. An entry that is not an IP address
     * ends the walk: the address right of it (ultimately {@code peer}) is the client, since only a
     * trusted hop vouches for the next. Every {@code X-Forwarded-For} header counts, in order.
     */
    static ClientIp client(HttpHeaders headers, ClientIp peer, List<IpRange> trusted) {
        List<String> values = headers.getAll(X_FORWARDED_FOR);
        ClientIp client = peer;
        for (int i = values.size() - 1; i >= 0; i--) {
            String v = values.get(i);
            int end = v.length();
            while (end >= 0) {
                int comma = v.lastIndexOf(',', end - 1);
                ClientIp hop = ClientIp.parse(v.substring(comma + 1, end));
                if (hop == null) {
                    return client;
                }
                client = hop;
                if (!isTrusted(hop, trusted)) {
                    return hop;
                }
                end = comma;
            }
        }
        return client;
    }

    static boolean isTrusted(ClientIp ip, List<IpRange> trusted) {
        for (int i = 0; i < trusted.size(); i++) {
            if (trusted.get(i).contains(ip)) {
                return true;
            }
        }
        return false;
    }
}
