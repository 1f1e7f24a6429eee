package io.llmgateway.core.proxy;

import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.Usage;
import io.llmgateway.core.cache.CacheStatus;
import io.llmgateway.core.routing.Deployment;
import java.util.List;

/**
 * What happened to one client request, produced once when its {@link ProxyExchange} ends — answered,
 * failed on every attempt, refused, or abandoned by the client. Immutable: it may be handed to
 * another thread (metrics, request log, spend) as is.
 *
 * <p>Times are {@link System#nanoTime()} readings of this process (like
 * {@link ClientRequest#receivedNanos()}): subtract two of them for a duration. A moment that never
 * came is 0.
 *
 * <p>Cheap to build on the event loop: references to what the exchange already holds, no maps, no
 * copies (but {@code content}, copied only when {@code logging.include_content} is on);
 * {@link #providerId()}, {@link #keyId()} and {@link #upstreamModel()} are read from the
 * deployment when asked.
 *
 * @param requestId              the request id (the client's {@code X-Request-ID} or generated)
 * @param clientKeyId            the id of the client key that authenticated the request; null when
 *                               client authentication is off
 * @param alias                  the model the client asked for
 * @param deployment             where the last attempt went; null when no attempt was made
 * @param stream                 whether the client asked for a stream
 * @param status                 the HTTP status sent to the client; 0 when nothing was sent
 * @param errorCode              why the exchange failed: the gateway's own code
 *                               ({@link io.llmgateway.codec.error.GatewayError#code()}; for a
 *                               relayed body cut short, the client sees only the connection close)
 *                               or the provider's; null for a success, and for a failure without
 *                               a code (a provider's in-stream error event is relayed unread)
 * @param attempts               every attempt, in order; empty when none was made
 * @param receivedNanos          when the request head arrived
 * @param firstUpstreamByteNanos when the response head of the last attempt arrived
 * @param firstClientByteNanos   when the response head went to the client
 * @param endNanos               when the exchange ended
 * @param usage                  the tokens of the answer as the provider reported them (cache
 *                               reads and writes included), or estimated (see {@code usageEstimated});
 *                               the same object settled the key's tokens per minute; null when
 *                               unknown (no answer, or a body without usage)
 * @param usageEstimated         whether {@code usage} is the gateway's estimate: a stream without the
 *                               provider's final report (the client did not ask for
 *                               {@code include_usage}, left, or the stream was cut) — prompt from the
 *                               provider's partial report or request bytes / 4, completion the larger
 *                               of the partial report and relayed text / 4 ({@code StreamUsage})
 * @param bytesIn                bytes of the request body
 * @param bytesOut               bytes of the response body sent to the client (heads excluded)
 * @param clientAborted          whether the client went away before the end
 * @param endpoint               the OpenAI operation; null when not recorded
 * @param traceIdHigh            the trace id's first 8 bytes; it and {@code traceIdLow} are 0 when
 *                               no span is recorded (tracing off, or the trace not sampled)
 * @param traceIdLow             the trace id's last 8 bytes
 * @param spanId                 the request's span id (0 with no trace)
 * @param parentSpanId           the client's span, from its {@code traceparent}; 0 when none
 * @param content                the request and response content for the request log; null unless
 *                               {@code logging.include_content} is on
 * @param teamId                 the team of the client's virtual key (its spend counts for the
 *                               team); null when none
 * @param cache                  what the response cache did; null when it does not apply to the
 *                               request (off, or not for this model, key or operation)
 */
public record ExchangeOutcome(
        String requestId,
        String clientKeyId,
        String alias,
        Deployment deployment,
        boolean stream,
        int status,
        String errorCode,
        List<AttemptOutcome> attempts,
        long receivedNanos,
        long firstUpstreamByteNanos,
        long firstClientByteNanos,
        long endNanos,
        Usage usage,
        boolean usageEstimated,
        long bytesIn,
        long bytesOut,
        boolean clientAborted,
        Endpoint endpoint,
        long traceIdHigh,
        long traceIdLow,
        long spanId,
        long parentSpanId,
        LoggedContent content,
        String teamId,
        CacheStatus cache) {

    /** An outcome the response cache had no part in. */
    public ExchangeOutcome(String requestId, String clientKeyId, String alias, Deployment deployment, boolean stream,
            int status, String errorCode, List<AttemptOutcome> attempts, long receivedNanos,
            long firstUpstreamByteNanos, long firstClientByteNanos, long endNanos, Usage usage,
            boolean usageEstimated, long bytesIn, long bytesOut, boolean clientAborted, Endpoint endpoint,
            long traceIdHigh, long traceIdLow, long spanId, long parentSpanId, LoggedContent content, String teamId) {
        this(requestId, clientKeyId, alias, deployment, stream, status, errorCode, attempts, receivedNanos,
                firstUpstreamByteNanos, firstClientByteNanos, endNanos, usage, usageEstimated, bytesIn, bytesOut,
                clientAborted, endpoint, traceIdHigh, traceIdLow, spanId, parentSpanId, content, teamId, null);
    }

    /** An outcome without a team. */
    public ExchangeOutcome(String requestId, String clientKeyId, String alias, Deployment deployment, boolean stream,
            int status, String errorCode, List<AttemptOutcome> attempts, long receivedNanos,
            long firstUpstreamByteNanos, long firstClientByteNanos, long endNanos, Usage usage,
            boolean usageEstimated, long bytesIn, long bytesOut, boolean clientAborted, Endpoint endpoint,
            long traceIdHigh, long traceIdLow, long spanId, long parentSpanId, LoggedContent content) {
        this(requestId, clientKeyId, alias, deployment, stream, status, errorCode, attempts, receivedNanos,
                firstUpstreamByteNanos, firstClientByteNanos, endNanos, usage, usageEstimated, bytesIn, bytesOut,
                clientAborted, endpoint, traceIdHigh, traceIdLow, spanId, parentSpanId, content, null, null);
    }

    /** An outcome without its operation, a trace or logged content. */
    public ExchangeOutcome(String requestId, String clientKeyId, String alias, Deployment deployment, boolean stream,
            int status, String errorCode, List<AttemptOutcome> attempts, long receivedNanos,
            long firstUpstreamByteNanos, long firstClientByteNanos, long endNanos, Usage usage,
            boolean usageEstimated, long bytesIn, long bytesOut, boolean clientAborted) {
        this(requestId, clientKeyId, alias, deployment, stream, status, errorCode, attempts, receivedNanos,
                firstUpstreamByteNanos, firstClientByteNanos, endNanos, usage, usageEstimated, bytesIn, bytesOut,
                clientAborted, null, 0, 0, 0, 0, null, null, null);
    }

    /** Whether this exchange's spans are recorded (tracing on, and the trace sampled). */
    public boolean traced() {
        return (traceIdHigh | traceIdLow) != 0;
    }

    /** The provider of the last attempt; null when no attempt was made. */
    public String providerId() {
        return deployment == null ? null : deployment.provider().id();
    }

    /** The id of the provider key of the last attempt (never its secret); null when no attempt was made. */
    public String keyId() {
        return deployment == null ? null : deployment.key().id();
    }

    /** The model name the provider was asked for in the last attempt; null when no attempt was made. */
    public String upstreamModel() {
        return deployment == null ? null : deployment.upstreamModel();
    }
}
