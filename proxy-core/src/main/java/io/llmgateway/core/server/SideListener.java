package io.llmgateway.core.server;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
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
import java.util.function.Supplier;

/**
 * A listener of its own for an operator's route ({@code server.metrics_listen}: the metrics;
 * {@code server.admin_listen}: the admin API), so that it can stay off the public port. Runs on
 * the gateway's event loops; its pipeline is Netty's stock HTTP server (its clients are trusted,
 * well-behaved operators' tools):
 *
 * <pre>
 *   HttpServerCodec -> HttpServerKeepAliveHandler -> HttpObjectAggregator -> ReadTimeoutHandler
 *       -> the route's handler (MetricsScrapeHandler, AdminListenerHandler)
 * </pre>
 */
final class SideListener {

    private static final int READ_TIMEOUT_SECONDS = 60;

    private SideListener() {
    }

    /**
     * Binds {@code host:port} and serves the handlers {@code handler} makes (one per connection).
     *
     * @param setting        the config key that names the address, for the error message
     * @param maxRequestBytes the largest request (head and body) accepted
     * @throws IOException naming the address when it cannot be bound
     */
    static Channel bind(EventLoopGroup group, Class<? extends ServerChannel> channel, ByteBufAllocator allocator,
            String host, int port, String setting, int maxRequestBytes, Supplier<ChannelHandler> handler)
            throws IOException, InterruptedException {
        requireNonNull(handler, "handler");
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
                                .addLast(new HttpObjectAggregator(maxRequestBytes))
                                .addLast(new ReadTimeoutHandler(READ_TIMEOUT_SECONDS))
                                .addLast(handler.get());
                    }
                });
        String address = (host.indexOf(':') >= 0 ? '[' + host + ']' : host) + ':' + port;
        InetSocketAddress socketAddress = new InetSocketAddress(host, port);
        if (socketAddress.isUnresolved()) {
            throw new IOException("cannot listen on " + address + " (" + setting + "): the host name does not resolve");
        }
        ChannelFuture bound = b.bind(socketAddress).await();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            throw new IOException("cannot listen on " + address + " (" + setting + "): " + cause.getMessage(), cause);
        }
        return bound.channel();
    }
}
