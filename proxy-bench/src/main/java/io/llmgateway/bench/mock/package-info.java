/**
 * An OpenAI-compatible mock upstream for tests and benchmarks: {@link io.llmgateway.bench.mock.MockUpstream}.
 *
 * <p>Concurrency: everything a connection owns (its {@code MockRequestHandler}, the
 * {@code StreamResponder} of its current stream, timers) is confined to the connection's event loop
 * and uses plain fields. What all connections share is thread-safe by construction: immutable
 * {@link io.llmgateway.bench.mock.MockOptions}, striped counters in
 * {@link io.llmgateway.bench.mock.MockCounters}, a {@code ConcurrentHashMap} of encoded bodies, and
 * the request recorder's short lock. Nothing on an event loop sleeps or blocks.
 */
package io.llmgateway.bench.mock;
