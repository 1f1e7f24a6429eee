package io.llmgateway.core.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** An {@link EmbeddedChannel} whose peer is an IP address, for the limits per client address. */
final class PeerChannel extends EmbeddedChannel {

    private final InetSocketAddress peer;

    PeerChannel(String ip, ChannelHandler... handlers) {
        super(false, false);
        this.peer = new InetSocketAddress(ip, 40_000);
        pipeline().addLast(handlers);
        try {
            register(); // after the peer is set: registering activates the channel
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the embedded channel", e);
        }
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return peer;
    }
}
