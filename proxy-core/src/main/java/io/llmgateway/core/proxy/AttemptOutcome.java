package io.llmgateway.core.proxy;

import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.routing.Deployment;

/**
 * How one attempt of an exchange ended, as its lease was settled.
 *
 * <p>Times are {@link System#nanoTime()} readings, as in {@link ExchangeOutcome}; a moment that
 * never came is 0.
 *
 * @param deployment     where it went ({@link Deployment#label()} names it)
 * @param status         the upstream HTTP status, or 0 when there was no response
 * @param error          how it ended ({@link ErrorKind#NONE} for a normal answer)
 * @param startNanos     when the deployment was reserved (the attempt began)
 * @param sentNanos      when the request was sent upstream, as measured when its response head
 *                       arrived (0 when none did)
 * @param firstByteNanos when the upstream's response head arrived (0 when it never did)
 * @param endNanos       when the attempt was settled (its answer relayed, or its failure known)
 * @param spanId         the attempt's span id, the parent named in the {@code traceparent} sent
 *                       upstream; 0 when tracing is off
 */
public record AttemptOutcome(Deployment deployment, int status, ErrorKind error, long startNanos, long sentNanos,
        long firstByteNanos, long endNanos, long spanId) {

    /** An attempt without a span. */
    public AttemptOutcome(Deployment deployment, int status, ErrorKind error, long startNanos, long sentNanos,
            long firstByteNanos, long endNanos) {
        this(deployment, status, error, startNanos, sentNanos, firstByteNanos, endNanos, 0);
    }
}
