package io.llmgateway.bench.mock;

import io.netty.handler.codec.http.FullHttpRequest;

/**
 * The wire protocol a {@link MockUpstream} speaks: how it reads a request, which requests it
 * refuses as the real service would, and the shapes of its answers, errors and streams.
 * {@link OpenAiProtocol} is the default; the provider mocks of
 * {@code io.llmgateway.bench.mock.providers} plug in theirs. Everything else — recording,
 * counting, pipelining, latency, injected statuses, faults and stream pacing — is done the same way
 * for every protocol by the mock's request handler.
 *
 * <p>One instance serves every connection of its upstream, on every event loop: implementations
 * must be thread-safe and must not block.
 */
public interface MockProtocol extends AutoCloseable {

    /**
     * Reads {@code request} while its buffer is held; the returned exchange must not keep the
     * buffer. A request the service would refuse gives a {@link MockExchange#refusal refusal}.
     */
    MockExchange read(FullHttpRequest request);

    /** The service's 400 for a request whose {@code x-mock-*} header cannot be parsed; names the header. */
    MockExchange badMockHeader(String message);

    /** Releases what the protocol holds; called once the upstream's event loops have stopped. */
    @Override
    default void close() {
    }
}
