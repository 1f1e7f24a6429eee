package io.llmgateway.core.upstream;

import io.llmgateway.core.config.UpstreamConfig;
import io.llmgateway.core.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.File;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;

/**
 * Pooled keep-alive HTTP/1.1 connections to upstream origins, one pool per event loop: a client
 * connection's upstream connection lives on the client's own event loop, so relaying never hops
 * threads. TLS through netty-tcnative BoringSSL when available (JDK otherwise), with SNI and
 * hostname verification; DNS through Netty's non-blocking resolver, never on the event loop.
 */
public final class UpstreamClient implements AutoCloseable {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(UpstreamClient.class);

    private final Transport transport;
    private final UpstreamConfig config;
    private final ByteBufAllocator allocator;
    /**
     * Built by the start-up work, off the main thread: loading BoringSSL and its trust store takes a few
     * hundred milliseconds that the gateway need not wait for before it is ready. A connection to
     * an https origin that arrives sooner waits for it (without blocking its event loop).
     */
    private final CompletableFuture<SslContext> sslContext;
    private final DnsAddressResolverGroup resolvers;
    private final List<LoopPool> pools = new CopyOnWriteArrayList<>();
    private final FastThreadLocal<LoopPool> loopPool = new FastThreadLocal<>();
    private final LongAdder connectionsOpened = new LongAdder();
    /** Runs the start-up work that may happen off the caller's thread (TLS context, DNS configuration). */
    private final Executor background;

    /**
     * A client whose TLS context is built by {@code background} (a thread of start-up work, see
     * {@code StartupWork}); requests to https origins wait for it.
     */
    public UpstreamClient(Transport transport, UpstreamConfig config, ByteBufAllocator allocator, Executor background) {
        this.transport = transport;
        this.config = config;
        this.allocator = allocator;
        this.background = background;
        this.sslContext = new CompletableFuture<>();
        background.execute(() -> {
            try {
                sslContext.complete(buildSslContext(config));
            } catch (SSLException | RuntimeException e) {
                LOG.error("upstream TLS is unavailable: {}", e.toString());
                sslContext.completeExceptionally(e);
            }
        });
        this.resolvers = new DnsAddressResolverGroup(new DnsNameResolverBuilder()
                .datagramChannelType(transport.datagramChannel())
                .socketChannelType(transport.socketChannel()));
    }

    private static SslContext buildSslContext(UpstreamConfig config) throws SSLException {
        SslProvider provider = switch (config.tlsProvider()) {
            case "jdk" -> SslProvider.JDK;
            case "openssl" -> SslProvider.OPENSSL;
            default -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
        SslContextBuilder b = SslContextBuilder.forClient()
                .sslProvider(provider)
                .endpointIdentificationAlgorithm("HTTPS")
                .protocols("TLSv1.3", "TLSv1.2");
        if (config.caFile() != null) {
            b.trustManager(new File(config.caFile()));
        }
        SslContext ctx = b.build();
        LOG.info("upstream TLS: {}{}", provider == SslProvider.OPENSSL ? "BoringSSL (netty-tcnative) " + OpenSsl.versionString() : "JDK",
                config.caFile() == null ? ", system trust store" : ", trusting " + config.caFile());
        return ctx;
    }

    /**
     * Reads the DNS configuration and creates each loop's resolver on a background thread, so
     * that neither start-up nor the first request on an event loop reads {@code /etc/resolv.conf}.
     */
    public void warmUp(EventLoopGroup group) {
        background.execute(() -> {
            for (EventExecutor e : group) {
                resolvers.getResolver(e);
            }
        });
    }

    /**
     * A connection to {@code origin} on {@code loop}: an idle pooled one if any, else a new one
     * (connected and, for https, handshaken). Must be called on {@code loop}.
     */
    public Future<UpstreamConnection> acquire(EventLoop loop, Origin origin) {
        assert loop.inEventLoop();
        LoopPool pool = pool(loop);
        UpstreamConnection pooled = pool.poll(origin);
        if (pooled != null) {
            return loop.newSucceededFuture(pooled);
        }
        Promise<UpstreamConnection> promise = loop.newPromise();
        if (origin.tls() && !sslContext.isDone()) {
            // Only in the first moments after start: connect once the TLS context exists.
            sslContext.whenComplete((ctx, err) -> loop.execute(() -> connect(loop, origin, pool, promise)));
            return promise;
        }
        connect(loop, origin, pool, promise);
        return promise;
    }

    /** Blocks until the TLS context is built (for tests and the start-up log; never on an event loop). */
    public void awaitTls() {
        sslContext.exceptionally(e -> null).join();
    }

    private void connect(EventLoop loop, Origin origin, LoopPool pool, Promise<UpstreamConnection> promise) {
        SslContext tls = null;
        if (origin.tls()) {
            try {
                tls = sslContext.getNow(null);
            } catch (CompletionException e) {
                promise.tryFailure(e.getCause());
                return;
            }
        }
        SslContext sslCtx = tls;
        UpstreamConnection conn = new UpstreamConnection(origin, pool);
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.connectTimeoutMs()))
                .option(ChannelOption.ALLOCATOR, allocator)
                .resolver(resolvers)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (origin.tls()) {
                            SslHandler ssl = sslCtx.newHandler(ch.alloc(), origin.host(), origin.port());
                            ssl.setHandshakeTimeoutMillis(config.connectTimeoutMs());
                            p.addLast("tls", ssl);
                        }
                        p.addLast("http", new HttpClientCodec(new HttpDecoderConfig()
                                .setMaxInitialLineLength(16 * 1024)
                                .setMaxHeaderSize(64 * 1024)
                                .setMaxChunkSize(1024 * 1024), false, false));
                        p.addLast("exchange", conn);
                    }
                });
        ChannelFuture cf = b.connect(InetSocketAddress.createUnresolved(origin.host(), origin.port()));
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                promise.tryFailure(f.cause());
                return;
            }
            connectionsOpened.increment();
            SslHandler ssl = cf.channel().pipeline().get(SslHandler.class);
            if (ssl == null) {
                promise.trySuccess(conn);
                return;
            }
            ssl.handshakeFuture().addListener(h -> {
                if (h.isSuccess()) {
                    promise.trySuccess(conn);
                } else {
                    cf.channel().close();
                    promise.tryFailure(h.cause());
                }
            });
        });
    }

    private LoopPool pool(EventLoop loop) {
        LoopPool p = loopPool.get();
        if (p == null) {
            p = new LoopPool(loop, config.poolMaxIdlePerOrigin(), config.poolIdleTimeoutMs());
            loopPool.set(p);
            pools.add(p);
        }
        return p;
    }

    /** Connections opened since start (each TCP connect that succeeded). */
    public long connectionsOpened() {
        return connectionsOpened.sum();
    }

    /** Closes every idle pooled connection; connections in use close when their exchange ends. */
    @Override
    public void close() {
        for (LoopPool p : pools) {
            if (p.loop().isShuttingDown()) {
                continue;
            }
            p.loop().execute(p::closeAll);
        }
        resolvers.close();
    }
}
