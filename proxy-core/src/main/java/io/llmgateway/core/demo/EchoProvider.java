package io.llmgateway.core.demo;

import io.llmgateway.core.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The built-in echo provider: an OpenAI-compatible HTTP server on {@code 127.0.0.1} and a free
 * port, answering every chat or completion with the request's own text ({@link EchoHandler}).
 * It lets {@code demo} (and any config whose provider's {@code base_url} is
 * {@code ${LLM_GATEWAY_ECHO_URL}}) answer with no key and no network.
 *
 * <p>It runs on one NIO event loop of its own, started before the gateway: the gateway's config,
 * and so its event loops, need the echo's address first. A demo's traffic does not need more.
 */
public final class EchoProvider implements AutoCloseable {

    /** Largest request body accepted; the gateway's own limit applies before this one. */
    private static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private final EventLoopGroup group;
    private final Channel channel;

    private EchoProvider(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * Starts on {@code 127.0.0.1}, on a free port.
     *
     * @throws IOException when loopback cannot be bound, with the reason
     */
    public static EchoProvider start() throws IOException {
        EventLoopGroup group = Transport.NIO.newGroup(1, "echo-provider");
        EchoHandler handler = new EchoHandler();
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(Transport.NIO.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                                new HttpObjectAggregator(MAX_BODY_BYTES), handler);
                    }
                });
        var bound = b.bind(new InetSocketAddress("127.0.0.1", 0)).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("cannot start the echo provider on 127.0.0.1: " + bound.cause().getMessage(),
                    bound.cause());
        }
        return new EchoProvider(group, bound.channel());
    }

    /** {@code http://127.0.0.1:<port>/v1}: the base URL a provider entry points at. */
    public String baseUrl() {
        InetSocketAddress local = (InetSocketAddress) channel.localAddress();
        return "http://127.0.0.1:" + local.getPort() + "/v1";
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
