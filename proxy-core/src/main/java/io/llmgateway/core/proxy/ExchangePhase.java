package io.llmgateway.core.proxy;

/**
 * Where a {@link ProxyExchange} stands: its one state. The phases of an attempt repeat while the
 * request is retried; {@link #RELAYING} is the point of no return.
 *
 * <pre>
 *   PICKING --lease--> CONNECTING --sent--> AWAITING_HEAD --head--> BUFFERING (error, translated body)
 *      ^                                          |           '---> RELAYING (head written to the client)
 *      '------- failed before the client saw anything: retry, fallback ----'
 *   any phase --answered, cut, cancelled--> DONE
 * </pre>
 */
public enum ExchangePhase {
    /** Waiting for the balancer: a lease, a bulkhead slot, or the backoff before a retry. */
    PICKING,
    /** A deployment is reserved; the adapter built the request and a connection is on its way. */
    CONNECTING,
    /** The request is sent and no answer has come yet (the first-byte timeout runs). */
    AWAITING_HEAD,
    /** The answer's head came and its body is being buffered; the client has seen nothing yet. */
    BUFFERING,
    /** The answer's head went to the client: a failure can only cut the response short. */
    RELAYING,
    /** Over: answered, cut or abandoned, everything released, the outcome delivered. */
    DONE
}
