package io.llmgateway.core.server;

import io.llmgateway.core.transport.Transport;
import io.llmgateway.core.observe.Observability;
import io.llmgateway.core.snapshot.GatewaySnapshot;
import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.admin.AdminApi;
import io.llmgateway.core.admin.AdminContext;
import io.llmgateway.core.admin.AdminModules;
import io.llmgateway.core.auth.VirtualKeyAuthenticator;
import io.llmgateway.core.state.RuntimeStore;
import io.llmgateway.core.state.RuntimeStores;
import io.llmgateway.core.state.StateKeeper;
import io.llmgateway.core.vkeys.VirtualKeys;
import io.llmgateway.core.reload.ConfigControl;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.gcp.AccessTokens;
import io.llmgateway.core.config.IpLimitsConfig;
import io.llmgateway.core.config.LoggingConfig;
import io.llmgateway.core.config.ServerConfig;
import io.llmgateway.core.config.ServerTls;
import io.llmgateway.core.limits.ConcurrentMemoryBudget;
import io.llmgateway.core.upstream.UpstreamClient;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.internal.PlatformDependent;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A running gateway: the event loops, the listening socket, the upstream client and the shared
 * {@link ServerState}. {@link #start} returns once the port is bound and the gateway is ready.
 *
 * <p>{@link #start} reports the failures an operator can fix (the address cannot be bound) as an
 * {@link IOException} whose message says what failed; anything else is a fault of the gateway.
 */
public final class GatewayServer implements AutoCloseable {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(GatewayServer.class);
    /** The largest request to the metrics listener: a scrape has no body. */
    private static final int METRICS_REQUEST_BYTES = 8 * 1024;

    private final EventLoopGroup group;
    private final Channel serverChannel;
    /** The listener of {@code server.metrics_listen}; null when there is none. */
    private final Channel metricsChannel;
    /** The listener of {@code server.admin_listen}; null when there is none. */
    private final Channel adminChannel;
    private final AdminApi admin;
    private final ChannelGroup clients;
    private final ServerState state;
    private final Transport transport;
    private final ServerDrain drain;
    private boolean closed;

    private GatewayServer(EventLoopGroup group, Channel serverChannel, Channel metricsChannel, Channel adminChannel,
            AdminApi admin, ChannelGroup clients, ServerState state, Transport transport) {
        this.group = group;
        this.serverChannel = serverChannel;
        this.metricsChannel = metricsChannel;
        this.adminChannel = adminChannel;
        this.admin = admin;
        this.clients = clients;
        this.state = state;
        this.transport = transport;
        this.drain = new ServerDrain(state, serverChannel, clients);
    }

    /** A server on {@code config} alone, without the admin API's config routes (tests that need no reload). */
    public static GatewayServer start(GatewayConfig config) throws Exception {
        return start(config, null);
    }

    /**
     * @param control what the admin API's config routes reload through; null for none. The caller
     *                connects it to {@link #publish} once this returns
     */
    public static GatewayServer start(GatewayConfig config, ConfigControl control) throws Exception {
        ServerConfig sc = config.server();
        Transport.Choice choice = Transport.choose(sc.transport());
        Transport transport = choice.transport();
        ByteBufAllocator allocator = sc.allocator().equals("adaptive")
                ? new AdaptiveByteBufAllocator()
                : PooledByteBufAllocator.DEFAULT;
        int threads = sc.ioThreads() > 0 ? sc.ioThreads() : Runtime.getRuntime().availableProcessors();
        LOG.info("transport: {} ({}), allocator: {}, io threads: {}", transport.name().toLowerCase(), choice.note(),
                sc.allocator(), threads);

        EventLoopGroup group = transport.newGroup(threads, "gateway-io");
        StartupWork startup = new StartupWork();
        UpstreamClient upstream = null;
        Observability observability = null;
        Channel metricsChannel = null;
        Channel adminChannel = null;
        AdminApi admin = null;
        StateKeeper keeper = null;
        AccessTokens accessTokens = null;
        try {
            upstream = new UpstreamClient(transport, config.upstream(), allocator, startup);
            upstream.warmUp(group);
            KeyStateRegistry keys = new KeyStateRegistry();
            RuntimeStore shared = RuntimeStores.open(config.storage().runtime());
            if (shared != null) {
                LOG.info("runtime store: {}", config.storage().runtime());
                keeper = new StateKeeper(shared, config.storage().runtime(), keys.ticker()).start();
                keys.share(keeper);
            }
            VirtualKeys virtualKeys = keeper == null ? VirtualKeys.open(config)
                    : VirtualKeys.open(config, keeper, shared);
            observability = Observability.start(config, keys, allocator, List.of(virtualKeys.spendConsumer()));
            accessTokens = AccessTokens.start();
            accessTokens.reconfigure(config);
            ServerState state = new ServerState(new GatewaySnapshot(config, Instant.now().getEpochSecond(), keys,
                    virtualKeys.registry()), upstream, keys, observability, virtualKeys, accessTokens);
            admin = new AdminApi(AdminModules.routes(new AdminContext(state, control)),
                    () -> state.snapshot().config().server().adminApiKey());
            ChannelGroup clients = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
            ServerBootstrap b = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .option(ChannelOption.ALLOCATOR, allocator)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.ALLOCATOR, allocator)
                    .childHandler(new GatewayChannelInitializer(state, clients, admin));
            Channel ch = bind(b, sc);
            LOG.info("listening on {} with {} provider(s), {} model alias(es)", ch.localAddress(),
                    config.providers().size(), config.aliases().size());
            logTls(sc.tls());
            metricsChannel = bindMetrics(config, group, transport, allocator, state);
            adminChannel = bindAdmin(config, group, transport, allocator, admin);
            logClientLimits(sc, state);
            startup.release();
            for (String w : config.warnings()) {
                LOG.warn(w);
            }
            if (sc.apiKeys().isEmpty() && virtualKeys.registry().index().size() == 0
                    && config.auth().requireKey() != VirtualKeyAuthenticator.RequireKey.TRUE) {
                LOG.warn("server.api_keys is empty: any client may use this gateway (set it before exposing the port)");
            }
            return new GatewayServer(group, ch, metricsChannel, adminChannel, admin, clients, state, transport);
        } catch (Exception | Error e) {
            if (metricsChannel != null) {
                metricsChannel.close().awaitUninterruptibly();
            }
            if (adminChannel != null) {
                adminChannel.close().awaitUninterruptibly();
            }
            if (admin != null) {
                admin.close();
            }
            if (upstream != null) {
                upstream.close();
            }
            if (observability != null) {
                observability.close();
            }
            if (keeper != null) {
                keeper.close();
            }
            if (accessTokens != null) {
                accessTokens.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * Binds the listener.
     *
     * @throws IOException whose message names the address and the reason, e.g. {@code cannot listen
     *         on 0.0.0.0:8080: address already in use}: an expected failure, reported without a stack trace
     */
    private static Channel bind(ServerBootstrap b, ServerConfig sc) throws IOException, InterruptedException {
        String address = (sc.host().indexOf(':') >= 0 ? '[' + sc.host() + ']' : sc.host()) + ':' + sc.port();
        InetSocketAddress socketAddress = new InetSocketAddress(sc.host(), sc.port());
        if (socketAddress.isUnresolved()) {
            throw new IOException("cannot listen on " + address + ": the host name does not resolve");
        }
        ChannelFuture bound = b.bind(socketAddress).await();
        if (bound.isSuccess()) {
            return bound.channel();
        }
        Throwable cause = bound.cause();
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        int colon = reason.lastIndexOf(": ");
        if (reason.contains("(..) failed") && colon >= 0) {
            reason = reason.substring(colon + 2); // epoll: "bind(..) failed with error(-98): <strerror>"
        }
        reason = reason.isEmpty() ? reason : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
        if (reason.startsWith("permission denied") && sc.port() < 1024) {
            reason += " (a port below 1024 needs root or CAP_NET_BIND_SERVICE)";
        }
        throw new IOException("cannot listen on " + address + ": " + reason, cause);
    }

    /**
     * Where {@code /metrics} is served, logged; binds the listener of {@code server.metrics_listen}
     * when set (null otherwise, and when Prometheus is off).
     */
    private static Channel bindMetrics(GatewayConfig config, EventLoopGroup group, Transport transport,
            ByteBufAllocator allocator, ServerState state) throws IOException, InterruptedException {
        ServerConfig sc = config.server();
        LoggingConfig.Prometheus prometheus = config.logging().prometheus();
        if (!prometheus.enabled()) {
            LOG.info("metrics: off (logging.prometheus.enabled: false)");
            return null;
        }
        if (!sc.separateMetricsListener()) {
            LOG.info("metrics: {} on the main listener, without client authentication (set server.metrics_listen "
                    + "to serve them elsewhere)", prometheus.endpoint());
            return null;
        }
        MetricsRoute route = new MetricsRoute(state.observability().metrics());
        Channel ch = SideListener.bind(group, transport.serverChannel(), allocator, sc.metricsHost(), sc.metricsPort(),
                "server.metrics_listen", METRICS_REQUEST_BYTES,
                () -> new MetricsScrapeHandler(prometheus.endpoint(), route));
        LOG.info("metrics: {} served on {}", prometheus.endpoint(), ch.localAddress());
        return ch;
    }

    /**
     * Where the admin API is served, logged; binds the listener of {@code server.admin_listen} when
     * set (null otherwise). Bound even while no admin key is set, so that a reload that sets one
     * turns the API on.
     */
    private static Channel bindAdmin(GatewayConfig config, EventLoopGroup group, Transport transport,
            ByteBufAllocator allocator, AdminApi admin) throws IOException, InterruptedException {
        ServerConfig sc = config.server();
        String state = sc.adminApiKey().isEmpty() ? "off until server.admin_api_key is set" : "on";
        if (!sc.separateAdminListener()) {
            LOG.info("admin API: {} (under {} on the main listener; set server.admin_listen to serve it elsewhere)",
                    state, AdminApi.PREFIX);
            return null;
        }
        Channel ch = SideListener.bind(group, transport.serverChannel(), allocator, sc.adminHost(), sc.adminPort(),
                "server.admin_listen", AdminHttp.MAX_BODY_BYTES + 64 * 1024, () -> new AdminListenerHandler(admin));
        LOG.info("admin API: {} (under {} on {})", state, AdminApi.PREFIX, ch.localAddress());
        return ch;
    }

    private static void logTls(ServerTls tls) {
        if (!tls.enabled()) {
            LOG.info("TLS: off (set server.tls.cert_file and key_file to serve HTTPS)");
            return;
        }
        LOG.info("TLS: on, {}, certificate {}, key {}, HTTP/1.1 by ALPN, handshake deadline {} ms (the metrics and admin "
                + "listeners of their own stay plain HTTP)", tls.engine(), tls.certFile(), tls.keyFile(),
                tls.handshakeTimeoutMs());
    }

    /** The effective values of the limits on clients, the budget's derivation included. */
    private static void logClientLimits(ServerConfig sc, ServerState state) {
        String budget = mebibytes(state.memoryBudget().limit()) + (sc.maxBufferedBytes() > 0 ? ""
                : " (1/" + ConcurrentMemoryBudget.DERIVED_DIVISOR + " of the smaller of max heap "
                        + mebibytes(Runtime.getRuntime().maxMemory()) + " and max direct memory "
                        + mebibytes(PlatformDependent.maxDirectMemory()) + ")");
        IpLimitsConfig ip = sc.ipLimits();
        String perAddress = !ip.enabled() ? "off" : "max_connections " + unlimitedIfZero(ip.maxConnections())
                + ", requests_per_second " + (ip.requestsPerSecond() > 0 ? ip.requestsPerSecond()
                        + " (burst " + ip.effectiveBurst() + ")" : "unlimited")
                + ", " + sc.trustedProxies().size() + " trusted prox" + (sc.trustedProxies().size() == 1 ? "y" : "ies");
        LOG.info("client limits: memory budget for request bodies {}, request head deadline {} ms, body deadline {} ms, "
                + "max_connections {}, per address: {}", budget, sc.headerTimeoutMs(), sc.bodyTimeoutMs(),
                unlimitedIfZero(sc.maxConnections()), perAddress);
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    private static String unlimitedIfZero(int n) {
        return n == 0 ? "unlimited" : Integer.toString(n);
    }

    /** The bound port (useful with {@code listen: ":0"}). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The bound port of the admin listener ({@code server.admin_listen}); -1 when there is none. */
    public int adminPort() {
        return adminChannel == null ? -1 : ((InetSocketAddress) adminChannel.localAddress()).getPort();
    }

    /** The bound port of the metrics listener ({@code server.metrics_listen}); -1 when there is none. */
    public int metricsPort() {
        return metricsChannel == null ? -1 : ((InetSocketAddress) metricsChannel.localAddress()).getPort();
    }

    public ServerState state() {
        return state;
    }

    public Transport transport() {
        return transport;
    }

    /** Publishes a new configuration; requests in flight finish on the snapshot they started with. */
    public void publish(GatewayConfig config) {
        ServerTls before = state.snapshot().config().server().tls();
        state.virtualKeys().reconfigure(config);
        state.accessTokens().reconfigure(config); // before the snapshot: its requests find their sources
        state.publish(new GatewaySnapshot(config, Instant.now().getEpochSecond(), state.keys(),
                state.virtualKeys().registry()));
        ServerTls tls = config.server().tls();
        if (tls.enabled()) {
            LOG.info("TLS: certificate {} and key {} (re)loaded: new connections present them", tls.certFile(),
                    tls.keyFile());
        } else if (before.enabled()) {
            LOG.info("TLS: off for new connections (server.tls removed)");
        }
        state.observability().reconfigure(config);
    }

    /**
     * Drains ({@link ServerDrain}): for {@code drainDelayMs} readiness fails while the listener
     * stays open, then it closes and requests in flight finish until {@code graceMs} from now, when
     * those left are ended; then everything is closed. Blocks the calling thread (never an event
     * loop).
     */
    public void shutdownGracefully(long drainDelayMs, long graceMs) throws InterruptedException {
        if (closed) {
            return;
        }
        drain.run(drainDelayMs, graceMs);
        close();
    }

    /** Ends a {@link #shutdownGracefully} under way at once (a second SIGTERM); any thread. */
    public void hurryShutdown() {
        drain.hurry();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        state.startDraining();
        serverChannel.close().awaitUninterruptibly();
        if (metricsChannel != null) {
            metricsChannel.close().awaitUninterruptibly();
        }
        if (adminChannel != null) {
            adminChannel.close().awaitUninterruptibly();
        }
        admin.close();
        clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        state.upstream().close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        state.observability().close(); // after the loops: every exchange has delivered its outcome
        state.closeResponseCache();
        StateKeeper keeper = state.keys().keeper();
        if (keeper != null) {
            keeper.close(); // after the observer: the last spend is pushed to the shared store
        }
        state.accessTokens().close();
    }
}
