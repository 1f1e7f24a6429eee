package io.llmgateway.codec.eventstream;

import io.netty.handler.codec.DecoderException;

/**
 * An AWS event stream the gateway refuses to read: a CRC that does not match, a length out of
 * bounds, a header of an unknown type. Unchecked, like Netty's own {@link DecoderException}s: the
 * relay aborts the stream with an in-band error event.
 */
public final class EventStreamFormatException extends DecoderException {

    private static final long serialVersionUID = 1L;

    public EventStreamFormatException(String message) {
        super(message);
    }
}
