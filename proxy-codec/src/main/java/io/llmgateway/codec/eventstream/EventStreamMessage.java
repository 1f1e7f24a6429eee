package io.llmgateway.codec.eventstream;

import io.netty.buffer.ByteBuf;

/**
 * Reads one complete AWS event-stream message, as {@link EventStreamSplitter} hands it out: its
 * headers by name and its payload. The message is borrowed: never released, indexes untouched.
 *
 * <pre>{@code
 * int type = EventStreamMessage.match(m, ":event-type", EVENT_TYPES);   // index in EVENT_TYPES, or NO_HEADER / OTHER
 * ByteBuf json = EventStreamMessage.payload(m);                          // a slice, valid while m is
 * }</pre>
 *
 * <p>Header value types (a one-byte tag after the name): 0 true, 1 false, 2 byte, 3 int16,
 * 4 int32, 5 int64, 6 bytes and 7 string (a uint16 length first), 8 timestamp (int64),
 * 9 UUID (16 bytes). Hot path: {@link #match} compares bytes in place and allocates nothing; the
 * message was checked by the splitter, but a header running past the headers block is still an
 * {@link EventStreamFormatException}. Stateless.
 */
public final class EventStreamMessage {

    /** {@link #match}: the message has no such string header. */
    public static final int NO_HEADER = -1;
    /** {@link #match}: the header's value is none of those given. */
    public static final int OTHER = -2;

    static final int TYPE_STRING = 7;

    private EventStreamMessage() {
    }

    /** The payload: a slice of {@code message}, not retained. */
    public static ByteBuf payload(ByteBuf message) {
        int r = message.readerIndex();
        int total = message.getInt(r);
        int headers = message.getInt(r + 4);
        return message.slice(r + EventStreamSplitter.PRELUDE_BYTES + headers,
                total - headers - EventStreamSplitter.MIN_MESSAGE_BYTES);
    }

    /**
     * Which of {@code values} the string header {@code name} holds: its index, {@link #NO_HEADER}
     * when the message has no such string header, {@link #OTHER} when it holds another value.
     * Names and values are ASCII.
     */
    public static int match(ByteBuf message, String name, String... values) {
        int at = find(message, name);
        if (at < 0) {
            return NO_HEADER;
        }
        int len = message.getUnsignedShort(at);
        for (int i = 0; i < values.length; i++) {
            if (equalsAscii(message, at + 2, len, values[i])) {
                return i;
            }
        }
        return OTHER;
    }

    /** The value of the string header {@code name} (UTF-8), or null when the message has none. */
    public static String string(ByteBuf message, String name) {
        int at = find(message, name);
        if (at < 0) {
            return null;
        }
        return message.toString(at + 2, message.getUnsignedShort(at), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The index of the value (its uint16 length) of the string header {@code name}, or -1. */
    private static int find(ByteBuf message, String name) {
        int r = message.readerIndex();
        int i = r + EventStreamSplitter.PRELUDE_BYTES;
        int end = i + message.getInt(r + 4);
        while (i < end) {
            int nameLen = message.getUnsignedByte(i);
            int typeAt = i + 1 + nameLen;
            check(typeAt < end, typeAt, end);
            int type = message.getUnsignedByte(typeAt);
            int value = typeAt + 1;
            if (type == TYPE_STRING && equalsAscii(message, i + 1, nameLen, name)) {
                check(value + 2 + message.getUnsignedShort(value) <= end, value, end);
                return value;
            }
            i = value + valueLength(message, type, value);
        }
        check(i == end, i, end);
        return -1;
    }

    private static int valueLength(ByteBuf m, int type, int at) {
        return switch (type) {
            case 0, 1 -> 0;
            case 2 -> 1;
            case 3 -> 2;
            case 4 -> 4;
            case 5, 8 -> 8;
            case 6, TYPE_STRING -> 2 + m.getUnsignedShort(at);
            case 9 -> 16;
            default -> throw new EventStreamFormatException("event-stream header value type " + type
                    + " (expected: 0..9)");
        };
    }

    private static void check(boolean inside, int at, int end) {
        if (!inside) {
            throw new EventStreamFormatException("event-stream header runs past the headers block (at byte " + at
                    + ", block ends at " + end + ')');
        }
    }

    private static boolean equalsAscii(ByteBuf m, int at, int len, String s) {
        if (len != s.length()) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (m.getByte(at + k) != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
