/**
 * A mock upstream for tests and benchmarks: {@link io.llmgateway.bench.mock.MockUpstream}, speaking
 * OpenAI's protocol by default ({@link io.llmgateway.bench.mock.OpenAiProtocol}) or any
 * {@link io.llmgateway.bench.mock.MockProtocol} (the provider mocks of
 * {@code io.llmgateway.bench.mock.providers}).
 *
 * <p>Concurrency: everything a connection owns (its {@code MockRequestHandler}, the
 * {@code StreamResponder} and {@link io.llmgateway.bench.mock.MockStream} of its current stream,
 * timers) is confined to the connection's event loop and uses plain fields. What all connections
 * share is thread-safe by construction: immutable {@link io.llmgateway.bench.mock.MockOptions}, the
 * protocol (stateless but for OpenAI's {@code ConcurrentHashMap} of encoded bodies and atomic ids),
 * striped counters in {@link io.llmgateway.bench.mock.MockCounters}, and the request recorder's short
 * lock. Nothing on an event loop sleeps or blocks.
 */
package io.llmgateway.bench.mock;
