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
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;

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
final class BodyCollector extends RequestScopedHandler {

    private HttpRequest head;
    private CompositeByteBuf body;
    private RequestFieldScanner scanner;
    private InvalidRequestBodyException bodyError;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest h) {
            dropRequest();
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
        HttpRequest h = head;
        CompositeByteBuf b = body;
        body = null;
        RequestFields fields = null;
        FullHttpResponse refusal = null;
        try {
            fields = scanned();
            if (fields.model() == null) {
                refusal = Responses.error(ctx.alloc(), GatewayError.INVALID_REQUEST, "you must provide a model parameter",
                        "model", request.requestId(), !request.keepAlive());
            }
        } catch (InvalidRequestBodyException e) {
            refusal = Responses.error(ctx.alloc(), GatewayError.INVALID_REQUEST, e.getMessage(), e.param(),
                    request.requestId(), !request.keepAlive());
        } finally {
            dropRequest();
        }
        Route route = refusal == null ? request.snapshot().routing().resolve(fields.model()) : null;
        if (refusal == null && route == null) {
            refusal = ModelsRoute.notFound(ctx.alloc(), fields.model(), request);
        }
        if (refusal != null) {
            b.release();
            Answers.send(ctx, request, refusal);
            return;
        }
        ctx.fireChannelRead(new ClientRequest(request.snapshot(), request.route().endpoint(), h.headers(), b, fields,
                route, request.requestId(), request.keepAlive(), request.clientKeyId(), request.receivedNanos()));
    }

    /** The routing fields of the collected body; the first problem the scanner found, thrown. */
    private RequestFields scanned() throws InvalidRequestBodyException {
        if (bodyError != null) {
            throw bodyError;
        }
        return scanner.finish();
    }

    @Override
    protected void dropRequest() {
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
