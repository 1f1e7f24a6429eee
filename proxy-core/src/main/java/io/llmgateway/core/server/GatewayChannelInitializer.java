package io.llmgateway.core.server;

import io.llmgateway.core.admin.AdminApi;
import io.llmgateway.core.config.ServerConfig;
import io.llmgateway.core.config.ServerTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Admits a client connection ({@link ConnectionAdmission}: {@code server.max_connections} and the
 * per-address cap; a refused one is closed before its pipeline is built), then builds its
 * pipeline, one job per handler:
 *
 * <pre>
 *   PlainHttpRefusal      (server.tls only) a plain HTTP request on the TLS port: 400, then close
 *   SslHandler            (server.tls only) TLS, HTTP/1.1 by ALPN; handshake within server.tls.handshake_timeout_ms
 *   TlsHandshakeFailures  (server.tls only) failed handshakes logged per burst; leaves once one succeeds
 *   IdleStateHandler      reader idle: keep-alive timeout, stalled bodies
 *   PipeliningGate        bytes to the codec a step at a time; none while a pipelined request waits
 *   HeadDeadline          a request head not complete within server.header_timeout_ms: close
 *   HttpServerCodec       RFC 9112 framing (Content-Length with Transfer-Encoding, or a duplicate
 *                         Content-Length, is a decoder failure)
 *   AnthropicErrorShape   errors to a client of /v1/messages in Anthropic's shape
 *   RequestSequencer      one request at a time: holds pipelined requests, opens the InboundRequest
 *   RequestLimits         decoder failures 400/414/431, body size 413, slow or stalled body 408 (then close)
 *   RequestConformance    HTTP version 505, Host 400, Expect 417 (then close)
 *   IpRateLimit           request rate per client address: 429 (only when server.ip_limits sets a rate)
 *   RouteDispatch         path and method: proxied, local, 404, 405
 *   DrainRefusal          on a connection accepted while draining: API requests 503 (then close)
 *   AdminGate             /admin/v1/...: admin key, body, the admin thread's answer
 *   ClientAuth            client key: identity, or 401
 *   LocalRouteHandler     health, models
 *   BodyBudget            memory for the body reserved before it is read, or 503 (then close)
 *   ExpectContinue        100 Continue for a body that will be read
 *   BodyCollector         body and routing fields: 400, 404 model_not_found, or a ClientRequest
 *   ProxyExchangeHandler  the ProxyExchange of each ClientRequest
 * </pre>
 *
 * The server and {@code ClientPipelineTest} build connections through here alike. Per-connection
 * settings ({@code client_idle_timeout_ms}, {@code header_timeout_ms}, the codec's limits, the TLS
 * certificate) come from the config current when the connection is accepted. The head deadline
 * counts from the connection's start, so it bounds a slow handshake too.
 */
final class GatewayChannelInitializer extends ChannelInitializer<Channel> {

    private final ServerState state;
    private final ChannelGroup clients;
    private final Map<String, HttpRoute> routes;
    private final AdminApi admin;

    GatewayChannelInitializer(ServerState state, ChannelGroup clients, AdminApi admin) {
        this.state = state;
        this.clients = clients;
        this.routes = RouteDispatch.routes(state);
        this.admin = admin;
    }

    @Override
    protected void initChannel(Channel ch) {
        ConnectionAdmission admission = state.admission();
        ClientAddress address = admission.admit(ch);
        if (address == null) {
            ch.close();
            return;
        }
        ServerConfig cfg = state.snapshot().config().server();
        clients.add(ch);
        BodyReservation reservation = new BodyReservation(state.memoryBudget());
        PipeliningGate gate = new PipeliningGate();
        ChannelPipeline p = ch.pipeline();
        ServerTls tls = cfg.tls();
        if (tls.enabled()) {
            SslHandler ssl = tls.context().newHandler(ch.alloc());
            ssl.setHandshakeTimeoutMillis(tls.handshakeTimeoutMs());
            p.addLast("plain-http", new PlainHttpRefusal())
                    .addLast("tls", ssl)
                    .addLast("tls-failures", new TlsHandshakeFailures());
        }
        p.addLast("idle", new IdleStateHandler(cfg.clientIdleTimeoutMs(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("pipelining", gate)
                .addLast("head-deadline", new HeadDeadline(cfg.headerTimeoutMs()))
                .addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(cfg.maxInitialLineBytes())
                        .setMaxHeaderSize(cfg.maxHeaderBytes())
                        .setMaxChunkSize(256 * 1024)
                        .setAllowDuplicateContentLengths(false)
                        .setUseRfc9112TransferEncoding(true), PipeliningGate.MAX_DECODED_AHEAD))
                .addLast("anthropic-errors", new AnthropicErrorShape())
                .addLast("sequencer", new RequestSequencer(state, gate))
                .addLast("limits", new RequestLimits())
                .addLast("conformance", RequestConformance.INSTANCE);
        if (admission.limitsRequests()) {
            p.addLast("ip-rate", new IpRateLimit(admission, address));
        }
        p.addLast("routes", new RouteDispatch(routes))
                .addLast("admin", new AdminGate(admin, !cfg.separateAdminListener()))
                .addLast("auth", new ClientAuth())
                .addLast("local", new LocalRouteHandler())
                .addLast("budget", new BodyBudget(reservation))
                .addLast("continue", ExpectContinue.INSTANCE)
                .addLast("body", new BodyCollector(reservation, state.observability().queue()))
                .addLast("exchange", new ProxyExchangeHandler(state));
        if (state.draining()) {
            ch.pipeline().addAfter("routes", "draining", DrainRefusal.INSTANCE);
        }
    }
}
