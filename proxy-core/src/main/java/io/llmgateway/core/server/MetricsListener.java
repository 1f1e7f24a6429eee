package io.llmgateway.core.server;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The listener of {@code server.metrics_listen}: {@code GET /metrics} (the configured endpoint) and
 * nothing else, so that the metrics can stay off the public port. Runs on the gateway's event
 * loops; its pipeline is Netty's stock HTTP server (a scraper is a trusted, well-behaved client):
 *
 * <pre>
 *   HttpServerCodec -> HttpServerKeepAliveHandler -> HttpObjectAggregator -> ReadTimeoutHandler
 *       -> MetricsScrapeHandler
 * </pre>
 */
final class MetricsListener {

    private static final int MAX_REQUEST_BYTES = 8 * 1024;
    private static final int READ_TIMEOUT_SECONDS = 60;

    private MetricsListener() {
    }

    /**
     * Binds {@code host:port} and serves {@code route} at {@code endpoint} there.
     *
     * @throws IOException naming the address when it cannot be bound
     */
    static Channel bind(EventLoopGroup group, Class<? extends ServerChannel> channel, ByteBufAllocator allocator,
            String host, int port, String endpoint, MetricsRoute route) throws IOException, InterruptedException {
        requireNonNull(endpoint, "endpoint");
        requireNonNull(route, "route");
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(channel)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.ALLOCATOR, allocator)
                .childOption(ChannelOption.ALLOCATOR, allocator)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpServerKeepAliveHandler())
                                .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                .addLast(new ReadTimeoutHandler(READ_TIMEOUT_SECONDS))
                                .addLast(new MetricsScrapeHandler(endpoint, route));
                    }
                });
        String address = (host.indexOf(':') >= 0 ? '[' + host + ']' : host) + ':' + port;
        InetSocketAddress socketAddress = new InetSocketAddress(host, port);
        if (socketAddress.isUnresolved()) {
            throw new IOException("cannot listen for metrics on " + address + ": the host name does not resolve");
        }
        ChannelFuture bound = b.bind(socketAddress).await();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            throw new IOException("cannot listen for metrics on " + address + " (server.metrics_listen): "
                    + cause.getMessage(), cause);
        }
        return bound.channel();
    }
}
