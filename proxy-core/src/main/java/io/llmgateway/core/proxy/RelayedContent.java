package io.llmgateway.core.proxy;

import io.netty.buffer.ByteBuf;

/**
 * Counts the characters of generated text in the OpenAI chat chunks a stream relays to the client
 * — the string values of {@code content}, {@code reasoning_content}, {@code refusal},
 * {@code arguments} (tool calls) and {@code text} (legacy completions) — so that a stream whose
 * provider reported no usage can still be accounted for: about four characters a token. The same
 * walk notes whether the event carries a {@code usage} object (OpenAI's usage chunk), so that a
 * relay reads each event once.
 *
 * <pre>{@code
 * RelayedContent text = new RelayedContent();
 * boolean usage = text.onEvent(event);    // each event as it goes to the client (borrowed)
 * long tokens = text.completionTokens();  // when the stream ends, complete or not
 * }</pre>
 *
 * <p>Hot path, on the event loop: one forward scan of each event's bytes, no allocation, no copy.
 * Escapes count as the one character they stand for; UTF-8 continuation bytes are not counted, so
 * a character is a code point whatever its encoded length. Not thread-safe: one stream, one loop.
 */
final class RelayedContent {

    /** The usual rule of thumb for English text and code, also used for the prompt (request bytes / 4). */
    static final int CHARS_PER_TOKEN = 4;

    private static final byte[][] TEXT_KEYS = {ascii("content"), ascii("reasoning_content"), ascii("refusal"),
        ascii("arguments"), ascii("text")};
    private static final byte[] USAGE_KEY = ascii("usage");

    private long chars;

    /**
     * A relayed event (borrowed: indexes untouched, not released): its text counted.
     *
     * @return whether a {@code usage} key with an object value occurs in it (at any depth; a
     *         {@code "usage":null} does not count)
     */
    boolean onEvent(ByteBuf event) {
        boolean usageObject = false;
        int end = event.writerIndex();
        int i = event.readerIndex();
        while (true) {
            int open = event.indexOf(i, end, (byte) '"');
            if (open < 0) {
                return usageObject;
            }
            int close = stringEnd(event, open + 1, end);
            if (close < 0) {
                return usageObject;
            }
            int colon = skipBlanks(event, close + 1, end);
            if (colon >= end || event.getByte(colon) != ':') {
                i = close + 1; // a string that is not a key
                continue;
            }
            int value = skipBlanks(event, colon + 1, end);
            if (value >= end || event.getByte(value) != '"') {
                if (value < end && event.getByte(value) == '{' && matches(event, open + 1, close, USAGE_KEY)) {
                    usageObject = true;
                }
                i = value;
                continue;
            }
            boolean counted = isTextKey(event, open + 1, close);
            int valueEnd = counted ? countString(event, value + 1, end) : stringEnd(event, value + 1, end);
            if (valueEnd < 0) {
                return usageObject;
            }
            i = valueEnd + 1;
        }
    }

    /** Characters of generated text relayed so far. */
    long chars() {
        return chars;
    }

    /** The completion tokens the relayed text amounts to: characters / 4, rounded up. */
    long completionTokens() {
        return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    /** Index of the quote closing the string whose first character is at {@code from}; -1 if it is cut. */
    private static int stringEnd(ByteBuf b, int from, int end) {
        for (int i = from; i < end; i++) {
            byte c = b.getByte(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    /** {@link #stringEnd}, counting the string's characters on the way. */
    private int countString(ByteBuf b, int from, int end) {
        long n = 0;
        for (int i = from; i < end; i++) {
            byte c = b.getByte(i);
            if (c == '"') {
                chars += n;
                return i;
            }
            if (c == '\\') {
                i += i + 1 < end && b.getByte(i + 1) == 'u' ? 5 : 1;
                n++;
            } else if ((c & 0xC0) != 0x80) {
                n++;
            }
        }
        chars += n; // the event is cut: what came of the string still went to the client
        return -1;
    }

    private static boolean isTextKey(ByteBuf b, int from, int to) {
        for (byte[] key : TEXT_KEYS) {
            if (matches(b, from, to, key)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the bytes in {@code [from, to)} are {@code key}. */
    private static boolean matches(ByteBuf b, int from, int to, byte[] key) {
        if (to - from != key.length) {
            return false;
        }
        for (int k = 0; k < key.length; k++) {
            if (b.getByte(from + k) != key[k]) {
                return false;
            }
        }
        return true;
    }

    private static int skipBlanks(ByteBuf b, int i, int end) {
        while (i < end) {
            byte c = b.getByte(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return i;
            }
            i++;
        }
        return i;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
