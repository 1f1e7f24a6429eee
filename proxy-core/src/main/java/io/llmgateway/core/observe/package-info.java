/**
 * Observability: what happened to each request, off the event loop. Every exchange ends with one
 * {@link io.llmgateway.core.proxy.ExchangeOutcome}; the {@link io.llmgateway.core.observe.ObservationQueue}
 * takes it from the event loop without a lock and gives it, on one observer thread, to each
 * {@link io.llmgateway.core.observe.OutcomeConsumer}: metrics, the request log, spend, traces.
 */
package io.llmgateway.core.observe;
