package io.llmgateway.adapters.responses;

import io.netty.buffer.ByteBuf;

/**
 * The framing of one Responses API stream event: a named SSE event whose data repeats the name as
 * its {@code type} and carries the stream's {@code sequence_number}:
 *
 * <pre>
 *   event: response.output_text.delta
 *   data: {"type":"response.output_text.delta","sequence_number":7, ...the event's fields...}
 * </pre>
 *
 * Each event's opening is encoded once ({@link #prefix}); stateless.
 */
final class ResponsesEvents {

    private ResponsesEvents() {
    }

    /** The opening bytes of every event named {@code name}, up to its sequence number. */
    static byte[] prefix(String name) {
        return ResponseJson.ascii("event: " + name + "\ndata: {\"type\":\"" + name + "\",\"sequence_number\":");
    }

    /** Writes an event's opening and sequence number; the caller writes its fields and {@code }\n\n}. */
    static void begin(ByteBuf out, byte[] prefix, int sequence) {
        out.writeBytes(prefix);
        ResponseJson.writeLong(out, sequence);
    }
}
