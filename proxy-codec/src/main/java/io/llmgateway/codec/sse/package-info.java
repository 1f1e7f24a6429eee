/**
 * Server-sent events as bytes: {@link io.llmgateway.codec.sse.SseEventSplitter} cuts an upstream
 * stream into complete events, {@link io.llmgateway.codec.sse.SseEvents} reads their fields and
 * encodes the gateway's own events.
 *
 * <p><b>Threading.</b> A splitter belongs to one stream on one event loop; it holds no locks and
 * must not be shared. {@code SseEvents} is stateless. Nothing here blocks.
 *
 * <p><b>Buffer ownership.</b> {@code SseEventSplitter.split} takes ownership of the chunk it is
 * given (releases it) and hands every event to the caller as a buffer the caller must release;
 * it holds references to an unfinished event until the event completes or
 * {@code release()} is called. {@code SseEvents} readers borrow the event (never release it,
 * indexes untouched); every buffer they return is the caller's.
 */
package io.llmgateway.codec.sse;
