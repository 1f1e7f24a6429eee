package io.llmgateway.bench.mock;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.function.Function;

/**
 * One request as a {@link MockProtocol} understood it, and the answers it can be given. The
 * handler picks one of them from the exchange's {@link ExchangeSettings}: an injected status
 * ({@link #error}), a stream ({@link #stream}) or a whole answer ({@link #response}). Every method
 * returns a new message that the caller owns.
 */
public interface MockExchange {

    /**
     * Whether this is a request the service refuses: answered at once by {@link #response},
     * whatever the mock headers say. False unless made by {@link #refusal}.
     */
    default boolean refused() {
        return false;
    }

    /** Whether the answer is a stream. */
    boolean streaming();

    /** The whole answer (the refusal, for a refused request). */
    FullHttpResponse response(ExchangeSettings settings, ByteBufAllocator alloc);

    /** The service's error answer for an injected {@code x-mock-status} of 300 or more. */
    FullHttpResponse error(int status, ByteBufAllocator alloc);

    /**
     * As {@link #error(int, ByteBufAllocator)} with {@code messageJson} (JSON string content, already
     * escaped) as the error's message, where the protocol supports it (OpenAI's); others ignore it.
     */
    default FullHttpResponse error(int status, String messageJson, ByteBufAllocator alloc) {
        return error(status, alloc);
    }

    /** The events of a streamed answer; only called when {@link #streaming()}. */
    MockStream stream(ExchangeSettings settings);

    /** An exchange refused with the response {@code answer} builds. */
    static MockExchange refusal(Function<ByteBufAllocator, FullHttpResponse> answer) {
        requireNonNull(answer, "answer");
        return new MockExchange() {
            @Override
            public boolean refused() {
                return true;
            }

            @Override
            public boolean streaming() {
                return false;
            }

            @Override
            public FullHttpResponse response(ExchangeSettings settings, ByteBufAllocator alloc) {
                return answer.apply(alloc);
            }

            @Override
            public FullHttpResponse error(int status, ByteBufAllocator alloc) {
                return answer.apply(alloc);
            }

            @Override
            public MockStream stream(ExchangeSettings settings) {
                throw new IllegalStateException("a refused request has no stream");
            }
        };
    }
}
