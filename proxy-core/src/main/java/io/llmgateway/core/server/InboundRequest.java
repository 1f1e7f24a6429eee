package io.llmgateway.core.server;

import io.llmgateway.core.auth.ClientIdentity;
import io.llmgateway.core.proxy.OutcomeSink;
import io.llmgateway.core.snapshot.GatewaySnapshot;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.AttributeKey;

/**
 * What the handlers of a client connection know about the request being handled, shared through
 * a channel attribute so that no handler reaches into another. {@link RequestSequencer} opens it
 * when it admits a request head and clears it when the request is finished; {@link RouteDispatch}
 * adds the route, {@link ClientAuth} the client key's id. Confined to the connection's event loop.
 */
final class InboundRequest {

    private static final AttributeKey<InboundRequest> KEY = AttributeKey.valueOf(InboundRequest.class, "request");

    private final GatewaySnapshot snapshot;
    private final String requestId;
    private final boolean keepAlive;
    private final long receivedNanos;
    private final OutcomeSink outcomes;
    private HttpRoute route;
    private String path;
    private String pathTail = "";
    private ClientIdentity client = ClientIdentity.ANONYMOUS;

    InboundRequest(GatewaySnapshot snapshot, String requestId, boolean keepAlive, long receivedNanos) {
        this(snapshot, requestId, keepAlive, receivedNanos, OutcomeSink.NONE);
    }

    /** @param outcomes where the outcome of a request the gateway refuses itself goes ({@link Answers}) */
    InboundRequest(GatewaySnapshot snapshot, String requestId, boolean keepAlive, long receivedNanos,
            OutcomeSink outcomes) {
        this.snapshot = snapshot;
        this.requestId = requestId;
        this.keepAlive = keepAlive;
        this.receivedNanos = receivedNanos;
        this.outcomes = outcomes;
    }

    /** The request being handled on the connection of {@code ctx}; null between requests. */
    static InboundRequest current(ChannelHandlerContext ctx) {
        return ctx.channel().attr(KEY).get();
    }

    static void open(Channel channel, InboundRequest request) {
        channel.attr(KEY).set(request);
    }

    static void clear(Channel channel) {
        channel.attr(KEY).set(null);
    }

    /** The config snapshot the request started with. */
    GatewaySnapshot snapshot() {
        return snapshot;
    }

    /** The client's sane {@code X-Request-ID}, or a generated one; sent back on every answer. */
    String requestId() {
        return requestId;
    }

    /** False when the connection closes after this request's answer (client asked, or shutting down). */
    boolean keepAlive() {
        return keepAlive;
    }

    /** {@link System#nanoTime()} when the request head was admitted. */
    long receivedNanos() {
        return receivedNanos;
    }

    /** Where the request goes; null until {@link RouteDispatch} has seen it. */
    HttpRoute route() {
        return route;
    }

    /** The request path, without the query; null until routed. */
    String path() {
        return path;
    }

    /**
     * What follows the operation's own path, with the client's query, for an upstream that needs it
     * ({@code /file-abc/content?x=1}); {@code ""} for most routes.
     */
    String pathTail() {
        return pathTail;
    }

    void routed(HttpRoute route, String path) {
        routed(route, path, "");
    }

    void routed(HttpRoute route, String path, String pathTail) {
        this.route = route;
        this.path = path;
        this.pathTail = pathTail;
    }

    /** The id of the client key that authenticated the request; null when client authentication is off. */
    String clientKeyId() {
        return client.keyId();
    }

    /** Who the client is; {@link ClientIdentity#ANONYMOUS} until (or without) authentication. */
    ClientIdentity client() {
        return client;
    }

    /** Where the outcome of a request the gateway refuses itself goes. */
    OutcomeSink outcomes() {
        return outcomes;
    }

    void authenticated(ClientIdentity client) {
        this.client = client;
    }
}
