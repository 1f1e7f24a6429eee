package io.llmgateway.adapters.internal;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes text that is already the escaped content of a JSON string (a provider's string as
 * {@link JsonCursor} found it, or an {@link EscapedText}) as a JSON string literal, by copying its
 * bytes. The only bytes changed are those of characters outside the Basic Multilingual Plane
 * (4-byte UTF-8, emoji), written as a {@code \uD83D\uDE00} surrogate pair as the gateway's jackson
 * generator writes them, so that a copied text and an encoded one are the same bytes. Stateless.
 */
public final class JsonText {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private JsonText() {
    }

    /** Writes {@code "} + the escaped content {@code src[from, to)} + {@code "}. */
    public static void writeString(ByteBuf out, byte[] src, int from, int to) {
        out.writeByte('"');
        writeContent(out, src, from, to);
        out.writeByte('"');
    }

    /** Writes the escaped content {@code src[from, to)} without quotes. */
    public static void writeContent(ByteBuf out, byte[] src, int from, int to) {
        int copied = from;
        for (int i = from; i < to; i++) {
            byte b = src[i];
            // A 4-byte UTF-8 lead byte is 0xF0..0xF7: -16..-9 as a signed byte.
            if (b >= -16 && b <= -9 && i + 3 < to) {
                out.writeBytes(src, copied, i - copied);
                int cp = (b & 0x07) << 18 | (src[i + 1] & 0x3f) << 12 | (src[i + 2] & 0x3f) << 6 | src[i + 3] & 0x3f;
                int v = cp - 0x10000;
                writeEscapedChar(out, 0xD800 + (v >>> 10));
                writeEscapedChar(out, 0xDC00 + (v & 0x3ff));
                i += 3;
                copied = i + 1;
            }
        }
        out.writeBytes(src, copied, to - copied);
    }

    private static void writeEscapedChar(ByteBuf out, int c) {
        out.writeByte('\\').writeByte('u');
        out.writeByte(HEX[c >>> 12 & 0xf]).writeByte(HEX[c >>> 8 & 0xf]);
        out.writeByte(HEX[c >>> 4 & 0xf]).writeByte(HEX[c & 0xf]);
    }

    /** The text of the escaped content {@code src[from, to)} (UTF-8), its escapes resolved. */
    public static String unescape(byte[] src, int from, int to) throws IOException {
        StringBuilder sb = new StringBuilder(to - from);
        int copied = from;
        int i = from;
        while (i < to) {
            if (src[i] != '\\') {
                i++;
                continue;
            }
            sb.append(new String(src, copied, i - copied, StandardCharsets.UTF_8));
            if (i + 1 >= to) {
                throw new IOException("a JSON string ends in a lone backslash");
            }
            byte e = src[i + 1];
            i += 2;
            switch (e) {
                case '"', '\\', '/' -> sb.append((char) e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 > to) {
                        throw new IOException("a JSON string ends inside a \\u escape");
                    }
                    int c = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = Character.digit(src[i + k], 16);
                        if (d < 0) {
                            throw new IOException("invalid \\u escape in a JSON string (expected: 4 hex digits)");
                        }
                        c = c << 4 | d;
                    }
                    sb.append((char) c);
                    i += 4;
                }
                default -> throw new IOException("invalid escape '\\" + (char) e + "' in a JSON string");
            }
            copied = i;
        }
        sb.append(new String(src, copied, to - copied, StandardCharsets.UTF_8));
        return sb.toString();
    }
}
