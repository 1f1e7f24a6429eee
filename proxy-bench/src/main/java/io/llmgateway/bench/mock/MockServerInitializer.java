package io.llmgateway.bench.mock;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/** Builds the pipeline of each accepted connection and counts it in and out. */
final class MockServerInitializer extends ChannelInitializer<SocketChannel> {

    private final MockContext context;

    MockServerInitializer(MockContext context) {
        this.context = context;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        context.counters.connectionOpened();
        ch.closeFuture().addListener((ChannelFutureListener) f -> context.counters.connectionClosed());
        if (context.options.tls() != null) {
            ch.pipeline().addLast("tls", context.options.tls().newHandler(ch.alloc()));
        }
        ch.pipeline()
                .addLast("http", new HttpServerCodec())
                .addLast("keepAlive", new HttpServerKeepAliveHandler())
                .addLast("rest", new RestEndpoints(context))
                .addLast("aggregator", new HttpObjectAggregator(context.options.maxRequestBytes()))
                .addLast("mock", new MockRequestHandler(context));
    }
}
