package io.llmgateway.codec.error;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * Writes the Responses API's in-stream error, as OpenAI's SDKs parse it:
 *
 * <pre>
 *   event: error
 *   data: {"type":"error","code":"upstream_error","message":"...","param":null,"sequence_number":12}
 * </pre>
 *
 * straight into a buffer, with JSON string escaping and no intermediate objects. For one of the
 * gateway's own errors that takes the place of an event of a Responses stream (its
 * {@code sequence_number} is the replaced event's).
 */
public final class ResponsesErrorEvent {

    private ResponsesErrorEvent() {
    }

    /** The event, in a new buffer owned by the caller; {@code sequenceNumber} >= 0. */
    public static ByteBuf of(ByteBufAllocator alloc, GatewayError error, String message, long sequenceNumber) {
        requireNonNull(error, "error");
        requireNonNull(message, "message");
        if (sequenceNumber < 0) {
            throw new IllegalArgumentException("sequenceNumber: " + sequenceNumber + " (expected: >= 0)");
        }
        ByteBuf out = alloc.buffer(112 + message.length());
        ByteBufUtil.writeAscii(out, "event: error\ndata: {\"type\":\"error\",\"code\":");
        OpenAiErrors.writeJsonString(out, error.code());
        ByteBufUtil.writeAscii(out, ",\"message\":");
        OpenAiErrors.writeJsonString(out, message);
        ByteBufUtil.writeAscii(out, ",\"param\":null,\"sequence_number\":");
        ByteBufUtil.writeAscii(out, Long.toString(sequenceNumber));
        out.writeByte('}').writeByte('\n').writeByte('\n');
        return out;
    }
}
