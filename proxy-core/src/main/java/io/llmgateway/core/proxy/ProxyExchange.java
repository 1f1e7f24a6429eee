package io.llmgateway.core.proxy;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.balance.Result;
import io.llmgateway.core.config.UpstreamConfig;
import io.llmgateway.core.routing.Deployment;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

/**
 * One client request proxied to an upstream: the coordinator of its attempts, its upstream
 * timeouts and its answer, which ends by delivering one {@link ExchangeOutcome}.
 *
 * <pre>
 *   client channel --ProxyExchangeHandler---> ProxyExchange
 *         ^                                     |-- ExchangeAdmission before any attempt:
 *         |                                     |     |-- VirtualKeyGate    the client's key: models, budget, limits
 *         |                                     |     |-- ExchangeAffinity  a stored object: the key that holds it
 *         |                                     |     '-- ExchangeCache     a stored answer, or keep this one
 *         |                                     |-- Attempts          which deployment; retry, fall back
 *         |                                     |-- UpstreamAttempt   one deployment's request and answer
 *         '---- head, events or body -----------|     '-- ResponseRelay   stream or body, relayed or translated
 *                                               |-- UpstreamTimeouts  first byte, idle, total
 *                                               |-- HeldError         the best error so far
 *                                               '-- ExchangeOutcome --> OutcomeSink
 * </pre>
 *
 * <p>Its one state is an {@link ExchangePhase}. Until the answer's head has gone to the client, a
 * failed attempt is classified ({@link FailureClassifier}) and may be followed by another; what the
 * client finally gets is a complete OpenAI error. From then on a stream ends with an in-stream error
 * event (never a clean-looking {@code [DONE]}) and a relayed body is cut by closing the connection.
 * The exchange owns the request body until a head is committed or the exchange ends.
 *
 * <p>Hot path, confined to one event loop (client and upstream channels share it): no locks, no
 * volatile fields. The methods of {@link Attempts.Listener} and {@link UpstreamTimeouts.Listener}
 * are public only because interface methods are: they are not for other callers.
 */
public final class ProxyExchange implements Attempts.Listener, UpstreamTimeouts.Listener {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(ProxyExchange.class);

    private final ChannelHandlerContext client;
    private final ExchangeOwner owner;
    private final ProxyServices services;
    private final ClientRequest request;
    private final UpstreamConfig limits;
    private final ExchangeResponses responses;
    private final ClientOutput out;
    private final UpstreamTimeouts timeouts;
    private final OutcomeRecorder outcome;
    /** Null when tracing is off. */
    private final RequestTrace trace;
    /** Null unless the client presented a virtual key. */
    private final VirtualKeyGate virtualKey;
    /** Null unless the request is an upload still arriving. */
    private final UploadRelay upload;
    /** Null unless the response cache applies to the request. */
    private final ExchangeCache cache;
    /** Null unless the request names or creates a stored object (a response, a file, a batch). */
    private final ExchangeAffinity affinity;
    private ExchangePhase phase = ExchangePhase.PICKING;
    private Attempts attempts;
    /** The attempt under way; null between attempts. */
    private UpstreamAttempt attempt;
    /** Allocated at the first failed attempt: most requests never have one. */
    private HeldError held;
    /** The head that went to the client; null until then. */
    private HttpResponse committed;

    /**
     * @param services where connections come from, where the outcome goes (once, on the event
     *                 loop, when the exchange ends), and the memory budget of buffered answers
     */
    public ProxyExchange(ChannelHandlerContext client, ExchangeOwner owner, ClientRequest request,
            ProxyServices services) {
        this.client = client;
        this.owner = owner;
        this.services = services;
        this.request = request;
        this.limits = request.snapshot().config().upstream();
        this.responses = new ExchangeResponses(client, request);
        this.out = new ClientOutput(client);
        this.timeouts = new UpstreamTimeouts(client.channel().eventLoop(), limits, this);
        this.trace = RequestTrace.of(request);
        this.outcome = new OutcomeRecorder(request, trace);
        this.virtualKey = VirtualKeyGate.of(request);
        this.upload = request.upload() == null ? null : new UploadRelay(client.channel(), outcome, timeouts);
        this.cache = ExchangeCache.of(request, services.cache());
        this.affinity = ExchangeAffinity.of(request, services.objectOwners());
        out.capture(outcome.capture());
        out.cache(cache);
    }

    /**
     * Admits the request ({@link ExchangeAdmission}: its virtual key, the key of a stored object it
     * names, the response cache), then sends the first attempt, unless admission answered.
     */
    public void start() {
        timeouts.start();
        new ExchangeAdmission(this).start();
    }

    /** Admission is over: the attempts of the request's route begin. */
    void begin(Attempts planned) {
        attempts = planned;
        planned.next();
    }

    /** A part of a streamed upload's body arrived (owned from now on). */
    public void onUploadContent(HttpContent part) {
        if (upload == null || phase == ExchangePhase.DONE) {
            part.release();
            return;
        }
        upload.onContent(part);
    }

    /** The client can take more: resume reading the upstream. */
    public void onClientWritable() {
        if (attempt != null && phase != ExchangePhase.DONE) {
            attempt.resumeReading();
        }
    }

    /** The client went away: stop the upstream at once and free everything. */
    public void cancel() {
        if (phase != ExchangePhase.DONE) {
            end(true, true);
        }
    }

    /** Where the exchange stands. */
    @Override
    public ExchangePhase phase() {
        return phase;
    }

    /**
     * The server stops before the exchange could end (its shutdown grace is over): an answer not
     * begun is {@code error}; a relayed one ends as {@link ClientOutput#stopRelaying} says. The
     * connection closes after it. No deployment is blamed: the lease goes back as for a client that left.
     */
    public void stop(GatewayError error, String message) {
        if (phase == ExchangePhase.DONE) {
            return;
        }
        outcome.errorCode(error.code());
        if (phase != ExchangePhase.RELAYING) {
            FullHttpResponse answer = responses.error(error, message, null);
            answer.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            out.send(answer, true);
        } else {
            out.stopRelaying(committed, error, message);
        }
        end(true, false);
    }

    // ---- attempts -------------------------------------------------------------------------------

    @Override
    public void attemptReady(Deployment deployment) {
        attempt = new UpstreamAttempt(this, deployment);
        attempt.send();
    }

    @Override
    public void attemptsRefused() {
        if (held != null && !held.isEmpty()) {
            answerHeld(); // an upstream already answered this request: its error says more than "nothing left"
            return;
        }
        answer(responses.refusal(attempts), ExchangeResponses.refusalError(attempts).code());
    }

    /**
     * The attempt failed before the client saw anything: its answer is held (the next attempt may
     * end, and answer, before this returns), then another attempt follows or the held answer goes.
     */
    void attemptFailed(Result result, FullHttpResponse answer, String errorCode) {
        if (held == null) {
            held = new HeldError();
        }
        held.hold(answer, errorCode, attempt.deployment());
        // An upload whose parts already went upstream cannot be sent again.
        if (!attempts.failed(result) || uploadStarted()) {
            answerHeld();
            return;
        }
        LOG.debug("[{}] {} failed ({}, HTTP {}): trying again", request.requestId(), attempt.deployment(),
                result.error(), result.status());
        attempt.abandon();
        attempt = null;
        phase = ExchangePhase.PICKING;
        attempts.next();
    }

    @Override
    public void firstByteTimedOut() {
        attemptFailed(Result.failure(ErrorKind.TIMEOUT, 0, -1, null), responses.error(GatewayError.UPSTREAM_TIMEOUT,
                timeouts.firstByteMessage(attempt.deployment().provider().id()), null),
                GatewayError.UPSTREAM_TIMEOUT.code());
    }

    @Override
    public void idleTimedOut() {
        timedOut(timeouts.idleMessage(attempt.deployment().provider().id()), attempt.status());
    }

    @Override
    public void totalTimedOut() {
        timedOut(timeouts.totalMessage(), 0);
    }

    private void timedOut(String message, int status) {
        if (phase == ExchangePhase.RELAYING) {
            attempt.cut(GatewayError.UPSTREAM_TIMEOUT, message);
            return;
        }
        attempts.settle(Result.failure(ErrorKind.TIMEOUT, status, -1, null));
        answerError(GatewayError.UPSTREAM_TIMEOUT, message, null);
    }

    // ---- for the attempt under way --------------------------------------------------------------

    void enter(ExchangePhase next) {
        phase = next;
    }

    /**
     * The answer's head goes to the client: no retry is possible any more, so the request body is
     * let go (a stream may stay open for minutes with the client's read buffer pinned under it; the
     * upstream write holds its own references).
     */
    void commit(HttpResponse head) {
        phase = ExchangePhase.RELAYING;
        committed = head;
        out.writeHead(head);
        request.body().release();
    }

    /** The relayed answer is complete: {@code last} is its final piece. */
    void finish(LastHttpContent last) {
        boolean close = !request.keepAlive() || uploadUnfinished();
        out.writeLast(last, close);
        if (cache != null) {
            cache.completed(out.status());
        }
        end(close, false);
    }

    /** The relayed answer was cut short (its error event, if any, written): the connection closes. */
    void cutShort(GatewayError error) {
        outcome.errorCode(error == null ? null : error.code());
        out.cut();
        end(true, false);
    }

    /** One of the gateway's own errors as the answer; a cut response once the head went out. */
    void answerError(GatewayError error, String message, String param) {
        if (phase == ExchangePhase.RELAYING) {
            attempt.cut(error, message);
            return;
        }
        answer(responses.error(error, message, param), error.code());
    }

    private void answerHeld() {
        String code = held.code();
        answer(held.take(), code);
    }

    /** A complete answer, with the gateway's headers; the exchange ends. */
    void answer(FullHttpResponse response, String errorCode) {
        responses.decorate(response, attempt == null ? null : attempt.deployment(), attempts);
        outcome.errorCode(errorCode);
        boolean close = !request.keepAlive() || uploadUnfinished();
        if (uploadUnfinished()) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        out.send(response, close);
        if (cache != null && errorCode == null) {
            cache.completed(out.status());
        }
        end(close, false);
    }

    private void end(boolean close, boolean clientAborted) {
        ExchangePhase was = phase;
        if (was == ExchangePhase.DONE) {
            return;
        }
        Usage relayedSoFar = was == ExchangePhase.RELAYING && attempt != null ? attempt.usageOnAbandon() : null;
        phase = ExchangePhase.DONE;
        timeouts.stop();
        if (attempts != null) {
            // Gives back a lease no path settled (the client went away), with what was relayed; drops a backoff.
            attempts.cancel(relayedSoFar);
        }
        if (attempt != null) {
            attempt.abandon();
        }
        if (upload != null) {
            close |= uploadUnfinished();
            upload.release();
        }
        if (held != null) {
            held.release();
        }
        if (was != ExchangePhase.RELAYING) {
            request.body().release(); // no head was committed: the body was still the exchange's
        }
        if (cache != null) {
            outcome.cache(cache.status());
        }
        ExchangeOutcome o = outcome.build(attempts, out, clientAborted);
        if (virtualKey != null) {
            // a cached answer used no tokens: its reservation goes back whole
            virtualKey.release(o.usage(), o.status() >= 200 && o.status() < 300 && !(cache != null && cache.hit()));
        }
        OutcomeRecorder.deliver(o, services.outcomes());
        owner.exchangeFinished(close);
    }

    // ---- parts, for the attempt under way -------------------------------------------------------

    ClientRequest request() {
        return request;
    }

    /** Null unless the request names or creates a stored object. */
    ExchangeAffinity affinity() {
        return affinity;
    }

    /** Null unless the client presented a virtual key. */
    VirtualKeyGate virtualKey() {
        return virtualKey;
    }

    /** Null unless the response cache applies to the request. */
    ExchangeCache cache() {
        return cache;
    }

    /** Null unless the request is an upload still arriving. */
    UploadRelay upload() {
        return upload;
    }

    /**
     * Whether the rest of a streamed upload is still on its way (the answer came first): it would
     * be read as the next request, so the connection closes after the answer.
     */
    private boolean uploadUnfinished() {
        return upload != null && !upload.complete();
    }

    /** Whether parts of a streamed upload went upstream: no attempt can follow. */
    boolean uploadStarted() {
        return upload != null && upload.started();
    }

    ClientOutput out() {
        return out;
    }

    ExchangeResponses responses() {
        return responses;
    }

    Attempts attempts() {
        return attempts;
    }

    UpstreamTimeouts timeouts() {
        return timeouts;
    }

    OutcomeRecorder outcome() {
        return outcome;
    }

    /** Null when tracing is off. */
    RequestTrace trace() {
        return trace;
    }

    UpstreamConfig limits() {
        return limits;
    }

    ProxyServices services() {
        return services;
    }

    EventLoop loop() {
        return client.channel().eventLoop();
    }
}
