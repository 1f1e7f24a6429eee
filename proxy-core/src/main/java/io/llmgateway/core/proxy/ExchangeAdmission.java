package io.llmgateway.core.proxy;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.core.affinity.ObjectOwner;
import io.llmgateway.core.routing.Route;
import io.llmgateway.core.routing.RouteTarget;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * The steps of a {@link ProxyExchange} before its first attempt, in this order:
 *
 * <pre>
 *   virtual key admits (models, limits, budget: a cached answer is no way around them)
 *     -> a stored object the request names: the route narrowed to the key that holds it   (may ask Redis)
 *     -> count_tokens with no Anthropic target: the gateway's own estimate answers
 *     -> the response cache: a stored answer answers                                       (may ask Redis)
 *     -> every target serves the endpoint, the request fits a context window
 *     -> exchange.begin(attempts)
 * </pre>
 *
 * Each step may end the exchange with an answer instead. A step that asks a remote store goes on,
 * on the event loop, when the store answers, unless the exchange ended meanwhile (the client left,
 * or the server stopped). One per exchange, confined to its event loop.
 */
final class ExchangeAdmission {

    private final ProxyExchange exchange;
    private final ClientRequest request;
    /** The request's route; narrowed to one key for a stored object; null until then when no default serves it. */
    private Route route;

    ExchangeAdmission(ProxyExchange exchange) {
        this.exchange = exchange;
        this.request = exchange.request();
        this.route = request.route();
    }

    void start() {
        VirtualKeyGate virtualKey = exchange.virtualKey();
        if (virtualKey != null) {
            long estimate = exchange.outcome().promptEstimate();
            FullHttpResponse refused = virtualKey.admit(request, exchange.responses(), estimate);
            if (refused != null) {
                exchange.answer(refused, virtualKey.refusal().code());
                return;
            }
        }
        ExchangeAffinity affinity = exchange.affinity();
        if (affinity != null && affinity.namesObject()) {
            affinity.lookup(exchange.loop(), this::ownerLookedUp);
            return;
        }
        afterAffinity();
    }

    /** Where the object the request names lives ({@code owner} null: unknown): the route goes to its key. */
    private void ownerLookedUp(ObjectOwner owner) {
        if (exchange.phase() == ExchangePhase.DONE) {
            return;
        }
        ExchangeAffinity.Decision d = exchange.affinity().route(owner, request, route);
        if (d.refusal() != null) {
            exchange.answerError(d.refusal().error(), d.refusal().message(), d.refusal().param());
            return;
        }
        route = d.route();
        afterAffinity();
    }

    private void afterAffinity() {
        if (request.endpoint() == Endpoint.MESSAGES_COUNT_TOKENS
                && route.unsupporting(Endpoint.MESSAGES_COUNT_TOKENS) != null) {
            // Only Anthropic counts tokens: any other provider's count is the gateway's own estimate.
            exchange.answer(exchange.responses().tokenCount(exchange.outcome().promptEstimate()), null);
            return;
        }
        ExchangeCache cache = exchange.cache();
        if (cache != null && cache.looksUp()) {
            cache.lookup(exchange.loop(), this::cacheLookedUp);
            return;
        }
        plan();
    }

    /** The response cache's answer: {@code stored} (null: none) answers the request, or it goes upstream. */
    private void cacheLookedUp(byte[] stored) {
        if (exchange.phase() == ExchangePhase.DONE) {
            return;
        }
        ExchangeCache cache = exchange.cache();
        FullHttpResponse hit = stored == null ? null : cache.hit(stored, request.requestId(), !request.keepAlive());
        if (hit != null) {
            exchange.answer(hit, null);
            return;
        }
        cache.missed();
        plan();
    }

    private void plan() {
        RouteTarget unsupporting = route.unsupporting(request.endpoint());
        if (unsupporting != null) {
            exchange.answerError(GatewayError.UNSUPPORTED_ENDPOINT, "model '" + request.fields().model()
                    + "' is served by a " + unsupporting.provider().type() + " provider, which does not support /v1"
                    + request.endpoint().suffix(), "model");
            return;
        }
        Attempts attempts = Attempts.of(request, route, LoopCallbacks.of(exchange.loop()), exchange, exchange.trace());
        if (!attempts.routes().fitContextWindow()) {
            exchange.answerError(GatewayError.CONTEXT_LENGTH_EXCEEDED, "the request is longer than the context window "
                    + "of model '" + request.fields().model() + "' and of its context-window fallbacks", "messages");
            return;
        }
        exchange.begin(attempts);
    }
}
