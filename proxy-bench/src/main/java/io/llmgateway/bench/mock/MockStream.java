package io.llmgateway.bench.mock;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/**
 * The events of one streamed answer, in the protocol's framing. The handler writes
 * {@link #start} with the response head, then {@link #piece} {@code 0..pieces()-1} paced by
 * {@code x-mock-chunk-interval-ms}, then {@link #end}; each event is one {@code writeAndFlush}.
 * The {@code disconnect-mid-stream}, {@code error-mid-stream} and {@code stall-mid-stream} faults act
 * after half the pieces.
 * Used on one event loop only; every returned buffer belongs to the caller.
 */
public interface MockStream {

    /** The {@code content-type} of the response. */
    CharSequence contentType();

    /** Adds protocol headers (request ids, rate limits) to the response head. */
    default void headers(HttpHeaders headers) {
    }

    /** The events sent with the head (OpenAI's role chunk, Anthropic's {@code message_start}...). */
    void start(ByteBufAllocator alloc, List<ByteBuf> out);

    /** How many paced pieces the stream has. */
    int pieces();

    /** Piece {@code index}, {@code 0 <= index < pieces()}. */
    ByteBuf piece(ByteBufAllocator alloc, int index);

    /** The events after the last piece; may be empty (the response then ends with an empty last chunk). */
    void end(ByteBufAllocator alloc, List<ByteBuf> out);

    /** The in-stream error event of the {@code error-mid-stream} fault, after which the response ends. */
    ByteBuf error(ByteBufAllocator alloc);

    /**
     * As {@link #error(ByteBufAllocator)} with {@code messageJson} (JSON string content, already
     * escaped) as the error's message, where the protocol supports it (OpenAI's); others ignore it.
     */
    default ByteBuf error(ByteBufAllocator alloc, String messageJson) {
        return error(alloc);
    }
}
