package io.llmgateway.bench;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Locale;

/**
 * The socket transport of the mock upstream and the load generator. {@link #AUTO} picks epoll when
 * its native library loads and NIO otherwise; tests force each one to run the same socket tests on
 * every transport the code supports.
 */
public enum NettyTransport {
    AUTO,
    EPOLL,
    NIO;

    /** The concrete transport: {@link #AUTO} becomes {@link #EPOLL} or {@link #NIO}. */
    public NettyTransport resolve() {
        if (this == AUTO) {
            return Epoll.isAvailable() ? EPOLL : NIO;
        }
        if (this == EPOLL) {
            Epoll.ensureAvailability();
        }
        return this;
    }

    /** Whether this transport can be used on this machine. */
    public boolean isAvailable() {
        return this != EPOLL || Epoll.isAvailable();
    }

    /** A new event loop group of {@code threads} threads named after {@code name}. */
    public MultiThreadIoEventLoopGroup newGroup(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), ioHandlerFactory());
    }

    public Class<? extends ServerChannel> serverChannelClass() {
        return resolve() == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends SocketChannel> channelClass() {
        return resolve() == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    private IoHandlerFactory ioHandlerFactory() {
        return resolve() == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /** Parses {@code auto}, {@code epoll} or {@code nio}, case-insensitively. */
    public static NettyTransport parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transport: " + value + " (expected: auto, epoll or nio)", e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
