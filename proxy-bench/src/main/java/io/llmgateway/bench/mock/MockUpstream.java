package io.llmgateway.bench.mock;

import static java.util.Objects.requireNonNull;

import io.llmgateway.bench.NettyTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A mock HTTP/1.1 upstream for tests and benchmarks, with latency, pacing, injected statuses and
 * faults set server-wide by {@link MockOptions} or per request by {@link MockHeaders}. By default
 * it speaks OpenAI's protocol ({@link OpenAiProtocol}: chat and legacy completions, JSON and SSE,
 * embeddings and models, at any path prefix); {@link #start(MockOptions, MockProtocol)} takes
 * another (the provider mocks of {@code io.llmgateway.bench.mock.providers}).
 *
 * <pre>{@code
 * try (MockUpstream mock = MockUpstream.start(MockOptions.builder().chunks(8).build())) {
 *     // point a client or the gateway at mock.baseUrl() + "/v1"
 *     assertThat(mock.counters().requests("/v1/chat/completions")).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Keep-alive connections, {@code TCP_NODELAY}, epoll when available.
 */
public final class MockUpstream implements AutoCloseable {

    private final MockContext context;
    private final NettyTransport transport;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final Channel serverChannel;
    private final int port;

    private MockUpstream(MockContext context, NettyTransport transport, EventLoopGroup bossGroup,
                         EventLoopGroup workerGroup, Channel serverChannel) {
        this.context = context;
        this.transport = transport;
        this.bossGroup = bossGroup;
        this.workerGroup = workerGroup;
        this.serverChannel = serverChannel;
        this.port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Binds and starts serving OpenAI's protocol; returns once the port is bound. */
    public static MockUpstream start(MockOptions options) {
        requireNonNull(options, "options");
        return start(options, new OpenAiProtocol(options));
    }

    /**
     * Binds and starts serving {@code protocol}, which the upstream then owns (it is closed with
     * it); returns once the port is bound.
     */
    public static MockUpstream start(MockOptions options, MockProtocol protocol) {
        requireNonNull(options, "options");
        requireNonNull(protocol, "protocol");
        NettyTransport transport = options.transport().resolve();
        int threads = options.ioThreads() > 0 ? options.ioThreads() : Runtime.getRuntime().availableProcessors();
        EventLoopGroup boss = transport.newGroup(1, "mock-accept");
        EventLoopGroup workers = transport.newGroup(threads, "mock-io");
        MockContext context = new MockContext(options, protocol);
        try {
            Channel server = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(transport.serverChannelClass())
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new MockServerInitializer(context))
                    .bind(options.host(), options.port())
                    .syncUninterruptibly()
                    .channel();
            return new MockUpstream(context, transport, boss, workers, server);
        } catch (RuntimeException e) {
            shutdown(boss, workers);
            protocol.close();
            throw e;
        }
    }

    /** The bound port (the real one when {@link MockOptions#port()} was 0). */
    public int port() {
        return port;
    }

    /** {@code http(s)://<host>:<port>}, without a trailing slash; add {@code /v1} for SDK base URLs. */
    public String baseUrl() {
        String host = context.options.host();
        if ("0.0.0.0".equals(host)) {
            host = "127.0.0.1";
        }
        return (context.options.tls() != null ? "https://" : "http://") + (host.indexOf(':') >= 0 ? '[' + host + ']' : host) + ':' + port;
    }

    /** The transport in use, {@link NettyTransport#EPOLL} or {@link NettyTransport#NIO}. */
    public NettyTransport transport() {
        return transport;
    }

    public MockOptions options() {
        return context.options;
    }

    public MockCounters counters() {
        return context.counters;
    }

    /** The latest requests, oldest first, at most {@link MockOptions#maxRecordedRequests()}. */
    public List<RecordedRequest> recordedRequests() {
        return context.recorder.snapshot();
    }

    public void clearRecordedRequests() {
        context.recorder.clear();
    }

    /**
     * From now on, requests presenting {@code secret} (as a bearer token or an API-key header)
     * behave as if they carried the mock header {@code name: value} (e.g. {@code x-mock-status: 429}):
     * how a test makes one key of several fail. {@link #clearCredentialRules()} undoes every rule.
     */
    public void whenCredential(String secret, String name, String value) {
        context.credentialRules.computeIfAbsent(secret, k -> new java.util.concurrent.ConcurrentHashMap<>())
                .put(name, value);
    }

    public void clearCredentialRules() {
        context.credentialRules.clear();
    }

    /** Blocks until the server channel is closed, for the command line. */
    public void awaitClose() throws InterruptedException {
        serverChannel.closeFuture().sync();
    }

    /** Closes every connection and stops the event loops; waits for them to stop. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        shutdown(bossGroup, workerGroup);
        context.protocol.close();
    }

    private static void shutdown(EventLoopGroup boss, EventLoopGroup workers) {
        Future<?> b = boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        Future<?> w = workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        b.syncUninterruptibly();
        w.syncUninterruptibly();
    }

    @Override
    public String toString() {
        return "MockUpstream[" + baseUrl() + ", " + transport + ", " + context.counters + ']';
    }
}
