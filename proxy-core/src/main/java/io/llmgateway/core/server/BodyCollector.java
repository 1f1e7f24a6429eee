package io.llmgateway.core.server;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.json.InvalidRequestBodyException;
import io.llmgateway.codec.json.RequestFieldScanner;
import io.llmgateway.codec.json.RequestFields;
import io.llmgateway.core.http.GatewayErrorResponse;
import io.llmgateway.core.http.Responses;
import io.llmgateway.core.limits.BudgetedCompositeByteBuf;
import io.llmgateway.core.proxy.ClientRequest;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.llmgateway.core.proxy.OutcomeSink;
import io.llmgateway.core.routing.Route;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Collects a proxied request's body and scans its routing fields as it arrives, then passes on one
 * {@link ClientRequest}; answers a body that is not JSON (400, {@code param} naming the field),
 * one without {@code model} (400) and an unknown model (404 {@code model_not_found}) itself.
 *
 * <pre>
 *   ... -> BodyBudget -> ExpectContinue -> <b>BodyCollector</b> -> ProxyExchangeHandler
 * </pre>
 *
 * <p>Hot path. The body is a composite of the received buffers, never copied but for small ones;
 * its size is already bounded by {@link RequestLimits} and reserved in the memory budget by
 * {@link BodyBudget}. A buffer under {@link #SMALL_CHUNK} bytes after the first (a client sending
 * a few bytes at a time) is copied into a tail buffer and released, because each received buffer
 * keeps the whole read buffer it was sliced from alive, plus a component: kept as they are, tiny
 * chunks would cost many times the bytes the budget counts. A body in one buffer is not copied. The {@link RequestFieldScanner} is fed each buffer as it
 * arrives and skips {@code messages} without building it. The composite is owned here until it
 * passes to the {@link ClientRequest} (then to the exchange) with the connection's
 * {@link BodyReservation} moved into it, so that whoever frees it last gives the reservation back;
 * it is released here if the request ends first. Confined to the connection's event loop.
 *
 * <p>An unknown model is refused by routing, before any exchange: its {@link ExchangeOutcome} (no
 * deployment, no attempt) is delivered here, so that the metrics and logs see the request too.
 */
final class BodyCollector extends RequestScopedHandler {

    /** Buffers smaller than this are copied into the tail rather than kept, but for the first. */
    static final int SMALL_CHUNK = 4096;
    private static final int TAIL_BYTES = 16 * 1024;

    private final BodyReservation reservation;
    private final OutcomeSink outcomes;
    private HttpRequest head;
    private BudgetedCompositeByteBuf body;
    private ByteBuf tail;
    private RequestFieldScanner scanner;
    private InvalidRequestBodyException bodyError;

    /** @param outcomes where the outcome of a request refused for its unknown model goes */
    BodyCollector(BodyReservation reservation, OutcomeSink outcomes) {
        this.reservation = reservation;
        this.outcomes = outcomes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest h) {
            dropRequest();
            head = h;
            body = reservation.newBody(ctx.alloc());
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
        append(ctx, content.content());
        if (content instanceof LastHttpContent) {
            flushTail();
            complete(ctx);
        }
    }

    /**
     * Adds {@code data} to the body, or copies it into the tail when it is small and not the
     * first: a body that arrives in one buffer, the common case, is never copied. Takes ownership.
     */
    private void append(ChannelHandlerContext ctx, ByteBuf data) {
        int n = data.readableBytes();
        if (n == 0) {
            data.release();
            return;
        }
        if (n >= SMALL_CHUNK || (tail == null && body.numComponents() == 0)) {
            flushTail();
            body.addComponent(true, data);
            return;
        }
        if (tail != null && tail.maxWritableBytes() < n) {
            flushTail();
        }
        if (tail == null) {
            // Grows by doubling up to TAIL_BYTES, so that it holds at most twice what it carries.
            tail = ctx.alloc().buffer(Math.max(256, n), TAIL_BYTES);
        }
        tail.writeBytes(data);
        data.release();
    }

    private void flushTail() {
        if (tail != null) {
            ByteBuf t = tail;
            tail = null;
            body.addComponent(true, t);
        }
    }

    private void complete(ChannelHandlerContext ctx) {
        InboundRequest request = InboundRequest.current(ctx);
        HttpRequest h = head;
        BudgetedCompositeByteBuf b = body;
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
            GatewayErrorResponse notFound = ModelsRoute.notFound(ctx.alloc(), fields.model(), request);
            refusal = notFound.markOutcomeRecorded();
            long now = System.nanoTime();
            outcomes.accept(new ExchangeOutcome(request.requestId(), request.clientKeyId(), fields.model(), null,
                    fields.stream(), refusal.status().code(), GatewayError.MODEL_NOT_FOUND.code(), List.of(),
                    request.receivedNanos(), 0, now, now, null, false, b.readableBytes(), refusal.content()
                    .readableBytes(), false));
        }
        if (refusal != null) {
            b.release();
            Answers.send(ctx, request, refusal);
            return;
        }
        reservation.handTo(b);
        ctx.fireChannelRead(new ClientRequest(request.snapshot(), request.route().endpoint(), h.headers(), b, fields,
                route, request.requestId(), request.keepAlive(), request.clientKeyId(), request.receivedNanos(),
                request.client().virtualKey()));
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
        if (tail != null) {
            tail.release();
            tail = null;
        }
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
