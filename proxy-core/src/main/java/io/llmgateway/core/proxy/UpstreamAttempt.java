package io.llmgateway.core.proxy;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.spi.OutboundRequest;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.RequestRejectedException;
import io.llmgateway.codec.spi.UpstreamCall;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.codec.stream.StreamFraming;
import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.balance.Result;
import io.llmgateway.core.config.UpstreamConfig;
import io.llmgateway.core.proxy.FailureClassifier.ConnectionFailure;
import io.llmgateway.core.routing.Deployment;
import io.llmgateway.core.upstream.Origin;
import io.llmgateway.core.upstream.UpstreamConnection;
import io.llmgateway.core.upstream.UpstreamListener;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

/**
 * One attempt of a {@link ProxyExchange}: the request to one deployment, and the way back of its
 * answer.
 *
 * <pre>
 *   send() --adapter.prepare--> UpstreamCall --pooled connection--> provider
 *   response head --> 2xx relayed: head to the client, then a stream or body relay
 *                 '-> else buffered: translated answer, or an upstream error classified by the
 *                     adapter --> exchange.attemptFailed (retry, fallback, or the answer)
 *   connection lost --> stale pooled connection: send() again | before the head: attemptFailed
 *                   '-> after the head: cut short
 * </pre>
 *
 * <p>It settles its lease for the outcomes it sees (an answer, an upstream error, a cut stream);
 * the exchange settles the rest (timeouts, cancellation). Confined to the exchange's event loop;
 * {@link #abandon()} frees what it holds when the exchange ends or moves on.
 */
final class UpstreamAttempt implements UpstreamListener, RelayEnd {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(UpstreamAttempt.class);

    private final ProxyExchange exchange;
    private final Deployment deployment;
    private final ClientRequest request;
    private final ClientOutput out;
    private final Attempts attempts;
    private final UpstreamTimeouts timeouts;
    /** Null for a key whose credential is its secret (no allocation for them). */
    private final AttemptCredential credential;
    private UpstreamCall call;
    private UpstreamConnection connection;
    private HttpResponse head;
    private ResponseRelay relay;
    /** The relay's usage went into the outcome ({@link #recorded}): the attempt's end was accounted for. */
    private boolean usageRecorded;
    private Usage recorded;
    /** A successful answer that created a stored object: its first bytes say the object's id. */
    private boolean learning;

    UpstreamAttempt(ProxyExchange exchange, Deployment deployment) {
        this.exchange = exchange;
        this.deployment = deployment;
        this.request = exchange.request();
        this.out = exchange.out();
        this.attempts = exchange.attempts();
        this.timeouts = exchange.timeouts();
        this.credential = deployment.key().serviceAccount() == null ? null
                : new AttemptCredential(deployment, exchange.services().accessTokens());
    }

    Deployment deployment() {
        return deployment;
    }

    /** The upstream status of the answer; 0 while no head came. */
    int status() {
        return head == null ? 0 : head.status().code();
    }

    /** Has the adapter build the request and sends it on a connection of this loop. */
    void send() {
        exchange.enter(ExchangePhase.CONNECTING);
        ProviderSettings settings = deployment.provider().settings();
        String secret = credential == null ? deployment.key().secret() : credential.value();
        if (secret == null) {
            noCredential();
            return;
        }
        UpstreamCall c;
        try {
            c = deployment.adapter().prepare(new OutboundRequest(request.endpoint(), settings,
                    deployment.upstreamModel(), secret, request.body(), request.fields(), out.alloc(),
                    deployment.key().aws(), request.method(), request.pathTail()));
        } catch (RequestRejectedException e) {
            exchange.answerError(GatewayError.INVALID_REQUEST, e.getMessage(), e.param());
            return;
        } catch (RuntimeException e) {
            LOG.warn("[{}] adapter {} failed to build the request", request.requestId(), settings.type(), e);
            exchange.answerError(GatewayError.REQUEST_TRANSLATION_FAILED, "the gateway could not translate the "
                    + "request for " + settings.type(), null);
            return;
        }
        call = c;
        Future<UpstreamConnection> f = exchange.services().connections().acquire(exchange.loop(), Origin.of(settings));
        if (f.isDone()) {
            onConnection(f, c);
        } else {
            f.addListener(done -> onConnection(f, c));
        }
    }

    /** The key's service account has no token: wait for its first one, or fail the attempt (503). */
    private void noCredential() {
        if (credential.mayWait()) {
            credential.await(exchange.loop(), () -> {
                if (exchange.phase() == ExchangePhase.CONNECTING) {
                    send();
                }
            });
            return;
        }
        GatewayError error = GatewayError.UPSTREAM_CREDENTIALS_UNAVAILABLE;
        exchange.attemptFailed(Result.failure(ErrorKind.CONNECT, 0, -1, null), exchange.responses().error(error,
                "upstream '" + deployment.provider().id() + "': " + credential.unavailableReason(), null), error.code());
    }

    private void onConnection(Future<UpstreamConnection> f, UpstreamCall c) {
        if (exchange.phase() != ExchangePhase.CONNECTING || call != c) {
            c.release(); // the exchange ended or moved on meanwhile
            if (f.isSuccess()) {
                f.getNow().abort();
            }
            return;
        }
        if (!f.isSuccess()) {
            c.release();
            failedBeforeAnswer(f.cause());
            return;
        }
        connection = f.getNow();
        HttpRequest requestHead;
        try {
            requestHead = UpstreamRequestHead.of(request, deployment.provider().settings(), c, exchange.trace(),
                    attempts.attemptSpanId());
        } catch (RuntimeException | Error e) {
            // A bug, not an upstream failure: answer at once rather than leave the client waiting.
            LOG.error("[{}] cannot build the upstream request", request.requestId(), e);
            c.release();
            releaseConnection();
            exchange.answerError(GatewayError.INTERNAL_ERROR, "internal gateway error", null);
            return;
        }
        exchange.enter(ExchangePhase.AWAITING_HEAD);
        timeouts.requestSent();
        UploadRelay upload = exchange.upload();
        if (upload == null) {
            connection.send(requestHead, c.body(), this);
            return;
        }
        connection.sendHead(requestHead, c.body(), this);
        upload.attach(connection);
    }

    private void failedBeforeAnswer(Throwable cause) {
        ConnectionFailure f = FailureClassifier.ofConnection(cause, deployment.provider().id());
        String message = CredentialQuote.shown(deployment, f.message());
        exchange.attemptFailed(Result.failure(f.kind(), 0, -1, null), exchange.responses().error(f.error(), message,
                null), f.error().code());
    }

    // ---- the answer -----------------------------------------------------------------------------

    @Override
    public void onResponseHead(UpstreamConnection conn, HttpResponse response) {
        attempts.firstByte(timeouts.headArrived());
        exchange.outcome().upstreamHead();
        head = response;
        int status = response.status().code();
        boolean success = status >= 200 && status < 300;
        UpstreamConfig limits = exchange.limits();
        ExchangeResponses responses = exchange.responses();
        StreamFraming framing = success ? streamFraming(response) : null;
        learning = success && exchange.affinity() != null && exchange.affinity().learns(deployment);
        if (framing != null) {
            exchange.commit(responses.streamHead(response, call.passThrough(), deployment, attempts));
            long promptEstimate = exchange.outcome().promptEstimate();
            relay = call.passThrough()
                    ? new PassThroughStreamRelay(out, limits.maxEventBytes(), deployment, promptEstimate,
                            call.usageAdded(), this)
                    : new TranslatedStreamRelay(out, framing.newSplitter(limits.maxEventBytes()), call.translator(),
                            deployment, promptEstimate, this);
        } else if (success && call.passThrough()) {
            exchange.commit(responses.relayHead(response, deployment, attempts));
            relay = new PassThroughBodyRelay(out, this);
        } else if (BufferedBodyRelay.mayFit(response, limits.maxResponseBytes())) {
            exchange.enter(ExchangePhase.BUFFERING);
            relay = new BufferedBodyRelay(out.alloc(), limits.maxResponseBytes(), exchange.services().memoryBudget(),
                    this);
        } else {
            abortConnection();
            exchange.answerError(GatewayError.UPSTREAM_RESPONSE_TOO_LARGE,
                    BufferedBodyRelay.tooLarge(limits.maxResponseBytes()), null);
        }
    }

    /**
     * The framing of a streamed answer: server-sent events, or (only for an adapter that translates
     * it: Bedrock's ConverseStream) the AWS event stream; null for any other body.
     */
    private StreamFraming streamFraming(HttpResponse response) {
        StreamFraming f = StreamFraming.of(response.headers().get(HttpHeaderNames.CONTENT_TYPE));
        return f == StreamFraming.SSE || f == StreamFraming.AWS_EVENT_STREAM && !call.passThrough() ? f : null;
    }

    @Override
    public void onResponseContent(UpstreamConnection conn, HttpContent content) {
        ResponseRelay r = relay;
        if (r == null) {
            content.release();
            return;
        }
        timeouts.read();
        if (learning) {
            learnFrom(content);
        }
        r.onContent(content, content instanceof LastHttpContent);
        UpstreamConnection c = connection;
        if (c != null && exchange.phase() == ExchangePhase.RELAYING && !out.writable()) {
            c.setAutoRead(false); // until the client can take more: resumeReading()
            timeouts.readingPaused();
        }
    }

    private void learnFrom(HttpContent content) {
        ExchangeAffinity affinity = exchange.affinity();
        affinity.answered(content.content(), deployment);
        learning = affinity.learns(deployment);
    }

    @Override
    public void onReadComplete(UpstreamConnection conn) {
        out.flushIfNeeded();
    }

    @Override
    public void onUpstreamFailure(UpstreamConnection conn, Throwable cause, boolean responseBegun) {
        if (exchange.phase() == ExchangePhase.DONE) {
            return;
        }
        connection = null;
        detachUpload(conn);
        if (exchange.phase() == ExchangePhase.RELAYING) {
            cut(GatewayError.UPSTREAM_DISCONNECTED, "the upstream connection failed mid-response: "
                    + FailureClassifier.describe(cause));
        } else if (FailureClassifier.isStaleConnection(cause, responseBegun, conn.previousExchanges())
                && !exchange.uploadStarted() && attempts.resendOnFreshConnection()) {
            send(); // the request never reached the origin: same deployment, same lease, a fresh connection
        } else {
            failedBeforeAnswer(cause);
        }
    }

    @Override
    public void onWritabilityChanged(UpstreamConnection conn) {
        UploadRelay upload = exchange.upload();
        if (upload != null) {
            upload.onUpstreamWritability(conn);
        }
    }

    /** The client can take more: read the upstream again. */
    void resumeReading() {
        UpstreamConnection c = connection;
        if (c != null) {
            c.setAutoRead(true);
            timeouts.readingResumed();
        }
    }

    @Override
    public void relayed(LastHttpContent last) {
        Usage usage = recordUsage();
        attempts.settle(Result.success(head.status().code(), usage, head.headers()::get));
        releaseConnection();
        exchange.finish(last);
    }

    @Override
    public void buffered(CompositeByteBuf body) {
        releaseConnection();
        try {
            int status = head.status().code();
            if (status >= 200 && status < 300) {
                BufferedAnswer.translated(exchange, deployment, call, head, body); // only translated ones are buffered
            } else {
                BufferedAnswer.upstreamError(exchange, deployment, call, head, credential, body);
            }
        } finally {
            body.release();
        }
    }

    @Override
    public void relayFailed(GatewayError error, String message) {
        if (exchange.phase() == ExchangePhase.RELAYING) {
            cut(error, message);
            return;
        }
        abortConnection();
        exchange.answerError(error, message == null ? null : CredentialQuote.shown(deployment, message), null);
    }

    /**
     * The head is out and the answer cannot go on: a stream gets {@code error} as an in-stream event
     * (none when it is null: the upstream's own was relayed), then the connection is closed — which
     * is also how a relayed body tells the client it was cut short.
     */
    void cut(GatewayError error, String message) {
        // What was relayed before the cut was generated, and counts against the key's tokens per minute.
        attempts.settle(new Result(status(), ErrorKind.STREAM_ERROR, recordUsage(), -1, null));
        abortConnection();
        if (error != null) {
            String safe = CredentialQuote.shown(deployment, message);
            LOG.debug("[{}] response cut short: {}", request.requestId(), safe);
            relay.writeError(error, safe);
        }
        exchange.cutShort(error);
    }

    /**
     * The relay's usage as of now into the outcome, once per attempt: the same object then settles
     * the lease, so that the key's tokens per minute and the outcome agree.
     */
    private Usage recordUsage() {
        if (!usageRecorded) {
            usageRecorded = true;
            recorded = relay == null ? null : relay.usage();
            exchange.outcome().usage(recorded, relay != null && relay.usageEstimated());
        }
        return recorded;
    }

    /**
     * The exchange ends while this attempt is relaying an answer not yet accounted for (the client
     * left, or the server stops): what was relayed so far, recorded in the outcome like any end;
     * null when there is nothing to account for.
     */
    Usage usageOnAbandon() {
        if (usageRecorded || relay == null || exchange.phase() != ExchangePhase.RELAYING) {
            return null;
        }
        return recordUsage();
    }

    /** The exchange ends or moves on: the connection is closed unless it was given back, the relay freed. */
    void abandon() {
        call = null;
        if (credential != null) {
            credential.cancel();
        }
        abortConnection();
        ResponseRelay r = relay;
        relay = null;
        if (r != null) {
            r.release();
        }
    }

    private void releaseConnection() {
        UpstreamConnection c = connection;
        connection = null;
        detachUpload(c);
        if (c != null) {
            c.release();
        }
    }

    private void abortConnection() {
        UpstreamConnection c = connection;
        connection = null;
        detachUpload(c);
        if (c != null) {
            c.abort();
        }
    }

    private void detachUpload(UpstreamConnection c) {
        UploadRelay upload = exchange.upload();
        if (upload != null && c != null) {
            upload.detach(c);
        }
    }
}
