package io.llmgateway.core.proxy;

import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.balance.RequestInfo;
import io.llmgateway.core.cache.CacheStatus;
import io.llmgateway.core.config.LoggingConfig;
import io.llmgateway.core.routing.Deployment;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.List;

/**
 * Gathers over one exchange what its {@link ExchangeOutcome} reports besides what
 * {@link ClientOutput} (status, head time, bytes out) and {@link Attempts} (the attempts) keep,
 * and builds the outcome at the end. A handful of fields, no collections: cheap on the event loop.
 * When {@code logging.include_content} is on (read from the request's config snapshot), it also
 * keeps a {@link ContentCapture}; otherwise none is made.
 */
final class OutcomeRecorder {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(OutcomeRecorder.class);

    private final ClientRequest request;
    /** Null when tracing is off. */
    private final RequestTrace trace;
    private long bytesIn;
    /** Null unless the request's config logs content. */
    private final ContentCapture capture;
    private long upstreamHeadNanos;
    private String errorCode;
    private Usage usage;
    private boolean usageEstimated;
    private CacheStatus cache;

    OutcomeRecorder(ClientRequest request, RequestTrace trace) {
        this.request = request;
        this.trace = trace;
        this.bytesIn = request.body().readableBytes();
        LoggingConfig.Content content = request.snapshot().config().logging().content();
        // A form's bytes are no prompt to log: only JSON bodies are captured.
        this.capture = content.include() && !request.endpoint().multipart()
                ? new ContentCapture(request.body(), content.maxBytes(), request.fields().stream()) : null;
    }

    /** What keeps the content for the request log; null unless it keeps content. */
    ContentCapture capture() {
        return capture;
    }

    /** The response head of an attempt arrived now; the last one counts. */
    void upstreamHead() {
        upstreamHeadNanos = System.nanoTime();
    }

    /** The error code the client was told (null for none). */
    void errorCode(String code) {
        errorCode = code;
    }

    /** The prompt tokens the request's size suggests, as the balancer estimated them at admission. */
    long promptEstimate() {
        return RequestInfo.estimatePromptTokens(request.promptBytes());
    }

    /** {@code n} more bytes of a streamed upload went upstream. */
    void uploaded(long n) {
        bytesIn += n;
    }

    /** The tokens of the answer. */
    void usage(Usage u, boolean estimated) {
        usage = u;
        usageEstimated = estimated;
    }

    /** What the response cache did (null: it does not apply). */
    void cache(CacheStatus status) {
        cache = status;
    }

    /** The outcome, as of now: the exchange is over. {@code attempts} is null when none could be made. */
    ExchangeOutcome build(Attempts attempts, ClientOutput out, boolean clientAborted) {
        Deployment last = attempts == null ? null : attempts.lastDeployment();
        List<AttemptOutcome> tried = attempts == null ? List.of() : attempts.outcomes();
        RequestTrace t = trace != null && trace.sampled() ? trace : null;
        return new ExchangeOutcome(request.requestId(), request.clientKeyId(), request.fields().model(), last,
                request.fields().stream(), out.status(), errorCode, tried, request.receivedNanos(), upstreamHeadNanos,
                out.headNanos(), System.nanoTime(), usage, usageEstimated, bytesIn, out.bodyBytes(), clientAborted,
                request.endpoint(), t == null ? 0 : t.traceIdHigh(), t == null ? 0 : t.traceIdLow(),
                t == null ? 0 : t.spanId(), t == null ? 0 : t.parentSpanId(), capture == null ? null : capture.content(),
                request.virtualKey() == null ? null : request.virtualKey().teamId(), cache);
    }

    /** Hands {@code o} to {@code sink}; a sink that fails is logged, never thrown at the event loop. */
    static void deliver(ExchangeOutcome o, OutcomeSink sink) {
        try {
            sink.accept(o);
        } catch (RuntimeException e) {
            LOG.warn("[{}] the outcome sink failed", o.requestId(), e);
        }
    }
}
