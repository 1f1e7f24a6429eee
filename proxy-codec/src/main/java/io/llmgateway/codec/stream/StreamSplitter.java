package io.llmgateway.codec.stream;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Cuts an upstream response body into the complete events of its framing, as its chunks arrive:
 * server-sent events ({@link io.llmgateway.codec.sse.SseEventSplitter}) or AWS event-stream
 * messages ({@link io.llmgateway.codec.eventstream.EventStreamSplitter}). One per stream, confined
 * to its event loop.
 *
 * <pre>{@code
 * StreamSplitter splitter = StreamFraming.of(contentType).newSplitter(maxEventBytes);
 * splitter.split(content.retain(), events);   // per chunk; the splitter releases it
 * for (ByteBuf event : events) relay(event);  // each event is the caller's
 * splitter.release();                         // when the stream ends or is abandoned
 * }</pre>
 */
public interface StreamSplitter {

    /**
     * Takes ownership of {@code chunk} (releases it) and adds each event it completes to
     * {@code out}, in order, as a buffer the caller owns.
     *
     * @throws io.netty.handler.codec.DecoderException when the stream breaks its framing; the
     *         splitter has then released what it held and the events already in {@code out} remain
     *         the caller's
     */
    void split(ByteBuf chunk, List<ByteBuf> out);

    /** Frees the bytes of an unfinished event. Idempotent. */
    void release();
}
