package io.llmgateway.core.server;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.json.InvalidRequestBodyException;
import io.llmgateway.codec.json.RequestFieldScanner;
import io.llmgateway.codec.json.RequestFields;
import io.llmgateway.codec.multipart.MultipartModelFinder;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.core.config.ConfigKey.StringKey;
import io.llmgateway.core.config.ConfigKeys;
import io.llmgateway.core.http.GatewayErrorResponse;
import io.llmgateway.core.http.Responses;
import io.llmgateway.core.limits.BudgetedCompositeByteBuf;
import io.llmgateway.core.proxy.ClientRequest;
import io.llmgateway.core.proxy.ExchangeOutcome;
import io.llmgateway.core.proxy.OutcomeSink;
import io.llmgateway.core.proxy.RequestUpload;
import io.llmgateway.core.routing.Route;
import io.llmgateway.core.routing.RoutingTable;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Collects a proxied request's body and scans its routing fields as it arrives, then passes on one
 * {@link ClientRequest}; answers a body that is not JSON (400, {@code param} naming the field),
 * one without {@code model} that no default provider serves ({@code endpoints:}; 400) and an
 * unknown model (404 {@code model_not_found}) itself.
 *
 * <p>A multipart upload ({@link HttpRoute#upload()}) is not collected: its parts are read by a
 * {@link MultipartModelFinder} until the form's {@code model} is found or the search gives up
 * ({@code server.upload_model_lookahead_bytes}; then the endpoint's default provider serves it), and
 * the request is passed on with that prefix as its body and a {@link RequestUpload}; the parts that
 * follow are passed on after it as they come, to the exchange. A form that ends first is passed on
 * whole, like any body. A request without a body ({@code GET}, {@code DELETE}) is passed on at once.
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

    private static final RequestFields NO_FIELDS = new RequestFields(null, -1, -1, false, false, -1, -1, null);

    /** Buffers smaller than this are copied into the tail rather than kept, but for the first. */
    static final int SMALL_CHUNK = 4096;
    private static final int TAIL_BYTES = 16 * 1024;

    private final BodyReservation reservation;
    private final OutcomeSink outcomes;
    private HttpRequest head;
    private BudgetedCompositeByteBuf body;
    private ByteBuf tail;
    /** Null unless the body is JSON to scan. */
    private RequestFieldScanner scanner;
    /** Null unless the body is a multipart upload. */
    private MultipartModelFinder finder;
    /** An upload was passed on before its end: its next parts follow the ClientRequest. */
    private boolean streaming;
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
            if (!begin(ctx, h)) {
                return;
            }
        }
        if (!(msg instanceof HttpContent content)) {
            return;
        }
        if (streaming) {
            streaming = !(content instanceof LastHttpContent);
            ctx.fireChannelRead(content);
            return;
        }
        if (body == null) {
            content.release();
            return;
        }
        if (finder != null) {
            collectUpload(ctx, content);
            return;
        }
        if (scanner != null && bodyError == null) {
            try {
                scanner.feed(content.content());
            } catch (InvalidRequestBodyException e) {
                bodyError = e;
            }
        }
        append(ctx, content.content());
        if (content instanceof LastHttpContent) {
            flushTail();
            complete(ctx, null);
        }
    }

    /** A new request: what its body is (JSON, a form, none); false when it was refused (a form without a boundary). */
    private boolean begin(ChannelHandlerContext ctx, HttpRequest h) {
        InboundRequest request = InboundRequest.current(ctx);
        HttpRoute route = request.route();
        if (route.upload()) {
            String boundary = MultipartModelFinder.boundary(h.headers().get(HttpHeaderNames.CONTENT_TYPE));
            if (boundary == null) {
                Answers.sendAndClose(ctx, Responses.error(ctx.alloc(), GatewayError.INVALID_REQUEST, "/v1"
                        + route.endpoint().suffix() + " takes a multipart/form-data body with a boundary, got "
                        + "Content-Type " + ClientText.quote(h.headers().get(HttpHeaderNames.CONTENT_TYPE, "(none)")),
                        null, request.requestId(), true));
                return false;
            }
            // A file upload names no model: it goes to the endpoint's provider without looking.
            int lookahead = route.endpoint() == Endpoint.FILES ? 0
                    : request.snapshot().config().server().uploads().modelLookahead();
            finder = new MultipartModelFinder(boundary, lookahead);
        } else if (route.jsonBody()) {
            scanner = new RequestFieldScanner();
        }
        head = h;
        body = reservation.newBody(ctx.alloc());
        bodyError = null;
        return true;
    }

    /**
     * Collects the prefix of an upload until its {@code model} is found or the search gives up,
     * then passes the request on: complete when its end came first, else streamed ({@link #streaming}).
     */
    private void collectUpload(ChannelHandlerContext ctx, HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (finder.state() == MultipartModelFinder.State.SEARCHING) {
            finder.feed(content.content());
        }
        append(ctx, content.content());
        if (last) {
            finder.end();
            flushTail();
            complete(ctx, null);
        } else if (finder.state() != MultipartModelFinder.State.SEARCHING) {
            flushTail();
            complete(ctx, new RequestUpload(HttpUtil.getContentLength(head, -1L), body.readableBytes()));
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

    private void complete(ChannelHandlerContext ctx, RequestUpload upload) {
        InboundRequest request = InboundRequest.current(ctx);
        HttpRequest h = head;
        BudgetedCompositeByteBuf b = body;
        body = null;
        Endpoint endpoint = request.route().endpoint();
        RoutingTable routing = request.snapshot().routing();
        RequestFields fields = null;
        FullHttpResponse refusal = null;
        Route route = null;
        try {
            fields = scanned(b, endpoint);
            route = fields.model() == null ? routing.endpointDefault(endpoint) : routing.resolve(fields.model());
            // A request for a stored object may go to the key that holds it without a default provider.
            if (fields.model() == null && route == null && !namesStoredObject(request)) {
                refusal = Responses.error(ctx.alloc(), GatewayError.INVALID_REQUEST, noModel(endpoint),
                        "model", request.requestId(), !request.keepAlive());
            }
        } catch (InvalidRequestBodyException e) {
            refusal = Responses.error(ctx.alloc(), GatewayError.INVALID_REQUEST, e.getMessage(), e.param(),
                    request.requestId(), !request.keepAlive());
        } finally {
            dropRequest();
        }
        if (refusal == null && route == null && fields.model() != null) {
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
            if (upload != null) {
                Answers.sendAndClose(ctx, refusal); // the rest of the form is not read
            } else {
                Answers.send(ctx, request, refusal);
            }
            return;
        }
        reservation.handTo(b);
        streaming = upload != null;
        ctx.fireChannelRead(new ClientRequest(request.snapshot(), endpoint, h.headers(), b, fields, route,
                request.requestId(), request.keepAlive(), request.clientKeyId(), request.receivedNanos(),
                request.client().virtualKey(), h.method().name(), request.pathTail(), upload));
    }

    /**
     * The routing fields of the collected body: scanned JSON (the first problem the scanner found,
     * thrown), the form's {@code model}, or none (no body, or an empty one where a model is optional).
     */
    private RequestFields scanned(ByteBuf b, Endpoint endpoint) throws InvalidRequestBodyException {
        if (bodyError != null) {
            throw bodyError;
        }
        if (finder != null) {
            return finder.state() == MultipartModelFinder.State.FOUND ? new RequestFields(finder.model(),
                    (int) finder.valueStart(), (int) finder.valueEnd(), false, false, -1, -1, null) : NO_FIELDS;
        }
        if (scanner == null || b.readableBytes() == 0 && ConfigKeys.endpointDefaultKey(endpoint) != null) {
            return NO_FIELDS;
        }
        return scanner.finish();
    }

    /**
     * Whether a request is an operation on a stored object, its id in the path
     * ({@code /v1/responses/{id}}, {@code /v1/files/{id}}, {@code /v1/batches/{id}}): the exchange
     * finds the key that holds it, or answers 404 naming it. (A create that names one in its body,
     * {@code input_file_id}, still needs a default provider or a model to be routed at all.)
     */
    private static boolean namesStoredObject(InboundRequest request) {
        Endpoint e = request.route().endpoint();
        return (e == Endpoint.RESPONSES || e == Endpoint.FILES || e == Endpoint.BATCHES)
                && request.pathTail().startsWith("/");
    }

    /** Why a request without a model cannot be routed, and what would route it. */
    private String noModel(Endpoint endpoint) {
        StringKey key = ConfigKeys.endpointDefaultKey(endpoint);
        if (key == null) {
            return "you must provide a model parameter";
        }
        String why = finder != null && finder.reason() != null ? finder.reason() + " (the form's model field must "
                + "come before its file, within server.upload_model_lookahead_bytes)" : "no model parameter";
        return why + ", and no provider serves /v1" + endpoint.suffix() + " by default (" + key.path()
                + " in the config)";
    }

    @Override
    protected void dropRequest() {
        head = null;
        bodyError = null;
        finder = null;
        streaming = false;
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
