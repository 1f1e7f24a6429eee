package io.llmgateway.core.server;

import static java.util.Objects.requireNonNull;

import io.llmgateway.core.http.Responses;
import io.llmgateway.core.observe.metrics.MetricsConsumer;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.prometheus.client.exporter.common.TextFormat;

/**
 * {@code GET /metrics} ({@code logging.prometheus.endpoint}): the Prometheus text the observer
 * rendered last ({@link MetricsConsumer}), wrapped without a copy. No client key (Prometheus
 * scrapes without one); on the main listener, or on {@link MetricsListener} when
 * {@code server.metrics_listen} is set. On the event loop: one volatile read, no lock, no rendering.
 */
final class MetricsRoute {

    private static final AsciiString CONTENT_TYPE = AsciiString.cached(TextFormat.CONTENT_TYPE_004);

    private final MetricsConsumer metrics;

    MetricsRoute(MetricsConsumer metrics) {
        this.metrics = requireNonNull(metrics, "metrics");
    }

    FullHttpResponse answer(ChannelHandlerContext ctx, InboundRequest request) {
        return response(request.requestId(), !request.keepAlive());
    }

    /** The latest metrics as a complete response. */
    FullHttpResponse response(String requestId, boolean close) {
        byte[] text = metrics.snapshot().prometheusText();
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(text));
        r.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, text.length);
        if (requestId != null) {
            r.headers().set(Responses.X_REQUEST_ID, requestId);
        }
        if (close) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return r;
    }
}
