/**
 * The proxy: one {@link io.llmgateway.core.proxy.ProxyExchange} per client request, from the
 * balancer's first lease to the one {@link io.llmgateway.core.proxy.ExchangeOutcome} it leaves.
 *
 * <pre>
 *   ProxyExchange          the coordinator; its one state is an ExchangePhase
 *   ├─ Attempts            the attempt loop: leases, exclusions, retries, the attempt log
 *   │  ├─ RouteWalk        the aliases in turn: fallbacks, context-window fallbacks, refusals
 *   │  ├─ RetryPolicy      whether and when to try again
 *   │  └─ FailureClassifier status / exception / adapter classification -> ErrorKind, GatewayError
 *   ├─ UpstreamAttempt     one deployment: the adapter's request, the connection, the answer's head
 *   │  └─ ResponseRelay    PassThroughStreamRelay, TranslatedStreamRelay, PassThroughBodyRelay,
 *   │                      BufferedBodyRelay -> RelayEnd; ErrorEventFilter for stream error events
 *   ├─ UpstreamTimeouts    first byte, idle, total: one re-arming timer
 *   ├─ HeldError           the best error so far, answered when nothing better comes
 *   ├─ ExchangeResponses   heads and error bodies for the client; HeaderFilter, what headers cross
 *   ├─ ClientOutput        what goes to the client (and what the outcome records of it)
 *   └─ OutcomeRecorder     -> ExchangeOutcome -> OutcomeSink
 * </pre>
 *
 * <p><b>Threading.</b> Everything here is confined to the event loop of the client's channel, which
 * the upstream connection shares: plain fields, no locks, no volatile. Only an
 * {@link io.llmgateway.core.proxy.ExchangeOutcome} (immutable) may cross to another thread.
 *
 * <p><b>Secrets.</b> Nothing of the upstream's reaches the client carrying the selected key's
 * secret ({@link io.llmgateway.core.secrets.SecretMatcher}): error bodies quoting it are withheld,
 * headers carrying it dropped, stream error events quoting it replaced, messages quoting upstream
 * text withheld. Ordinary stream events and successful bodies are never scanned.
 *
 * <p><b>Buffers.</b> The exchange owns the request body until a response head is committed to the
 * client or the exchange ends; a relay owns each upstream piece it is given until it writes it on
 * or releases it; a held error response is the {@code HeldError}'s until answered or replaced.
 */
package io.llmgateway.core.proxy;
