package io.llmgateway.core.server;

import io.llmgateway.core.http.Responses;
import io.llmgateway.core.snapshot.GatewaySnapshot;
import static io.llmgateway.codec.error.OpenAiErrors.INVALID_REQUEST;
import static io.llmgateway.codec.error.OpenAiErrors.SERVER_ERROR;

import io.llmgateway.codec.json.InvalidRequestBodyException;
import io.llmgateway.codec.json.RequestFieldScanner;
import io.llmgateway.codec.json.RequestFields;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.core.proxy.ClientRequest;
import io.llmgateway.core.proxy.ExchangeOwner;
import io.llmgateway.core.proxy.ProxyExchange;
import io.llmgateway.core.routing.Route;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The last handler of a client connection: routes each request, collects a proxied request's body
 * while scanning its routing fields, and hands the complete request to a {@link ProxyExchange}.
 *
 * <pre>
 *   IdleStateHandler -> HttpServerCodec -> ClientExchangeHandler
 * </pre>
 *
 * <p>One request at a time per connection (HTTP/1.1 keep-alive). The connection keeps reading
 * while a request is proxied so that a client disconnect is seen at once and cancels the
 * upstream; a pipelined request that arrives meanwhile is held (and reading paused) until the
 * current response is complete. Confined to the connection's event loop.
 */
public final class ClientExchangeHandler extends ChannelInboundHandlerAdapter implements ExchangeOwner {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(ClientExchangeHandler.class);
    private static final long LINGER_MS = 2_000;

    private enum State { IDLE, BODY, RESPOND_AT_END, EXCHANGE, CLOSED }

    private final ServerState server;
    private ChannelHandlerContext ctx;
    private State state = State.IDLE;

    // The request being read.
    private HttpRequest request;
    private GatewaySnapshot snapshot;
    private Endpoint endpoint;
    private String requestId;
    private long receivedNanos;
    private boolean keepAlive;
    private CompositeByteBuf body;
    private RequestFieldScanner scanner;
    private InvalidRequestBodyException bodyError;
    private FullHttpResponse pendingResponse;

    private ProxyExchange exchange;
    private ArrayDeque<Object> pipelined;

    public ClientExchangeHandler(ServerState server) {
        this.server = server;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.CLOSED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (state == State.EXCHANGE || (pipelined != null && !pipelined.isEmpty())) {
            hold(msg);
            return;
        }
        if (msg instanceof HttpRequest req) {
            onRequest(req);
        }
        if (msg instanceof HttpContent content) {
            onContent(content);
        }
    }

    private void hold(Object msg) {
        if (pipelined == null) {
            pipelined = new ArrayDeque<>(4);
        }
        pipelined.add(msg);
        ctx.channel().config().setAutoRead(false);
    }

    private void onRequest(HttpRequest req) {
        request = req;
        receivedNanos = System.nanoTime();
        snapshot = server.snapshot();
        requestId = RequestIds.choose(req.headers().get(Responses.X_REQUEST_ID));
        keepAlive = HttpUtil.isKeepAlive(req) && !server.draining();
        if (req.decoderResult().isFailure()) {
            rejectMalformed(req.decoderResult().cause());
            return;
        }
        String uri = req.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        HttpMethod method = req.method();
        Endpoint proxied = switch (path) {
            case "/v1/chat/completions" -> Endpoint.CHAT_COMPLETIONS;
            case "/v1/completions" -> Endpoint.COMPLETIONS;
            case "/v1/embeddings" -> Endpoint.EMBEDDINGS;
            default -> null;
        };
        if (proxied != null) {
            if (method != HttpMethod.POST) {
                respondAtEnd(methodNotAllowed("POST"));
                return;
            }
            if (!authorized(req)) {
                respondAtEnd(unauthorized());
                return;
            }
            startBody(req, proxied);
            return;
        }
        switch (path) {
            case "/v1/models" -> {
                if (method != HttpMethod.GET) {
                    respondAtEnd(methodNotAllowed("GET"));
                } else if (!authorized(req)) {
                    respondAtEnd(unauthorized());
                } else {
                    respondAtEnd(Responses.json(HttpResponseStatus.OK, snapshot.modelsBody().duplicate(), requestId,
                            !keepAlive));
                }
            }
            case "/health/live" -> respondAtEnd(health(true, "live"));
            case "/health/ready" -> respondAtEnd(health(!server.draining(), server.draining() ? "draining" : "ready"));
            default -> respondAtEnd(Responses.error(ctx, HttpResponseStatus.NOT_FOUND, "unknown route: " + method + " "
                    + truncate(path, 200), INVALID_REQUEST, null, "unknown_url", requestId, !keepAlive));
        }
    }

    private void startBody(HttpRequest req, Endpoint proxied) {
        int max = snapshot.config().server().maxRequestBytes();
        long declared = HttpUtil.getContentLength(req, -1L);
        if (declared > max) {
            rejectTooLarge(max);
            return;
        }
        if (HttpUtil.is100ContinueExpected(req)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE),
                    ctx.voidPromise());
        }
        endpoint = proxied;
        body = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
        scanner = new RequestFieldScanner();
        bodyError = null;
        state = State.BODY;
    }

    private void onContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (state == State.BODY) {
            if (content.decoderResult().isFailure()) {
                content.release();
                rejectMalformed(content.decoderResult().cause());
                return;
            }
            int max = snapshot.config().server().maxRequestBytes();
            if (body.readableBytes() + content.content().readableBytes() > max) {
                content.release();
                rejectTooLarge(max);
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
            if (last) {
                onBodyComplete();
            }
            return;
        }
        content.release();
        if (last && state == State.RESPOND_AT_END) {
            FullHttpResponse r = pendingResponse;
            pendingResponse = null;
            state = State.IDLE;
            boolean close = !keepAlive;
            Responses.send(ctx, r, close);
            if (close) {
                state = State.CLOSED;
            }
        }
    }

    private void onBodyComplete() {
        RequestFields fields = null;
        InvalidRequestBodyException error = bodyError;
        if (error == null) {
            try {
                fields = scanner.finish();
            } catch (InvalidRequestBodyException e) {
                error = e;
            }
        }
        scanner.close();
        scanner = null;
        CompositeByteBuf b = body;
        body = null;
        state = State.IDLE;
        if (error != null) {
            b.release();
            respondNow(Responses.error(ctx, HttpResponseStatus.BAD_REQUEST, error.getMessage(), INVALID_REQUEST,
                    error.param(), null, requestId, !keepAlive));
            return;
        }
        if (fields.model() == null) {
            b.release();
            respondNow(Responses.error(ctx, HttpResponseStatus.BAD_REQUEST, "you must provide a model parameter",
                    INVALID_REQUEST, "model", null, requestId, !keepAlive));
            return;
        }
        Route route = snapshot.routing().resolve(fields.model());
        if (route == null) {
            b.release();
            respondNow(Responses.error(ctx, HttpResponseStatus.NOT_FOUND, "The model '" + truncate(fields.model(), 200)
                    + "' does not exist or you do not have access to it.", INVALID_REQUEST, "model",
                    "model_not_found", requestId, !keepAlive));
            return;
        }
        state = State.EXCHANGE;
        server.exchangeStarted();
        exchange = new ProxyExchange(ctx, this, server.upstream(),
                new ClientRequest(snapshot, endpoint, request.headers(), b, fields, route, requestId, keepAlive, null,
                        receivedNanos));
        exchange.start();
    }

    @Override
    public void exchangeFinished(boolean closeConnection) {
        exchange = null;
        server.exchangeEnded();
        if (closeConnection || !ctx.channel().isActive()) {
            state = State.CLOSED;
            releasePipelined();
            return;
        }
        state = State.IDLE;
        if (server.draining()) {
            // Shutting down: no new request on this connection once its response is out.
            ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(f -> ctx.close());
            state = State.CLOSED;
            releasePipelined();
            return;
        }
        if (pipelined != null && !pipelined.isEmpty()) {
            // Replay held messages after this call returns, so the exchange finishes unwinding first.
            ctx.channel().eventLoop().execute(this::replayPipelined);
        }
    }

    private void replayPipelined() {
        while (pipelined != null && !pipelined.isEmpty() && state != State.EXCHANGE && state != State.CLOSED) {
            Object msg = pipelined.poll();
            if (msg instanceof HttpRequest req) {
                onRequest(req);
            }
            if (msg instanceof HttpContent content) {
                if (state == State.CLOSED) {
                    content.release();
                } else {
                    onContent(content);
                }
            }
        }
        if ((pipelined == null || pipelined.isEmpty()) && state != State.CLOSED) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** True when the server is idle on this connection: no request being read or proxied. */
    boolean idle() {
        return state == State.IDLE;
    }

    // ---- responses of the gateway itself --------------------------------------------------------

    /** Answers once the request's body has been read (and ignored), keeping the connection in sync. */
    private void respondAtEnd(FullHttpResponse response) {
        pendingResponse = response;
        state = State.RESPOND_AT_END;
    }

    private void respondNow(FullHttpResponse response) {
        boolean close = !keepAlive;
        Responses.send(ctx, response, close);
        if (close) {
            state = State.CLOSED;
        }
    }

    /**
     * The rest of the request cannot be read safely: answer, then close. The client may still be
     * sending the body; closing a socket with unread input resets the connection, and the reset
     * can destroy the answer before the client reads it. So the close lingers: our side of the
     * connection is shut after the answer, what still arrives is discarded, and the socket is
     * closed when the client closes it or after {@link #LINGER_MS}.
     */
    private void respondAndClose(FullHttpResponse response) {
        releaseRequestState();
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        state = State.CLOSED;
        Channel ch = ctx.channel();
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> {
            if (!(ch instanceof DuplexChannel duplex) || !f.isSuccess()) {
                ch.close();
                return;
            }
            duplex.shutdownOutput();
            ch.eventLoop().schedule(() -> ch.close(), LINGER_MS, TimeUnit.MILLISECONDS);
        });
    }

    private void rejectTooLarge(int max) {
        respondAndClose(Responses.error(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body exceeds "
                + max + " bytes (server.max_request_bytes)", INVALID_REQUEST, null, "request_too_large", requestId,
                true));
    }

    private void rejectMalformed(Throwable cause) {
        HttpResponseStatus status = HttpResponseStatus.BAD_REQUEST;
        if (cause instanceof TooLongHttpLineException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        } else if (cause instanceof TooLongFrameException) {
            status = HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
        }
        String reason = cause == null || cause.getMessage() == null ? "malformed HTTP request" : cause.getMessage();
        respondAndClose(Responses.error(ctx, status, "malformed HTTP request: " + truncate(reason, 200),
                INVALID_REQUEST, null, "malformed_http", requestId, true));
    }

    private FullHttpResponse methodNotAllowed(String allowed) {
        FullHttpResponse r = Responses.error(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "method " + request.method()
                + " is not allowed here; use " + allowed, INVALID_REQUEST, null, "method_not_allowed", requestId,
                !keepAlive);
        r.headers().set(HttpHeaderNames.ALLOW, allowed);
        return r;
    }

    private FullHttpResponse unauthorized() {
        boolean missing = request.headers().get(HttpHeaderNames.AUTHORIZATION) == null;
        String message = missing
                ? "You didn't provide an API key. Send it in an Authorization header using Bearer auth "
                        + "(i.e. Authorization: Bearer YOUR_KEY)."
                : "Incorrect API key provided.";
        FullHttpResponse r = Responses.error(ctx, HttpResponseStatus.UNAUTHORIZED, message, INVALID_REQUEST, null,
                "invalid_api_key", requestId, !keepAlive);
        r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        return r;
    }

    private FullHttpResponse health(boolean ok, String status) {
        byte[] json = ("{\"status\":\"" + status + "\"}").getBytes(StandardCharsets.US_ASCII);
        return Responses.json(ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                ctx.alloc().buffer(json.length).writeBytes(json), requestId, !keepAlive);
    }

    /** Constant-time check of the bearer key against {@code server.api_keys} (none configured: open). */
    private boolean authorized(HttpRequest req) {
        byte[][] keys = snapshot.apiKeys();
        if (keys.length == 0) {
            return true;
        }
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = auth.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(key, presented);
        }
        return match;
    }

    // ---- connection events ----------------------------------------------------------------------

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (exchange != null && ctx.channel().isWritable()) {
            exchange.onClientWritable();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        State was = state;
        state = State.CLOSED;
        if (exchange != null && was == State.EXCHANGE) {
            ProxyExchange e = exchange;
            e.cancel();
        }
        releaseRequestState();
        releasePipelined();
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (state == State.IDLE) {
                ctx.close();
            } else if (state == State.BODY) {
                respondAndClose(Responses.error(ctx, HttpResponseStatus.REQUEST_TIMEOUT, "the request body did not "
                        + "arrive in time (server.client_idle_timeout_ms)", INVALID_REQUEST, null, "request_timeout",
                        requestId, true));
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("client connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("unexpected error on client connection {}", ctx.channel().remoteAddress(), cause);
            if (state == State.BODY || state == State.IDLE || state == State.RESPOND_AT_END) {
                respondAndClose(Responses.error(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal gateway error",
                        SERVER_ERROR, null, null, requestId, true));
                return;
            }
        }
        ctx.close();
    }

    private void releaseRequestState() {
        if (body != null) {
            body.release();
            body = null;
        }
        if (scanner != null) {
            scanner.close();
            scanner = null;
        }
        if (pendingResponse != null) {
            pendingResponse.release();
            pendingResponse = null;
        }
    }

    private void releasePipelined() {
        if (pipelined != null) {
            Object m;
            while ((m = pipelined.poll()) != null) {
                ReferenceCountUtil.release(m);
            }
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
