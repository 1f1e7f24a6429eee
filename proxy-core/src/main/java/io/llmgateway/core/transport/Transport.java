package io.llmgateway.core.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The I/O transport: the event-loop kind and the matching channel classes. Both legs of a proxied
 * request (and the DNS resolver) use the same transport, so an upstream connection can live on
 * the event loop of the inbound connection that asked for it.
 */
public enum Transport {
    EPOLL(EpollServerSocketChannel.class, EpollSocketChannel.class, EpollDatagramChannel.class),
    IO_URING(IoUringServerSocketChannel.class, IoUringSocketChannel.class, IoUringDatagramChannel.class),
    NIO(NioServerSocketChannel.class, NioSocketChannel.class, NioDatagramChannel.class);

    private final Class<? extends ServerSocketChannel> serverChannel;
    private final Class<? extends SocketChannel> socketChannel;
    private final Class<? extends DatagramChannel> datagramChannel;

    Transport(Class<? extends ServerSocketChannel> serverChannel, Class<? extends SocketChannel> socketChannel,
            Class<? extends DatagramChannel> datagramChannel) {
        this.serverChannel = serverChannel;
        this.socketChannel = socketChannel;
        this.datagramChannel = datagramChannel;
    }

    /**
     * Chooses the transport for {@code server.transport}: {@code auto} is epoll when its native
     * library loads, else NIO; {@code io_uring} and {@code epoll} fall back to NIO (with the reason
     * returned in {@link Choice#note()}) when unavailable on this kernel.
     */
    public static Choice choose(String configured) {
        switch (configured) {
            case "nio":
                return new Choice(NIO, "configured");
            case "io_uring":
                if (IoUring.isAvailable()) {
                    return new Choice(IO_URING, "configured");
                }
                return new Choice(NIO, "io_uring unavailable: " + reason(IoUring.unavailabilityCause()));
            case "epoll":
            case "auto":
            default:
                if (Epoll.isAvailable()) {
                    return new Choice(EPOLL, configured.equals("epoll") ? "configured" : "auto");
                }
                return new Choice(NIO, "epoll unavailable: " + reason(Epoll.unavailabilityCause()));
        }
    }

    private static String reason(Throwable t) {
        return t == null ? "unknown" : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    public EventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory factory = switch (this) {
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    public Class<? extends ServerSocketChannel> serverChannel() {
        return serverChannel;
    }

    public Class<? extends SocketChannel> socketChannel() {
        return socketChannel;
    }

    public Class<? extends DatagramChannel> datagramChannel() {
        return datagramChannel;
    }

    /** The chosen transport and why. */
    public record Choice(Transport transport, String note) {
    }
}
