package io.llmgateway.core.server;

import io.llmgateway.core.http.Responses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * {@code /health/live} (200 while the process runs) and {@code /health/ready} (200 when serving,
 * 503 while draining, so that a load balancer stops sending). No client key; any method. The
 * bodies are constants.
 */
final class HealthRoute {

    private static final ByteBuf LIVE = constant("{\"status\":\"live\"}");
    private static final ByteBuf READY = constant("{\"status\":\"ready\"}");
    private static final ByteBuf DRAINING = constant("{\"status\":\"draining\"}");

    private final ServerState server;

    HealthRoute(ServerState server) {
        this.server = server;
    }

    FullHttpResponse live(ChannelHandlerContext ctx, InboundRequest request) {
        return Responses.json(HttpResponseStatus.OK, LIVE.duplicate(), request.requestId(), !request.keepAlive());
    }

    FullHttpResponse ready(ChannelHandlerContext ctx, InboundRequest request) {
        boolean draining = server.draining();
        return Responses.json(draining ? HttpResponseStatus.SERVICE_UNAVAILABLE : HttpResponseStatus.OK,
                (draining ? DRAINING : READY).duplicate(), request.requestId(), !request.keepAlive());
    }

    private static ByteBuf constant(String json) {
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.US_ASCII))
                .asReadOnly());
    }
}
