package io.llmgateway.codec.spi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * Turns one upstream response of a translating protocol (Anthropic, Gemini...) back into
 * OpenAI's shapes. One instance per attempt; it may keep per-stream state (response id, role
 * sent, tool-call indexes, usage). Used by one event loop only: no synchronisation needed.
 *
 * <p>Hot path: {@link #translateEvent} runs once per stream event. It must not block and should
 * allocate little beyond the output buffers.
 *
 * <p>Ownership: arguments are borrowed (never released, indexes untouched); every buffer a
 * method returns or adds to {@code out} is owned by the caller.
 */
public interface ResponseTranslator {

    /**
     * Translates a complete non-stream success body (2xx) into the OpenAI JSON body.
     *
     * @throws TranslationException when the upstream body cannot be understood
     */
    ByteBuf translateBody(ByteBuf upstreamBody, ByteBufAllocator alloc) throws TranslationException;

    /**
     * Translates one complete upstream SSE event (raw bytes, including its blank-line
     * terminator) — or, for a response framed as an AWS event stream (Bedrock's ConverseStream),
     * one whole event-stream message, CRCs checked — into zero or more complete client SSE events
     * ({@code data: ...\n\n}), added to {@code out} in order.
     *
     * @throws TranslationException when the event cannot be understood
     */
    void translateEvent(ByteBuf upstreamEvent, ByteBufAllocator alloc, List<ByteBuf> out) throws TranslationException;

    /**
     * The upstream stream ended (end of the HTTP body). Adds the closing events to {@code out}
     * ({@code data: [DONE]} and, where still owed, finish and usage chunks) when it was complete.
     *
     * @return {@link StreamEnd#COMPLETE} when the protocol's terminal event was seen;
     *         {@link StreamEnd#TRUNCATED} when it was cut short (nothing added; the core reports an
     *         in-stream error); {@link StreamEnd#FAILED} when an upstream error event was already
     *         translated into an error event (nothing added; the core just ends the stream)
     */
    StreamEnd endOfStream(ByteBufAllocator alloc, List<ByteBuf> out);

    /**
     * Translates a non-2xx upstream response into an OpenAI error, classified
     * ({@link UpstreamError#classification()}): the core reads there whether the prompt was too
     * long for the model.
     *
     * @param status  the upstream HTTP status
     * @param headers the upstream response headers
     * @param body    the upstream body (may be empty or not JSON)
     */
    UpstreamError translateError(int status, HeaderLookup headers, ByteBuf body, ByteBufAllocator alloc);

    /** The usage reported so far by the upstream (final once the response ended); null if none. */
    Usage usage();
}
