package io.llmgateway.core.proxy;

import io.llmgateway.codec.spi.Usage;
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
 * @param usage                  the tokens of the answer as the provider reported them (cached
 *                               tokens included), or estimated (see {@code usageEstimated}); null
 *                               when unknown
 * @param usageEstimated         whether {@code usage} is the gateway's estimate of a stream without
 *                               a usage report (about one completion token per event)
 * @param bytesIn                bytes of the request body
 * @param bytesOut               bytes of the response body sent to the client (heads excluded)
 * @param clientAborted          whether the client went away before the end
 * @param content                the request and response content for the request log; null unless
 *                               {@code logging.include_content} is on
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
        LoggedContent content) {

    /** An outcome without logged content. */
    public ExchangeOutcome(String requestId, String clientKeyId, String alias, Deployment deployment, boolean stream,
            int status, String errorCode, List<AttemptOutcome> attempts, long receivedNanos,
            long firstUpstreamByteNanos, long firstClientByteNanos, long endNanos, Usage usage, boolean usageEstimated,
            long bytesIn, long bytesOut, boolean clientAborted) {
        this(requestId, clientKeyId, alias, deployment, stream, status, errorCode, attempts, receivedNanos,
                firstUpstreamByteNanos, firstClientByteNanos, endNanos, usage, usageEstimated, bytesIn, bytesOut,
                clientAborted, null);
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
