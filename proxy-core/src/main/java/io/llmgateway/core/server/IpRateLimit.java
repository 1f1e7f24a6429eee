package io.llmgateway.core.server;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.http.RetryAfter;
import io.llmgateway.core.http.Responses;
import io.llmgateway.core.limits.ClientIp;
import io.llmgateway.core.limits.ConcurrentIpLimits;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import java.util.concurrent.TimeUnit;

/**
 * The request rate per client address ({@code server.ip_limits.requests_per_second} with its
 * {@code burst}): a request over it is answered 429 {@code rate_limit_exceeded} with
 * {@code retry-after} (the wait until one would be admitted, in whole seconds). Every request
 * counts, whatever its route. The client is the socket's peer, or for a request through one of
 * {@code server.trusted_proxies} the address its {@code X-Forwarded-For} names
 * ({@link ClientAddress#client}).
 *
 * <pre>
 *   ... -> RequestLimits -> <b>IpRateLimit</b> -> RouteDispatch -> ...
 * </pre>
 *
 * <p>After {@link RequestLimits}, so that the body of a refused request, read and discarded (a
 * {@link RequestGate}), stays under the size limit and the deadlines; before {@link BodyBudget},
 * so that it takes no memory. Only in the pipeline when a rate is set. A request from the peer
 * costs one CAS on the entry its connection holds; one through a trusted proxy also parses
 * {@code X-Forwarded-For} and looks the address up. One per connection.
 */
final class IpRateLimit extends RequestGate {

    private final ConnectionAdmission admission;
    private final ClientAddress address;

    IpRateLimit(ConnectionAdmission admission, ClientAddress address) {
        this.admission = admission;
        this.address = address;
    }

    @Override
    protected FullHttpResponse decide(ChannelHandlerContext ctx, HttpRequest head, InboundRequest request) {
        ConcurrentIpLimits limits = admission.ipLimits();
        ClientIp client = address.peer();
        long waitNanos;
        if (address.trusted()) {
            client = ClientAddress.client(head.headers(), address.peer(), admission.trustedProxies());
            waitNanos = limits.tryRequest(client);
        } else if (address.limits() != null) {
            waitNanos = limits.tryRequest(address.limits());
        } else {
            return null;
        }
        if (waitNanos == 0) {
            return null;
        }
        long seconds = Math.max(1, RetryAfter.toHeaderSeconds(TimeUnit.NANOSECONDS.toMillis(waitNanos) + 1));
        FullHttpResponse r = Responses.error(ctx.alloc(), GatewayError.RATE_LIMIT_EXCEEDED, "too many requests from "
                + client + ": over " + rate(admission.ipConfig().requestsPerSecond()) + " per second with a burst of "
                + admission.ipConfig().effectiveBurst() + " (server.ip_limits); retry after " + seconds + " s",
                null, request.requestId(), !request.keepAlive());
        r.headers().set(RetryAfter.RETRY_AFTER, seconds);
        return r;
    }

    private static String rate(double perSecond) {
        return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
    }
}
