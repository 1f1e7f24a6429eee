package io.llmgateway.core.server;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.core.config.LoggingConfig;
import io.llmgateway.core.http.Responses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds where a request goes from its path and method, and records it in the
 * {@link InboundRequest}; answers 404 ({@code unknown_url}) and 405 ({@code method_not_allowed},
 * with {@code Allow}) itself.
 *
 * <pre>
 *   ... -> RequestLimits -> IpRateLimit -> <b>RouteDispatch</b> -> ClientAuth -> LocalRouteHandler -> BodyBudget
 *       -> ExpectContinue -> BodyCollector -> ProxyExchangeHandler
 * </pre>
 *
 * <p>{@link #routes} is the one list of what the gateway serves, and where the routes to come plug
 * in; every path under {@code /admin/v1} goes to the admin API ({@link AdminGate}), which has its
 * own table. Paths are matched exactly, without the query; {@code /v1/models/{id}} and the file,
 * batch and stored-response paths ({@link ResourceRoutes}, whose tail and query go upstream) carry
 * a parameter. The table is immutable and shared; one handler per connection (a
 * {@link RequestGate} holds an answer until the request's body has been read).
 */
final class RouteDispatch extends RequestGate {

    private static final HttpRoute MODEL = HttpRoute.local(HttpMethod.GET, true, ModelsRoute::retrieve);

    private final Map<String, HttpRoute> routes;

    /** @param routes the table of {@link #routes(ServerState)}, built once per server */
    RouteDispatch(Map<String, HttpRoute> routes) {
        this.routes = routes;
    }

    /**
     * Every path the gateway serves, but {@code /v1/models/{id}}; with {@code /metrics} (no client
     * key, like health) when Prometheus is on and has no listener of its own.
     */
    static Map<String, HttpRoute> routes(ServerState server) {
        HealthRoute health = new HealthRoute(server);
        Map<String, HttpRoute> routes = new HashMap<>();
        LoggingConfig.Prometheus prometheus = server.snapshot().config().logging().prometheus();
        if (prometheus.enabled() && !server.snapshot().config().server().separateMetricsListener()) {
            MetricsRoute metrics = new MetricsRoute(server.observability().metrics());
            routes.put(prometheus.endpoint(), HttpRoute.local(HttpMethod.GET, false, metrics::answer));
        }
        routes.put("/v1/chat/completions", HttpRoute.proxied(Endpoint.CHAT_COMPLETIONS));
        routes.put("/v1/completions", HttpRoute.proxied(Endpoint.COMPLETIONS));
        routes.put("/v1/embeddings", HttpRoute.proxied(Endpoint.EMBEDDINGS));
        routes.put("/v1/messages", HttpRoute.proxied(Endpoint.MESSAGES));
        routes.put("/v1/messages/count_tokens", HttpRoute.proxied(Endpoint.MESSAGES_COUNT_TOKENS));
        for (Endpoint e : List.of(Endpoint.IMAGES_GENERATIONS, Endpoint.IMAGES_EDITS, Endpoint.AUDIO_SPEECH,
                Endpoint.AUDIO_TRANSCRIPTIONS, Endpoint.AUDIO_TRANSLATIONS, Endpoint.MODERATIONS)) {
            routes.put("/v1" + e.suffix(), HttpRoute.proxied(e));
        }
        routes.put("/v1/responses", HttpRoute.proxied(Endpoint.RESPONSES));
        routes.put("/v1/models", HttpRoute.local(HttpMethod.GET, true, ModelsRoute::list));
        routes.put("/health/live", HttpRoute.local(null, false, health::live));
        routes.put("/health/ready", HttpRoute.local(null, false, health::ready));
        return Map.copyOf(routes);
    }

    @Override
    protected FullHttpResponse decide(ChannelHandlerContext ctx, HttpRequest head, InboundRequest request) {
        String uri = head.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        HttpRoute route = routes.get(path);
        String tail = "";
        if (route == null && ResourceRoutes.isResourcePath(path)) {
            ResourceRoutes.Match m = ResourceRoutes.match(head.method(), path);
            String query = ResourceRoutes.query(uri, q);
            if (m != null && m.route() == null) {
                return methodNotAllowed(ctx, head, request, m.allow());
            }
            if (m != null && query == null) {
                return Responses.error(ctx.alloc(), GatewayError.INVALID_REQUEST, "the query of "
                        + ClientText.quote(path) + " has characters that cannot go upstream (expected: visible ASCII)",
                        null, request.requestId(), !request.keepAlive());
            }
            if (m != null) {
                route = m.route();
                tail = m.tail() + query;
            }
        }
        if (route == null && ModelsRoute.isModelPath(path)) {
            route = MODEL;
        } else if (route == null && AdminHttp.isAdminPath(path)) {
            route = HttpRoute.ADMIN;
        }
        if (route == null) {
            return Responses.error(ctx.alloc(), GatewayError.UNKNOWN_URL, "unknown route: " + head.method() + " "
                    + ClientText.quote(path), null, request.requestId(), !request.keepAlive());
        }
        if (route.method() != null && !route.method().equals(head.method())) {
            return methodNotAllowed(ctx, head, request, route.method().name());
        }
        request.routed(route, path, tail);
        if (route.endpoint() != null && route.endpoint().anthropic()) {
            AnthropicHeaders.defaultIn(head.headers());
        }
        return null;
    }

    private static FullHttpResponse methodNotAllowed(ChannelHandlerContext ctx, HttpRequest head,
            InboundRequest request, String allowed) {
        FullHttpResponse r = Responses.error(ctx.alloc(), GatewayError.METHOD_NOT_ALLOWED, "method "
                + head.method() + " is not allowed here; use " + allowed, null, request.requestId(),
                !request.keepAlive());
        r.headers().set(HttpHeaderNames.ALLOW, allowed);
        return r;
    }
}
