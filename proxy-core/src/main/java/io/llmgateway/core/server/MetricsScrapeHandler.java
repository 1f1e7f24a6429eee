package io.llmgateway.core.server;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.core.http.Responses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Answers the requests of the metrics listener ({@code server.metrics_listen}): the metrics at the
 * endpoint for {@code GET}, 405 for another method, 404 for any other path. The last handler of
 * {@link SideListener}'s pipeline:
 *
 * <pre>
 *   HttpServerCodec -> HttpServerKeepAliveHandler -> HttpObjectAggregator -> ReadTimeoutHandler
 *       -> <b>MetricsScrapeHandler</b>
 * </pre>
 *
 * <p>Shares the rendering with the main listener's route ({@link MetricsRoute}): one volatile read
 * and a wrapped array per scrape. Stateless; one per connection all the same (cheap, and scrapers
 * open few).
 */
final class MetricsScrapeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final String endpoint;
    private final MetricsRoute route;

    MetricsScrapeHandler(String endpoint, MetricsRoute route) {
        this.endpoint = endpoint;
        this.route = route;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        boolean close = !HttpUtil.isKeepAlive(request);
        FullHttpResponse response;
        if (!path.equals(endpoint)) {
            response = Responses.error(ctx.alloc(), GatewayError.UNKNOWN_URL, "unknown route: " + request.method()
                    + " " + ClientText.quote(path) + "; this listener serves " + endpoint + " only", null, null, close);
        } else if (!HttpMethod.GET.equals(request.method())) {
            response = Responses.error(ctx.alloc(), GatewayError.METHOD_NOT_ALLOWED, "method " + request.method()
                    + " is not allowed here; use GET", null, null, close);
            response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
        } else {
            response = route.response(null, close);
        }
        ctx.writeAndFlush(response); // HttpServerKeepAliveHandler closes after a response with close
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
