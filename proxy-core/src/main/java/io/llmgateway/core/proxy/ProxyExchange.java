package io.llmgateway.core.proxy;

import static io.llmgateway.codec.error.OpenAiErrors.INVALID_REQUEST;
import static io.llmgateway.codec.error.OpenAiErrors.SERVER_ERROR;

import io.llmgateway.codec.error.OpenAiErrors;
import io.llmgateway.codec.http.RetryAfter;
import io.llmgateway.codec.spi.OutboundRequest;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.RequestRejectedException;
import io.llmgateway.codec.spi.ResponseTranslator;
import io.llmgateway.codec.spi.StreamEnd;
import io.llmgateway.codec.spi.TranslationException;
import io.llmgateway.codec.spi.UpstreamCall;
import io.llmgateway.codec.spi.UpstreamError;
import io.llmgateway.codec.sse.SseEventSplitter;
import io.llmgateway.codec.sse.SseEvents;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.balance.CallbackLoop;
import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.balance.Lease;
import io.llmgateway.core.balance.RequestInfo;
import io.llmgateway.core.balance.Result;
import io.llmgateway.core.config.PolicyConfig;
import io.llmgateway.core.config.UpstreamConfig;
import io.llmgateway.core.routing.Deployment;
import io.llmgateway.core.routing.RouteTarget;
import io.llmgateway.core.http.Responses;
import io.llmgateway.core.upstream.Origin;
import io.llmgateway.core.upstream.PrematureCloseException;
import io.llmgateway.core.upstream.UpstreamClient;
import io.llmgateway.core.upstream.UpstreamConnection;
import io.llmgateway.core.upstream.UpstreamListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One client request proxied to one upstream: picks the deployment, has its adapter build the
 * upstream request, sends it on a pooled connection of the client's own event loop, and relays
 * the answer.
 *
 * <pre>
 *   client channel --ClientExchangeHandler--> ProxyExchange --UpstreamConnection--> provider
 *         ^                                        |
 *         '------ head, SSE events / body ---------'
 * </pre>
 *
 * <p>Hot path, confined to one event loop (client and upstream channels share it): no locks, no
 * volatile fields. Streams are relayed event by event as retained slices of what the upstream
 * sent, flushed at the end of every upstream read; the upstream stops reading while the client is
 * not writable. Until the response head has gone to the client, failures become a complete
 * OpenAI error response; after it, a stream ends with an in-stream error event (never a
 * clean-looking {@code [DONE]}) and a body relay is cut by closing the connection.
 */
public final class ProxyExchange implements UpstreamListener {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(ProxyExchange.class);
    private static final AsciiString IDENTITY = AsciiString.cached("identity");
    private static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");
    private static final int MAX_STALE_RETRIES = 2;
    private static final AsciiString X_SHOULD_RETRY = AsciiString.cached("x-should-retry");
    private static final byte[] CONTEXT_LENGTH_CODE = "\"context_length_exceeded\"".getBytes(StandardCharsets.US_ASCII);
    /** The balancer's bulkhead waits complete on the request's own event loop. */
    private static final FastThreadLocal<CallbackLoop> LOOPS = new FastThreadLocal<>();

    private enum Mode { PENDING, SSE_RELAY, SSE_TRANSLATE, BODY_RELAY, BUFFER, DONE }

    private final ChannelHandlerContext client;
    private final ExchangeOwner owner;
    private final UpstreamClient upstreamClient;
    private final ClientRequest request;
    private final UpstreamConfig limits;
    private final PolicyConfig policy;
    private final ExchangeResponses responses;
    /**
     * Scratch lists for the events of one upstream read and their translations, shared by the
     * exchanges of an event loop: each use is synchronous and leaves them empty.
     */
    private static final FastThreadLocal<List<ByteBuf>> EVENTS = new FastThreadLocal<>() {
        @Override
        protected List<ByteBuf> initialValue() {
            return new ArrayList<>(16);
        }
    };
    private static final FastThreadLocal<List<ByteBuf>> TRANSLATED = new FastThreadLocal<>() {
        @Override
        protected List<ByteBuf> initialValue() {
            return new ArrayList<>(16);
        }
    };

    private AttemptSequence attempts;
    private Deployment deployment;
    private UpstreamCall call;
    private long sentNanos;
    private ScheduledFuture<?> retryTimer;
    /** The answer of the last failed attempt, kept while the request is retried elsewhere. */
    private FullHttpResponse heldError;
    private final RelayedUsage relayedUsage = new RelayedUsage();
    /** The exchange owns the request body until the answer's head is committed or the exchange ends. */
    private boolean requestBodyReleased;
    private UpstreamConnection connection;
    private Mode mode = Mode.PENDING;
    private boolean headSent;
    private boolean unflushed;
    private int staleRetries;
    private SseEventSplitter splitter;
    private boolean sawDone;
    private HttpResponse upstreamHead;
    private CompositeByteBuf buffered;
    /**
     * One timer watches the three upstream timeouts (first byte, idle between reads, total): it
     * fires at the nearest deadline, acts if one passed, and re-arms for the next. Deadlines that
     * move later (every read moves the idle one) cost nothing; one schedule per request in the
     * common case instead of one per timeout.
     */
    private ScheduledFuture<?> watchdog;
    private long watchdogAtNanos;
    private long totalDeadlineNanos;
    private boolean awaitingFirstByte;
    private long lastReadNanos;

    public ProxyExchange(ChannelHandlerContext client, ExchangeOwner owner, UpstreamClient upstreamClient,
            ClientRequest request) {
        this.client = client;
        this.owner = owner;
        this.upstreamClient = upstreamClient;
        this.request = request;
        this.limits = request.snapshot().config().upstream();
        this.policy = request.snapshot().config().policy();
        this.responses = new ExchangeResponses(client, request);
    }

    /** Picks a deployment and sends the first attempt. */
    public void start() {
        long now = System.nanoTime();
        totalDeadlineNanos = now + TimeUnit.MILLISECONDS.toNanos(limits.totalTimeoutMs());
        armWatchdog(Math.min(totalDeadlineNanos, now + TimeUnit.MILLISECONDS.toNanos(limits.firstByteTimeoutMs())));
        for (RouteTarget target : request.route().targets()) {
            if (!target.adapter().supports(request.endpoint())) {
                respondError(HttpResponseStatus.BAD_REQUEST, "model '" + request.fields().model() + "' is served by a "
                        + target.provider().type() + " provider, which does not support /v1"
                        + request.endpoint().suffix(), INVALID_REQUEST, "model", "unsupported_endpoint");
                return;
            }
        }
        RequestInfo info = RequestInfo.of(request.body().readableBytes(),
                Math.max(0, request.fields().outputTokenLimit()), request.fields().stream(),
                tags());
        attempts = new AttemptSequence(request.snapshot().balancer(), request.snapshot().routing(), request.route(),
                info, callbackLoop());
        if (!attempts.fitContextWindow(policy.defaultMaxTokens())) {
            respondError(HttpResponseStatus.BAD_REQUEST, "the request is longer than the context window of model '"
                    + request.fields().model() + "' and of its context-window fallbacks", INVALID_REQUEST, "messages",
                    "context_length_exceeded");
            return;
        }
        nextAttempt();
    }

    /** Tags for tag-based routing: the {@code policy.tag_header} header, else {@code metadata.tags}. */
    private java.util.List<String> tags() {
        java.util.List<String> fromHeader = RequestInfo.parseTags(request.headers().get(policy.tagHeader()));
        return fromHeader.isEmpty() ? request.fields().tags() : fromHeader;
    }

    private CallbackLoop callbackLoop() {
        CallbackLoop loop = LOOPS.get();
        if (loop == null) {
            loop = CallbackLoop.of(client.channel().eventLoop());
            LOOPS.set(loop);
        }
        return loop;
    }

    /** Forgets the failed attempt (nothing of it reached the client) before the next one. */
    private void resetForNextAttempt() {
        awaitingFirstByte = false;
        abortUpstream();
        mode = Mode.PENDING;
        upstreamHead = null;
        call = null;
        deployment = null;
    }

    /** Asks the balancer for the next deployment (the first attempt, a retry, or a fallback). */
    private void nextAttempt() {
        retryTimer = null;
        if (mode == Mode.DONE) {
            return;
        }
        onLease(attempts.acquire(this::onPendingLease));
    }

    private void onLease(Lease lease) {
        switch (lease.outcome()) {
            case ACQUIRED -> {
                deployment = lease.deployment();
                attempt();
            }
            case PENDING -> {
                // Every candidate is at max_concurrent: onPendingLease follows, on this loop.
            }
            default -> respondRefusal();
        }
    }

    /** A bulkhead wait ended, on this loop. */
    private void onPendingLease(Lease lease) {
        if (mode == Mode.DONE) {
            lease.release(Result.CANCELLED);
            return;
        }
        attempts.pendingResolved(lease);
        if (lease.outcome() == Lease.Outcome.ACQUIRED) {
            deployment = lease.deployment();
            attempt();
        } else if (attempts.advanceFallback()) {
            nextAttempt();
        } else {
            respondRefusal();
        }
    }

    /** Nothing can take the request: 429 with a truthful retry-after when it is only a matter of time, else 503. */
    private void respondRefusal() {
        FullHttpResponse held = takeHeldError();
        if (held != null) {
            // An upstream already answered this request: its error says more than "nothing left".
            send(held);
            return;
        }
        String model = request.fields().model();
        FullHttpResponse r;
        if (attempts.refusalIsRateLimit()) {
            long retryMs = Math.max(0, attempts.refusalRetryAfterMs());
            r = responses.error(HttpResponseStatus.TOO_MANY_REQUESTS, "every deployment of model '" + model
                    + "' is at its rate or concurrency limit (routes tried: " + String.join(", ", attempts.routeNames())
                    + "); retry in " + retryMs + " ms", OpenAiErrors.RATE_LIMIT, null, "rate_limit_exceeded");
            r.headers().set(HttpHeaderNames.RETRY_AFTER, (retryMs + 999) / 1000);
            r.headers().set(ExchangeResponses.RETRY_AFTER_MS, retryMs);
        } else {
            r = responses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "no deployment can serve model '" + model
                    + "' now: every key is disabled, excluded, or unavailable (routes tried: "
                    + String.join(", ", attempts.routeNames()) + ")", SERVER_ERROR, null, "no_available_deployment");
        }
        send(r);
    }

    /**
     * A failed attempt that the balancer may retry elsewhere: after a backoff, the next
     * deployment (this one excluded). Returns false when the retry budget is spent.
     */
    private boolean retryAfterFailure(Result result) {
        attempts.attemptEnded(result);
        if (headSent || mode == Mode.DONE || !attempts.shouldRetry(result)) {
            return false;
        }
        resetForNextAttempt();
        long backoff = attempts.backoffMs();
        if (backoff <= 0) {
            nextAttempt();
        } else {
            retryTimer = schedule(this::nextAttempt, backoff);
        }
        return true;
    }

    private void attempt() {
        ProviderSettings settings = deployment.provider().settings();
        UpstreamCall c;
        try {
            c = deployment.adapter().prepare(new OutboundRequest(request.endpoint(), settings,
                    deployment.upstreamModel(), deployment.key().secret(), request.body(), request.fields(),
                    client.alloc()));
        } catch (RequestRejectedException e) {
            respondError(HttpResponseStatus.BAD_REQUEST, e.getMessage(), INVALID_REQUEST, e.param(), null);
            return;
        } catch (RuntimeException e) {
            LOG.warn("[{}] adapter {} failed to build the request", request.requestId(), settings.type(), e);
            respondError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "the gateway could not translate the request for "
                    + settings.type(), SERVER_ERROR, null, "translation_failed");
            return;
        }
        call = c;
        Future<UpstreamConnection> f = upstreamClient.acquire(client.channel().eventLoop(), Origin.of(settings));
        if (f.isDone()) {
            onAcquired(f, c);
        } else {
            f.addListener(done -> onAcquired(f, c));
        }
    }

    private void onAcquired(Future<UpstreamConnection> f, UpstreamCall c) {
        if (mode == Mode.DONE) {
            c.release();
            if (f.isSuccess()) {
                f.getNow().abort();
            }
            return;
        }
        if (!f.isSuccess()) {
            c.release();
            failBeforeResponse(f.cause());
            return;
        }
        connection = f.getNow();
        HttpRequest head;
        try {
            head = upstreamHead(c);
        } catch (RuntimeException | Error e) {
            // A bug, not an upstream failure: answer at once rather than leave the client waiting.
            LOG.error("[{}] cannot build the upstream request", request.requestId(), e);
            c.release();
            releaseConnection();
            respondError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal gateway error", SERVER_ERROR, null, null);
            return;
        }
        sentNanos = System.nanoTime();
        awaitingFirstByte = true;
        armWatchdog(sentNanos + TimeUnit.MILLISECONDS.toNanos(limits.firstByteTimeoutMs()));
        connection.send(head, c.body(), this);
    }

    private HttpRequest upstreamHead(UpstreamCall c) {
        HttpHeaders h = new DefaultHttpHeaders();
        HeaderFilter.copyToUpstream(request.headers(), h);
        ProviderSettings s = deployment.provider().settings();
        h.set(HttpHeaderNames.HOST, s.hostHeader());
        h.set(HttpHeaderNames.CONTENT_TYPE, APPLICATION_JSON);
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, c.body().readableBytes());
        h.set(HttpHeaderNames.ACCEPT_ENCODING, IDENTITY);
        h.set(Responses.X_REQUEST_ID, request.requestId());
        for (Map.Entry<String, String> e : c.headers()) {
            h.set(e.getKey(), e.getValue());
        }
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(c.method()), c.pathAndQuery(), h);
    }

    // ---- upstream events ------------------------------------------------------------------------

    @Override
    public void onResponseHead(UpstreamConnection conn, HttpResponse response) {
        awaitingFirstByte = false;
        lastReadNanos = System.nanoTime();
        attempts.firstByte(lastReadNanos - sentNanos);
        upstreamHead = response;
        int status = response.status().code();
        String contentType = response.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        boolean eventStream = contentType.regionMatches(true, 0, "text/event-stream", 0, 17);
        if (status >= 200 && status < 300 && eventStream) {
            mode = call.passThrough() ? Mode.SSE_RELAY : Mode.SSE_TRANSLATE;
            splitter = new SseEventSplitter(limits.maxEventBytes());
            writeHead(responses.streamHead(response, call.passThrough(), deployment, attempts));
            releaseRequestBody();
        } else if (status >= 200 && status < 300 && call.passThrough()) {
            mode = Mode.BODY_RELAY;
            writeHead(responses.relayHead(response, deployment, attempts));
            releaseRequestBody();
        } else {
            long length = HttpUtil.getContentLength(response, -1L);
            if (length > limits.maxResponseBytes()) {
                abortUpstream();
                respondError(HttpResponseStatus.BAD_GATEWAY, "the upstream response is larger than "
                        + "upstream.max_response_bytes (" + limits.maxResponseBytes() + ")", SERVER_ERROR, null,
                        "upstream_response_too_large");
                return;
            }
            mode = Mode.BUFFER;
            buffered = client.alloc().compositeBuffer(64);
        }
    }

    @Override
    public void onResponseContent(UpstreamConnection conn, HttpContent content) {
        lastReadNanos = System.nanoTime();
        boolean last = content instanceof LastHttpContent;
        switch (mode) {
            case SSE_RELAY -> relayEvents(content, last);
            case SSE_TRANSLATE -> translateEvents(content, last);
            case BODY_RELAY -> relayBody(content, last);
            case BUFFER -> buffer(content, last);
            default -> content.release();
        }
    }

    @Override
    public void onReadComplete(UpstreamConnection conn) {
        if (unflushed) {
            unflushed = false;
            client.flush();
        }
    }

    @Override
    public void onUpstreamFailure(UpstreamConnection conn, Throwable cause, boolean responseBegun) {
        if (mode == Mode.DONE) {
            return;
        }
        connection = null;
        if (!responseBegun && !headSent && cause instanceof PrematureCloseException
                && conn.previousExchanges() > 0 && staleRetries < MAX_STALE_RETRIES) {
            // A pooled connection the origin had already closed: the request never reached it.
            staleRetries++;
            awaitingFirstByte = false;
            attempt();
            return;
        }
        if (!headSent) {
            failBeforeResponse(cause);
            return;
        }
        failMidResponse("the upstream connection failed mid-response: " + describe(cause), "upstream_disconnected");
    }

    // ---- relay modes ----------------------------------------------------------------------------

    private void relayEvents(HttpContent content, boolean last) {
        List<ByteBuf> events = EVENTS.get();
        try {
            splitter.split(content.content(), events);
        } catch (RuntimeException e) {
            releaseAll(events);
            failMidResponse("the upstream sent an invalid event stream: " + e.getMessage(), "upstream_protocol_error");
            return;
        }
        for (int i = 0; i < events.size(); i++) {
            ByteBuf event = events.get(i);
            if (sawDone) {
                event.release(); // nothing may follow [DONE]
                continue;
            }
            if (SseEvents.isDone(event)) {
                sawDone = true;
            } else if (SseEvents.isError(event)) {
                // The upstream reported a failure in the stream: relay its error, which is the only one
                // the client gets, and end the stream without [DONE].
                writeClient(new DefaultHttpContent(event));
                for (int j = i + 1; j < events.size(); j++) {
                    events.get(j).release();
                }
                events.clear();
                failMidResponse(null, null);
                return;
            } else {
                relayedUsage.onEvent(event);
            }
            writeClient(new DefaultHttpContent(event));
        }
        events.clear();
        if (last) {
            if (!sawDone) {
                failMidResponse("the upstream stream ended without [DONE]: the answer is incomplete",
                        "upstream_stream_truncated");
                return;
            }
            finish(LastHttpContent.EMPTY_LAST_CONTENT, true);
        }
    }

    private void translateEvents(HttpContent content, boolean last) {
        ResponseTranslator translator = call.translator();
        List<ByteBuf> events = EVENTS.get();
        List<ByteBuf> translated = TRANSLATED.get();
        try {
            splitter.split(content.content(), events);
            for (int i = 0; i < events.size(); i++) {
                ByteBuf event = events.get(i);
                try {
                    translator.translateEvent(event, client.alloc(), translated);
                } finally {
                    event.release();
                    events.set(i, null);
                }
                for (ByteBuf out : translated) {
                    writeClient(new DefaultHttpContent(out));
                }
                translated.clear();
            }
            events.clear();
        } catch (TranslationException | RuntimeException e) {
            releaseAll(events);
            releaseAll(translated);
            failMidResponse("the gateway could not translate the upstream stream: " + e.getMessage(),
                    "translation_failed");
            return;
        }
        if (last) {
            StreamEnd end = translator.endOfStream(client.alloc(), translated);
            for (ByteBuf out : translated) {
                writeClient(new DefaultHttpContent(out));
            }
            translated.clear();
            if (end == StreamEnd.TRUNCATED) {
                failMidResponse("the upstream stream ended early: the answer is incomplete", "upstream_stream_truncated");
                return;
            }
            if (end == StreamEnd.FAILED) {
                // The translator already sent the upstream's error event: end without a clean close.
                failMidResponse(null, null);
                return;
            }
            finish(LastHttpContent.EMPTY_LAST_CONTENT, true);
        }
    }

    private void relayBody(HttpContent content, boolean last) {
        relayedUsage.onBody(content.content());
        if (!last) {
            writeClient(content);
            return;
        }
        LastHttpContent end = content.content().isReadable()
                ? new DefaultLastHttpContent(content.content())
                : LastHttpContent.EMPTY_LAST_CONTENT;
        if (end == LastHttpContent.EMPTY_LAST_CONTENT) {
            content.release();
        }
        finish(end, true);
    }

    private void buffer(HttpContent content, boolean last) {
        ByteBuf data = content.content();
        if (buffered.readableBytes() + data.readableBytes() > limits.maxResponseBytes()) {
            content.release();
            abortUpstream();
            respondError(HttpResponseStatus.BAD_GATEWAY, "the upstream response is larger than "
                    + "upstream.max_response_bytes (" + limits.maxResponseBytes() + ")", SERVER_ERROR, null,
                    "upstream_response_too_large");
            return;
        }
        if (data.isReadable()) {
            buffered.addComponent(true, data);
        } else {
            content.release();
        }
        if (last) {
            finishBuffered();
        }
    }

    private void finishBuffered() {
        CompositeByteBuf body = buffered;
        buffered = null;
        int status = upstreamHead.status().code();
        HttpHeaders headers = upstreamHead.headers();
        ResponseTranslator translator = call.translator();
        releaseConnection();
        try {
            if (status >= 200 && status < 300) {
                // Only translated bodies are buffered on success.
                ByteBuf out;
                try {
                    out = translator.translateBody(body, client.alloc());
                } catch (TranslationException | RuntimeException e) {
                    attempts.attemptEnded(Result.success(status, null, headers::get));
                    respondError(HttpResponseStatus.BAD_GATEWAY, "the gateway could not translate the upstream "
                            + "response: " + e.getMessage(), SERVER_ERROR, null, "translation_failed");
                    return;
                }
                attempts.attemptEnded(Result.success(status, translator.usage(), headers::get));
                FullHttpResponse ok = Responses.json(HttpResponseStatus.OK, out, request.requestId(),
                        !request.keepAlive());
                ExchangeResponses.copyUpstreamRequestId(ok.headers(), upstreamHead);
                send(ok);
                return;
            }
            UpstreamError translated = translator == null ? null
                    : translator.translateError(status, headers::get, body, client.alloc());
            try {
                onUpstreamError(status, headers, body, translated);
            } finally {
                if (translated != null && translated.body().refCnt() > 0) {
                    translated.body().release();
                }
            }
        } finally {
            body.release();
        }
    }

    /**
     * An upstream error response arrived before anything went to the client: the balancer learns
     * of it (cooldown, breaker, disable), then the request goes to a context-window fallback, is
     * retried on another deployment, or the error is answered.
     */
    private void onUpstreamError(int status, HttpHeaders headers, ByteBuf body, UpstreamError translated) {
        long retryAfterMs = translated != null && translated.retryAfterMs() >= 0 ? translated.retryAfterMs()
                : RetryAfter.millis(headers::get, System.currentTimeMillis());
        ByteBuf openAiBody = translated != null ? translated.body() : body;
        ErrorKind kind = ErrorKind.ofStatus(status);
        if (kind == ErrorKind.CLIENT_ERROR && io.netty.buffer.ByteBufUtil.indexOf(
                io.netty.buffer.Unpooled.wrappedBuffer(CONTEXT_LENGTH_CODE), openAiBody) >= 0) {
            kind = ErrorKind.CONTEXT_LENGTH;
        }
        Result result = new Result(status, kind, null, retryAfterMs, headers::get);
        // Kept aside first: the next attempt may end (and answer) before this method returns.
        holdError(responses.upstreamError(deployment, upstreamHead, body, translated));
        if (kind == ErrorKind.CONTEXT_LENGTH) {
            attempts.attemptEnded(result);
            if (attempts.switchToContextWindowFallback(policy.defaultMaxTokens())) {
                resetForNextAttempt();
                nextAttempt();
                return;
            }
        } else if (retryAfterFailure(result)) {
            return;
        }
        send(takeHeldError());
    }

    private FullHttpResponse errorResponse(HttpResponseStatus status, String message, String type, String param,
            String code) {
        return responses.error(status, message, type, param, code);
    }

    /** Keeps {@code r} as the answer to give if no later attempt does better; it names its deployment. */
    private void holdError(FullHttpResponse r) {
        if (deployment != null) {
            r.headers().set(ExchangeResponses.X_GATEWAY_DEPLOYMENT, deployment.label());
        }
        if (heldError != null) {
            heldError.release();
        }
        heldError = r;
    }

    private FullHttpResponse takeHeldError() {
        FullHttpResponse r = heldError;
        heldError = null;
        return r;
    }

    // ---- client side ----------------------------------------------------------------------------

    private void writeHead(HttpResponse head) {
        headSent = true;
        writeClient(head);
    }

    private void writeClient(Object msg) {
        client.write(msg, client.voidPromise());
        unflushed = true;
        UpstreamConnection conn = connection;
        if (conn != null && !client.channel().isWritable()) {
            conn.setAutoRead(false);
        }
    }

    /** The client can take more: resume reading the upstream. */
    public void onClientWritable() {
        UpstreamConnection conn = connection;
        if (conn != null && mode != Mode.DONE) {
            conn.setAutoRead(true);
        }
    }

    // ---- endings --------------------------------------------------------------------------------

    /** Writes the final piece of a streamed or relayed response and ends the exchange. */
    private void finish(LastHttpContent last, boolean upstreamClean) {
        attempts.attemptEnded(Result.success(upstreamHead.status().code(), successUsage(), upstreamHead.headers()::get));
        if (upstreamClean) {
            releaseConnection();
        }
        unflushed = false;
        if (!request.keepAlive()) {
            client.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        } else {
            client.writeAndFlush(last, client.voidPromise());
        }
        end(!request.keepAlive());
    }

    /** The tokens of a successful answer: as the provider reported them, else estimated. */
    private Usage successUsage() {
        if (mode == Mode.SSE_RELAY || mode == Mode.BODY_RELAY) {
            return relayedUsage.usage(client.alloc());
        }
        return call != null && call.translator() != null ? call.translator().usage() : null;
    }

    private void send(FullHttpResponse response) {
        headSent = true;
        responses.decorate(response.headers(), deployment, attempts);
        if (response.status().code() >= 400 && attempts != null && attempts.attempts() > 1) {
            // The gateway already retried on other deployments: SDKs must not multiply retries on top.
            response.headers().set(X_SHOULD_RETRY, "false");
        }
        boolean close = !request.keepAlive();
        Responses.send(client, response, close);
        end(close);
    }

    private void respondError(HttpResponseStatus status, String message, String type, String param, String code) {
        if (headSent) {
            failMidResponse(message, code);
            return;
        }
        send(responses.error(status, message, type, param, code));
    }

    private void failBeforeResponse(Throwable cause) {
        if (headSent) {
            failMidResponse("the upstream connection failed: " + describe(cause), "upstream_disconnected");
            return;
        }
        String provider = deployment == null ? "?" : deployment.provider().id();
        if (isTimeout(cause)) {
            holdError(errorResponse(HttpResponseStatus.GATEWAY_TIMEOUT, "timed out connecting to upstream '"
                    + provider + "'", SERVER_ERROR, null, "upstream_timeout"));
        } else if (cause instanceof PrematureCloseException) {
            holdError(errorResponse(HttpResponseStatus.BAD_GATEWAY, "upstream '" + provider + "': "
                    + cause.getMessage(), SERVER_ERROR, null, "upstream_disconnected"));
        } else {
            holdError(errorResponse(HttpResponseStatus.BAD_GATEWAY, "cannot reach upstream '" + provider + "': "
                    + describe(cause), SERVER_ERROR, null, "upstream_unreachable"));
        }
        if (attempts != null && retryAfterFailure(Result.failure(isTimeout(cause) ? ErrorKind.TIMEOUT : ErrorKind.CONNECT,
                0, -1, null))) {
            LOG.debug("[{}] retrying after {} from '{}'", request.requestId(), cause.toString(), provider);
            return;
        }
        send(takeHeldError());
    }

    /**
     * The response head is out: a stream gets an in-stream error event and the connection is
     * closed; a relayed body is cut by closing the connection (its framing tells the client).
     */
    private void failMidResponse(String message, String code) {
        if (mode == Mode.DONE) {
            return;
        }
        if (attempts != null) {
            attempts.attemptEnded(Result.failure(ErrorKind.STREAM_ERROR,
                    upstreamHead == null ? 0 : upstreamHead.status().code(), -1, null));
        }
        abortUpstream();
        if (splitter != null) {
            splitter.release();
        }
        if (message != null && (mode == Mode.SSE_RELAY || mode == Mode.SSE_TRANSLATE)) {
            LOG.debug("[{}] stream failed: {}", request.requestId(), message);
            client.write(new DefaultHttpContent(OpenAiErrors.sseEvent(client.alloc(), message, SERVER_ERROR, null,
                    code)), client.voidPromise());
        }
        client.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        end(true);
    }

    /** The client went away: stop the upstream at once and free everything. */
    public void cancel() {
        if (mode == Mode.DONE) {
            return;
        }
        if (attempts != null) {
            attempts.cancel();
        }
        abortUpstream();
        end(true);
    }

    private void end(boolean close) {
        if (mode == Mode.DONE) {
            return;
        }
        mode = Mode.DONE;
        cancel(watchdog);
        watchdog = null;
        cancel(retryTimer);
        if (heldError != null) {
            heldError.release();
            heldError = null;
        }
        if (attempts != null) {
            attempts.cancel(); // no-op unless a path forgot its lease
        }
        relayedUsage.release();
        if (splitter != null) {
            splitter.release();
            splitter = null;
        }
        if (buffered != null) {
            buffered.release();
            buffered = null;
        }
        releaseRequestBody();
        owner.exchangeFinished(close);
    }

    /**
     * The request body is kept for retries and fallbacks only until the answer's head goes to the
     * client; from then on nothing can send it again, and a stream may stay open for minutes with
     * the client's read buffer pinned under it. (The upstream write holds its own references.)
     */
    private void releaseRequestBody() {
        if (!requestBodyReleased) {
            requestBodyReleased = true;
            request.body().release();
        }
    }

    private void releaseConnection() {
        UpstreamConnection conn = connection;
        connection = null;
        if (conn != null) {
            conn.release();
        }
    }

    private void abortUpstream() {
        UpstreamConnection conn = connection;
        connection = null;
        if (conn != null) {
            conn.abort();
        }
    }

    // ---- timers ---------------------------------------------------------------------------------

    private ScheduledFuture<?> schedule(Runnable task, long delayMs) {
        return client.channel().eventLoop().schedule(task, delayMs, TimeUnit.MILLISECONDS);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    /** Makes the watchdog fire no later than {@code deadlineNanos}. */
    private void armWatchdog(long deadlineNanos) {
        if (watchdog != null && watchdogAtNanos <= deadlineNanos) {
            return;
        }
        cancel(watchdog);
        watchdogAtNanos = deadlineNanos;
        watchdog = client.channel().eventLoop().schedule(this::onWatchdog,
                Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void onWatchdog() {
        watchdog = null;
        if (mode == Mode.DONE) {
            return;
        }
        long now = System.nanoTime();
        long firstByteDeadline = sentNanos + TimeUnit.MILLISECONDS.toNanos(limits.firstByteTimeoutMs());
        long idleDeadline = lastReadNanos + TimeUnit.MILLISECONDS.toNanos(limits.idleTimeoutMs());
        boolean reading = upstreamHead != null;
        if (now - totalDeadlineNanos >= 0) {
            onTotalTimeout();
        } else if (awaitingFirstByte && now - firstByteDeadline >= 0) {
            onFirstByteTimeout();
            if (mode != Mode.DONE) {
                armWatchdog(totalDeadlineNanos); // retrying: the total timeout still applies
            }
        } else if (reading && now - idleDeadline >= 0) {
            onIdleTimeout();
        } else {
            long next = totalDeadlineNanos;
            if (awaitingFirstByte) {
                next = Math.min(next, firstByteDeadline);
            }
            if (reading) {
                next = Math.min(next, idleDeadline);
            }
            armWatchdog(next);
        }
    }

    private void onFirstByteTimeout() {
        awaitingFirstByte = false;
        abortUpstream();
        holdError(errorResponse(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream '" + deployment.provider().id()
                + "' did not answer within " + limits.firstByteTimeoutMs() + " ms (upstream.first_byte_timeout_ms)",
                SERVER_ERROR, null, "upstream_timeout"));
        if (retryAfterFailure(Result.failure(ErrorKind.TIMEOUT, 0, -1, null))) {
            return;
        }
        send(takeHeldError());
    }

    private void onIdleTimeout() {
        String message = "upstream '" + deployment.provider().id() + "' sent nothing for " + limits.idleTimeoutMs()
                + " ms (upstream.idle_timeout_ms)";
        if (headSent) {
            failMidResponse(message, "upstream_timeout");
        } else {
            attempts.attemptEnded(Result.failure(ErrorKind.TIMEOUT, upstreamHead.status().code(), -1, null));
            abortUpstream();
            respondError(HttpResponseStatus.GATEWAY_TIMEOUT, message, SERVER_ERROR, null, "upstream_timeout");
        }
    }

    private void onTotalTimeout() {
        String message = "the request did not complete within " + limits.totalTimeoutMs()
                + " ms (upstream.total_timeout_ms)";
        if (headSent) {
            failMidResponse(message, "upstream_timeout");
        } else {
            if (attempts != null) {
                attempts.attemptEnded(Result.failure(ErrorKind.TIMEOUT, 0, -1, null));
            }
            abortUpstream();
            respondError(HttpResponseStatus.GATEWAY_TIMEOUT, message, SERVER_ERROR, null, "upstream_timeout");
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static boolean isTimeout(Throwable t) {
        return t instanceof ConnectTimeoutException || t instanceof SslHandshakeTimeoutException
                || t instanceof java.net.SocketTimeoutException;
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return msg == null ? root.getClass().getSimpleName() : msg;
    }

    private static void releaseAll(List<ByteBuf> bufs) {
        for (ByteBuf b : bufs) {
            if (b != null && b.refCnt() > 0) {
                b.release();
            }
        }
        bufs.clear();
    }
}
