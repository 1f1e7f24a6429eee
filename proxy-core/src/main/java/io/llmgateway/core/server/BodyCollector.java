package io.llmgateway.core.server;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.json.InvalidRequestBodyException;
import io.llmgateway.codec.json.RequestFieldScanner;
import io.llmgateway.codec.json.RequestFields;
import io.llmgateway.core.http.Responses;
import io.llmgateway.core.proxy.ClientRequest;
import io.llmgateway.core.routing.Route;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Collects a proxied request's body and scans its routing fields as it arrives, then passes on one
 * {@link ClientRequest}; answers a body that is not JSON (400, {@code param} naming the field),
 * one without {@code model} (400) and an unknown model (404 {@code model_not_found}) itself.
 *
 * <pre>
 *   ... -> ExpectContinue -> <b>BodyCollector</b> -> ProxyExchangeHandler
 * </pre>
 *
 * <p>Hot path. The body is a composite of the received buffers, never copied; its size is already
 * bounded by {@link RequestLimits}. The {@link RequestFieldScanner} is fed each buffer as it
 * arrives and skips {@code messages} without building it. The composite is owned here until it
 * passes to the {@link ClientRequest} (then to the exchange), and released here if the request
 * ends first. Confined to the connection's event loop.
 */
final class BodyCollector extends ChannelInboundHandlerAdapter {

    private HttpRequest head;
    private CompositeByteBuf body;
    private RequestFieldScanner scanner;
    private InvalidRequestBodyException bodyError;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest h) {
            release();
            head = h;
            body = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
            scanner = new RequestFieldScanner();
            bodyError = null;
        }
        if (!(msg instanceof HttpContent content)) {
            return;
        }
        if (body == null) {
            content.release();
            return;
        }
        if (bodyError == null) {
            try {
                scanner.feed(content.content());
            } catch (InvalidRequestBodyException e) {
                bodyError = e;
            }
        }
        if (content.content().isReadable()) {
            body.addComponent(true, content.content());
        } else {
            content.release();
        }
        if (content instanceof LastHttpContent) {
            complete(ctx);
        }
    }

    private void complete(ChannelHandlerContext ctx) {
        InboundRequest request = InboundRequest.current(ctx);
        RequestFields fields = null;
        InvalidRequestBodyException error = bodyError;
        if (error == null) {
            try {
                fields = scanner.finish();
            } catch (InvalidRequestBodyException e) {
                error = e;
            }
        }
        CompositeByteBuf b = body;
        body = null;
        HttpRequest h = head;
        release();
        if (error != null) {
            b.release();
            Answers.send(ctx, request, Responses.error(ctx.alloc(), GatewayError.INVALID_REQUEST, error.getMessage(),
                    error.param(), request.requestId(), !request.keepAlive()));
            return;
        }
        if (fields.model() == null) {
            b.release();
            Answers.send(ctx, request, Responses.error(ctx.alloc(), GatewayError.INVALID_REQUEST,
                    "you must provide a model parameter", "model", request.requestId(), !request.keepAlive()));
            return;
        }
        Route route = request.snapshot().routing().resolve(fields.model());
        if (route == null) {
            b.release();
            Answers.send(ctx, request, ModelsRoute.notFound(ctx.alloc(), fields.model(), request));
            return;
        }
        ctx.fireChannelRead(new ClientRequest(request.snapshot(), request.route().endpoint(), h.headers(), b, fields,
                route, request.requestId(), request.keepAlive(), request.clientKeyId(), request.receivedNanos()));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof RequestFinished) {
            release();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        release();
        super.channelInactive(ctx);
    }

    /** Drops the request being collected, if any. */
    private void release() {
        head = null;
        bodyError = null;
        if (body != null) {
            body.release();
            body = null;
        }
        if (scanner != null) {
            scanner.close();
            scanner = null;
        }
    }
}
