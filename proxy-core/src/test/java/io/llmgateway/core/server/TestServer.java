package io.llmgateway.core.server;

import io.llmgateway.core.admin.AdminApi;
import io.llmgateway.core.admin.AdminContext;
import io.llmgateway.core.admin.AdminModules;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.llmgateway.core.observe.Observability;
import io.llmgateway.core.balance.KeyStateRegistry;
import io.llmgateway.core.config.ConfigException;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.snapshot.GatewaySnapshot;
import io.llmgateway.core.transport.Transport;
import io.llmgateway.core.upstream.UpstreamClient;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link ServerState} on a small config, for the client pipeline's tests: provider {@code up}
 * (its key's secret unset, so it has no enabled key), aliases {@code gpt-4o} and {@code other},
 * bodies up to 2048 bytes. Closing it closes its upstream client; as a field with
 * {@code @RegisterExtension} it is closed after each test.
 */
final class TestServer implements AutoCloseable, AfterEachCallback {

    static final long CREATED = 1700000000L;

    private static final String CONFIG = """
            server:
              max_request_bytes: 2048
              api_keys: [%s]
            %s
            providers:
              - id: up
                base_url: "http://127.0.0.1:9/v1"
                keys:
                  - id: k1
                    secret: "${NO_SUCH_VAR}"
            model_aliases:
              gpt-4o: up:gpt-4o-2024-08-06
              other: up:other
            """;

    final ServerState state;
    private final UpstreamClient upstream;
    private final Observability observability;
    final AdminApi admin;

    /** @param apiKeys the items of {@code server.api_keys}, as YAML ({@code ""} for none) */
    TestServer(String apiKeys) {
        this(apiKeys, "");
    }

    /**
     * @param apiKeys     the items of {@code server.api_keys}, as YAML ({@code ""} for none)
     * @param extraServer more lines of the {@code server} section, as YAML indented by two spaces
     */
    TestServer(String apiKeys, String extraServer) {
        GatewayConfig cfg;
        try {
            cfg = new ConfigLoader(Map.<String, String>of()::get).parse(CONFIG.formatted(apiKeys, extraServer), "test");
        } catch (ConfigException e) {
            throw new IllegalArgumentException("the test config with api_keys [" + apiKeys + "] and " + extraServer
                    + " is invalid", e);
        }
        upstream = new UpstreamClient(Transport.NIO, cfg.upstream(), ByteBufAllocator.DEFAULT, Runnable::run);
        KeyStateRegistry keys = new KeyStateRegistry();
        observability = Observability.start(cfg, keys);
        state = new ServerState(new GatewaySnapshot(cfg, CREATED, keys), upstream, keys, observability);
        admin = new AdminApi(AdminModules.routes(new AdminContext(state, null)),
                () -> state.snapshot().config().server().adminApiKey());
    }

    /** A client pipeline of this server, as the server builds it for each connection. */
    GatewayChannelInitializer initializer() {
        return initializer(admin);
    }

    /** A client pipeline of this server with {@code admin} as its admin API. */
    GatewayChannelInitializer initializer(AdminApi admin) {
        return new GatewayChannelInitializer(state, new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), admin);
    }

    GatewaySnapshot snapshot() {
        return state.snapshot();
    }

    /** Opens a request on {@code channel} as {@link RequestSequencer} does, for tests of the handlers after it. */
    InboundRequest open(Channel channel, boolean keepAlive) {
        InboundRequest request = new InboundRequest(snapshot(), "req-1", keepAlive, 42L);
        InboundRequest.open(channel, request);
        return request;
    }

    @Override
    public void close() {
        admin.close();
        upstream.close();
        observability.close();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }
}
