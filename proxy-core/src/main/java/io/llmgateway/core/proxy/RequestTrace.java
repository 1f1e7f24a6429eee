package io.llmgateway.core.proxy;

import io.llmgateway.codec.http.TraceParent;
import io.llmgateway.core.config.LoggingConfig;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The trace ids of one exchange, made only when tracing is on ({@code logging.otlp.endpoint}): the
 * client's {@code traceparent}, when valid, gives the trace id and the parent of the request's span
 * and decides sampling by its flag; otherwise a new trace begins, sampled at
 * {@code logging.otlp.sample_ratio} by its id. Each attempt gets a span id of its own
 * ({@link #newSpanId()}), which goes upstream as the parent in {@link #traceparent(long)}, so that
 * the provider's spans join the trace.
 *
 * <p>Hot path, on the exchange's event loop: random longs from {@link ThreadLocalRandom} (no UUID,
 * no lock); with tracing off, {@link #of} reads one config field and returns null — no header
 * lookup, no allocation. Immutable.
 */
final class RequestTrace {

    private final long traceIdHigh;
    private final long traceIdLow;
    private final long spanId;
    private final long parentSpanId;
    private final boolean sampled;

    RequestTrace(long traceIdHigh, long traceIdLow, long spanId, long parentSpanId, boolean sampled) {
        this.traceIdHigh = traceIdHigh;
        this.traceIdLow = traceIdLow;
        this.spanId = spanId;
        this.parentSpanId = parentSpanId;
        this.sampled = sampled;
    }

    /** The trace of {@code request}; null when tracing is off in the config it started with. */
    static RequestTrace of(ClientRequest request) {
        LoggingConfig.Otlp otlp = request.snapshot().config().logging().otlp();
        if (!otlp.enabled()) {
            return null;
        }
        String incoming = request.headers().get(TraceParent.NAME);
        if (incoming != null && TraceParent.isValid(incoming)) {
            return new RequestTrace(TraceParent.traceIdHigh(incoming), TraceParent.traceIdLow(incoming), newSpanId(),
                    TraceParent.parentId(incoming), TraceParent.sampled(incoming));
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong();
        long low = nonZero(random.nextLong());
        return new RequestTrace(high, low, newSpanId(), 0, sampledByRatio(low, otlp.sampleRatio()));
    }

    /**
     * Whether a new trace is recorded: its low 63 bits below {@code ratio} of their range, the rule
     * of OpenTelemetry's {@code TraceIdRatioBased} sampler, so that every service deciding by the
     * same ratio decides alike.
     */
    static boolean sampledByRatio(long traceIdLow, double ratio) {
        if (ratio >= 1) {
            return true;
        }
        return (traceIdLow & Long.MAX_VALUE) < (long) (ratio * Long.MAX_VALUE);
    }

    /** A random span id (never 0, which means "none"). */
    static long newSpanId() {
        return nonZero(ThreadLocalRandom.current().nextLong());
    }

    private static long nonZero(long id) {
        return id == 0 ? 1 : id;
    }

    /** The {@code traceparent} sent upstream by the attempt whose span is {@code attemptSpanId}. */
    String traceparent(long attemptSpanId) {
        return TraceParent.format(traceIdHigh, traceIdLow, attemptSpanId, sampled);
    }

    long traceIdHigh() {
        return traceIdHigh;
    }

    long traceIdLow() {
        return traceIdLow;
    }

    /** The request's span. */
    long spanId() {
        return spanId;
    }

    /** The client's span, from its {@code traceparent}; 0 when the request began the trace. */
    long parentSpanId() {
        return parentSpanId;
    }

    /** Whether the spans of this exchange are recorded. */
    boolean sampled() {
        return sampled;
    }
}
