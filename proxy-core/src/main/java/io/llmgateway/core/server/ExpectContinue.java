package io.llmgateway.core.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Answers {@code Expect: 100-continue} with {@code 100 Continue}, only for a request whose body
 * will be read: its place in the pipeline is the decision, after every handler that may answer a
 * request without its body (limits, rate, routes, authentication, local routes, memory budget).
 *
 * <pre>
 *   ... -> LocalRouteHandler -> BodyBudget -> <b>ExpectContinue</b> -> BodyCollector -> ProxyExchangeHandler
 * </pre>
 *
 * <p>Netty's handler, with an interim response that carries no {@code Content-Length}, which
 * RFC 9110 (section 8.6) forbids in a 1xx. Stateless and shared.
 */
@Sharable
final class ExpectContinue extends HttpServerExpectContinueHandler {

    static final ExpectContinue INSTANCE = new ExpectContinue();

    private ExpectContinue() {
    }

    @Override
    protected HttpResponse acceptMessage(HttpRequest request) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER);
    }
}
