package io.llmgateway.core.server;

import io.llmgateway.core.config.ServerConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The client connection pipeline:
 *
 * <pre>
 *   IdleStateHandler (reader idle: keep-alive timeout, stalled bodies)
 *     -> HttpServerCodec (RFC 9112 framing: Content-Length with Transfer-Encoding, or duplicate
 *                         Content-Length, is a decoder failure answered 400 + close)
 *     -> ClientExchangeHandler
 * </pre>
 */
final class GatewayChannelInitializer extends ChannelInitializer<Channel> {

    private final ServerState state;
    private final ChannelGroup clients;

    GatewayChannelInitializer(ServerState state, ChannelGroup clients) {
        this.state = state;
        this.clients = clients;
    }

    @Override
    protected void initChannel(Channel ch) {
        ServerConfig cfg = state.snapshot().config().server();
        clients.add(ch);
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(cfg.clientIdleTimeoutMs(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(cfg.maxInitialLineBytes())
                        .setMaxHeaderSize(cfg.maxHeaderBytes())
                        .setMaxChunkSize(256 * 1024)
                        .setAllowDuplicateContentLengths(false)
                        .setUseRfc9112TransferEncoding(true)))
                .addLast("gateway", new ClientExchangeHandler(state));
    }
}
