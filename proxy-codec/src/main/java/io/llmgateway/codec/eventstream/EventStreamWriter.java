package io.llmgateway.codec.eventstream;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Writes AWS event-stream messages with string headers, the framing {@link EventStreamSplitter}
 * reads: for the Bedrock mock and for tests, not for the request path. Stateless.
 *
 * <pre>{@code
 * ByteBuf m = EventStreamWriter.message(alloc, Map.of(":message-type", "event", ":event-type", "messageStart"),
 *         "{\"role\":\"assistant\"}");
 * }</pre>
 */
public final class EventStreamWriter {

    private EventStreamWriter() {
    }

    /** One message with {@code headers} (string values, in the map's order) and a UTF-8 payload; owned by the caller. */
    public static ByteBuf message(ByteBufAllocator alloc, Map<String, String> headers, String payload) {
        requireNonNull(headers, "headers");
        byte[] body = requireNonNull(payload, "payload").getBytes(StandardCharsets.UTF_8);
        ByteBuf h = alloc.buffer(64);
        try {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                byte[] name = e.getKey().getBytes(StandardCharsets.US_ASCII);
                byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
                if (name.length > 255 || value.length > 65_535) {
                    throw new IllegalArgumentException("header " + e.getKey() + ": name of " + name.length
                            + " bytes, value of " + value.length + " (expected: <= 255 and <= 65535)");
                }
                h.writeByte(name.length).writeBytes(name).writeByte(EventStreamMessage.TYPE_STRING)
                        .writeShort(value.length).writeBytes(value);
            }
            int total = EventStreamSplitter.MIN_MESSAGE_BYTES + h.readableBytes() + body.length;
            ByteBuf out = alloc.buffer(total);
            out.writeInt(total).writeInt(h.readableBytes());
            out.writeInt((int) crc(out, 0, 8));
            out.writeBytes(h).writeBytes(body);
            out.writeInt((int) crc(out, 0, total - 4));
            return out;
        } finally {
            h.release();
        }
    }

    /** The bytes of {@link #message}, for tests that cut them by hand. */
    public static byte[] bytes(Map<String, String> headers, String payload) {
        ByteBuf m = message(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, headers, payload);
        try {
            return ByteBufUtil.getBytes(m);
        } finally {
            m.release();
        }
    }

    private static long crc(ByteBuf b, int index, int length) {
        return Crc32s.of(new CRC32(), b, index, length);
    }
}
