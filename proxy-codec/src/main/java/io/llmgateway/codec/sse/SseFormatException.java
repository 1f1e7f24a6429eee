package io.llmgateway.codec.sse;

import io.netty.handler.codec.DecoderException;

/**
 * An upstream event stream the gateway refuses to relay, such as an event longer than the
 * configured maximum. Unchecked, like Netty's own {@link DecoderException}s: the relay aborts the
 * stream with an in-band error event.
 */
public final class SseFormatException extends DecoderException {

    private static final long serialVersionUID = 1L;

    public SseFormatException(String message) {
        super(message);
    }
}
