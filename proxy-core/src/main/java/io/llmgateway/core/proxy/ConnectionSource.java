package io.llmgateway.core.proxy;

import io.llmgateway.core.upstream.Origin;
import io.llmgateway.core.upstream.UpstreamConnection;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

/**
 * Where an exchange gets its upstream connections: {@code UpstreamClient::acquire} in the gateway, a
 * hand-driven connection in tests.
 */
@FunctionalInterface
interface ConnectionSource {

    /** A connection to {@code origin} on {@code loop}; called on {@code loop}. */
    Future<UpstreamConnection> acquire(EventLoop loop, Origin origin);
}
