package io.llmgateway.core.server;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding of a URI path (RFC 3986 section 2.1), for path parameters such as the
 * {@code provider%2Fmodel} of {@code /v1/models/{id}}. Unlike form decoding, {@code +} stays
 * {@code +}. The codec hands the request line over one character per byte, so characters up to
 * 0xFF are taken as the bytes they came from; the decoded bytes must be UTF-8.
 */
final class PercentDecoder {

    private PercentDecoder() {
    }

    /** {@code raw} decoded; {@code raw} itself when it has no escape; null when an escape or the UTF-8 is malformed. */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        byte[] bytes = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
                if (lo < 0) {
                    return null;
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c <= 0xFF) {
                bytes[n++] = (byte) c;
            } else {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
