package io.llmgateway.core.demo;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.error.OpenAiErrors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers one aggregated request of the OpenAI API with {@link EchoAnswers}:
 * {@code POST /v1/chat/completions}, {@code /v1/completions} (JSON or stream) and
 * {@code /v1/embeddings}; anything else is a 404 in OpenAI's error shape, a body that is not
 * JSON or lacks {@code model} a 400.
 *
 * <pre>
 *   HttpServerCodec → HttpServerKeepAliveHandler → HttpObjectAggregator → EchoHandler
 * </pre>
 *
 * <p>Any API key is accepted: the demo has none to check. Stateless but for a counter that makes
 * response ids unique, so one instance serves every connection.
 */
@Sharable
final class EchoHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final AtomicLong ids = new AtomicLong();

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = request.uri();
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        Endpoint endpoint = Endpoint.of(path);
        if (endpoint == null || !request.method().equals(HttpMethod.POST)) {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND, OpenAiErrors.body(ctx.alloc(), GatewayError.UNKNOWN_URL,
                    "The echo provider answers POST /v1/chat/completions, /v1/completions and /v1/embeddings, not "
                            + request.method() + ' ' + path, null));
            return;
        }
        EchoRequest echo;
        try {
            echo = EchoRequest.of(JsonTree.read(new ByteBufInputStream(request.content())));
        } catch (IOException | IllegalArgumentException e) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, OpenAiErrors.body(ctx.alloc(),
                    "The echo provider cannot read this body: " + e.getMessage(), OpenAiErrors.INVALID_REQUEST, null,
                    null));
            return;
        }
        long created = System.currentTimeMillis() / 1000;
        String id = endpoint.idPrefix + Long.toString(ids.incrementAndGet(), 36);
        if (echo.stream() && endpoint != Endpoint.EMBEDDINGS) {
            stream(ctx, request, EchoAnswers.stream(ctx.alloc(), echo, endpoint == Endpoint.CHAT, id, created));
            return;
        }
        ByteBuf body = endpoint == Endpoint.EMBEDDINGS
                ? EchoAnswers.embeddings(ctx.alloc(), echo)
                : EchoAnswers.completion(ctx.alloc(), echo, endpoint == Endpoint.CHAT, id, created);
        respond(ctx, request, HttpResponseStatus.OK, body);
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
            ByteBuf json) {
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status, json);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, json.readableBytes());
        HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
        ctx.writeAndFlush(response);
    }

    private static void stream(ChannelHandlerContext ctx, FullHttpRequest request, List<ByteBuf> events) {
        HttpResponse head = new DefaultHttpResponse(request.protocolVersion(), HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        HttpUtil.setTransferEncodingChunked(head, true);
        HttpUtil.setKeepAlive(head, HttpUtil.isKeepAlive(request));
        ctx.write(head);
        for (ByteBuf event : events) {
            ctx.write(new DefaultHttpContent(event));
        }
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    /** The routes, with the id prefix of their answers. */
    private enum Endpoint {
        CHAT("/v1/chat/completions", "chatcmpl-echo-"),
        COMPLETIONS("/v1/completions", "cmpl-echo-"),
        EMBEDDINGS("/v1/embeddings", "");

        final String path;
        final String idPrefix;

        Endpoint(String path, String idPrefix) {
            this.path = path;
            this.idPrefix = idPrefix;
        }

        static Endpoint of(String path) {
            for (Endpoint e : values()) {
                if (e.path.equals(path)) {
                    return e;
                }
            }
            return null;
        }
    }
}
