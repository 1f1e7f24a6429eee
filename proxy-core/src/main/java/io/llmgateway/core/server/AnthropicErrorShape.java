package io.llmgateway.core.server;

import io.llmgateway.adapters.messages.MessagesErrors;
import io.llmgateway.codec.spi.Endpoint;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Writes every error a client of Anthropic's Messages API gets in Anthropic's shape: the gateway's
 * own (401, 404 model_not_found, 429, 503...) and the chat providers' (translated to OpenAI's shape
 * by their adapters) become {@code {"type":"error","error":{"type","message"}}}, with the type of
 * their status ({@link MessagesErrors}); an in-stream {@code data: {"error":...}} becomes an
 * {@code event: error}. An Anthropic provider's own errors, already in that shape, pass as they are.
 *
 * <pre>
 *   HttpServerCodec <- <b>AnthropicErrorShape</b> <- RequestSequencer <- ... <- ProxyExchangeHandler
 * </pre>
 *
 * <p>Next to the codec, so that it sees what every handler writes: one place rewrites errors rather
 * than every error path knowing two shapes. Hot path: for a request of any other route, one look at
 * the request's route per response head, nothing per body piece. Confined to the connection's event
 * loop; one instance per connection.
 */
final class AnthropicErrorShape extends ChannelOutboundHandlerAdapter {

    /** The response under way is a Messages event stream: its error events are rewritten. */
    private boolean messagesStream;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        Object out = msg;
        if (msg instanceof HttpResponse head) {
            messagesStream = false;
            if (isMessages(ctx)) {
                if (msg instanceof FullHttpResponse full) {
                    out = full.status().code() >= 400 ? reshaped(ctx, full) : full;
                } else {
                    messagesStream = head.headers().get(HttpHeaderNames.CONTENT_TYPE, "")
                            .startsWith("text/event-stream");
                }
            }
        } else if (messagesStream && msg instanceof HttpContent content) {
            out = reshaped(ctx, content);
            if (msg instanceof LastHttpContent) {
                messagesStream = false;
            }
        }
        ctx.write(out, promise);
    }

    private static boolean isMessages(ChannelHandlerContext ctx) {
        InboundRequest request = InboundRequest.current(ctx);
        HttpRoute route = request == null ? null : request.route();
        Endpoint endpoint = route == null ? null : route.endpoint();
        return endpoint != null && endpoint.anthropic();
    }

    private static FullHttpResponse reshaped(ChannelHandlerContext ctx, FullHttpResponse error) {
        ByteBuf body = MessagesErrors.fromOpenAi(error.content(), error.status().code(), ctx.alloc());
        if (body == null) {
            return error;
        }
        FullHttpResponse r = error.replace(body);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        error.release();
        return r;
    }

    private static HttpContent reshaped(ChannelHandlerContext ctx, HttpContent content) {
        if (!content.content().isReadable()) {
            return content;
        }
        ByteBuf event = MessagesErrors.eventFromOpenAi(content.content(), ctx.alloc());
        if (event == null) {
            return content;
        }
        HttpContent r;
        if (content instanceof LastHttpContent last) {
            DefaultLastHttpContent l = new DefaultLastHttpContent(event);
            l.trailingHeaders().set(last.trailingHeaders());
            r = l;
        } else {
            r = new DefaultHttpContent(event);
        }
        content.release();
        return r;
    }
}
