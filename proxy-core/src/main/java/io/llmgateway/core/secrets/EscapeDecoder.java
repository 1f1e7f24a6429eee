package io.llmgateway.core.secrets;

/**
 * One round of undoing the escapes a credential can hide behind in a JSON text or a URL: JSON's
 * {@code \"} {@code \\} {@code \/} {@code \b} {@code \f} {@code \n} {@code \r} {@code \t} and
 * {@code \}{@code uXXXX} (surrogate pairs joined, written as UTF-8), and percent-encoding
 * {@code %XX}. Anything else is kept as is, so that the output of a text without escapes is the
 * text itself. Lenient on purpose: it reads what a secret may be hidden in, not valid JSON.
 *
 * <p>Every escape is longer than what it stands for, so the output never overtakes the input and
 * the round runs in place, in the caller's scratch array.
 */
final class EscapeDecoder {

    private EscapeDecoder() {
    }

    /** Decodes {@code b[0, length)} in place; returns the decoded length ({@code length} when nothing was escaped). */
    static int decodeInPlace(byte[] b, int length) {
        int out = 0;
        int i = 0;
        while (i < length) {
            byte c = b[i];
            if (c == '%' && i + 2 < length && hex(b[i + 1]) >= 0 && hex(b[i + 2]) >= 0) {
                b[out++] = (byte) (hex(b[i + 1]) << 4 | hex(b[i + 2]));
                i += 3;
            } else if (c == '\\' && i + 1 < length) {
                int consumed = jsonEscape(b, i, length);
                if (consumed == 0) {
                    b[out++] = c;
                    i++;
                } else {
                    out = writeDecoded(b, out, i, consumed);
                    i += consumed;
                }
            } else {
                b[out++] = c;
                i++;
            }
        }
        return out;
    }

    /** How many bytes the JSON escape at {@code at} spans; 0 when it is none. */
    private static int jsonEscape(byte[] b, int at, int length) {
        byte e = b[at + 1];
        switch (e) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return 2;
            }
            case 'u' -> {
                int cp = unicode(b, at, length);
                if (cp < 0) {
                    return 0;
                }
                return Character.isHighSurrogate((char) cp) && lowSurrogateAt(b, at + 6, length) ? 12 : 6;
            }
            default -> {
                return 0;
            }
        }
    }

    /** Writes what the escape {@code b[at, at + consumed)} stands for at {@code out}; returns the new end. */
    private static int writeDecoded(byte[] b, int out, int at, int consumed) {
        byte e = b[at + 1];
        int cp = switch (e) {
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> consumed == 12
                    ? Character.toCodePoint((char) unicode(b, at, at + 6), (char) unicode(b, at + 6, at + 12))
                    : unicode(b, at, at + 6);
            default -> e;
        };
        return writeUtf8(b, out, cp);
    }

    private static boolean lowSurrogateAt(byte[] b, int at, int length) {
        if (at + 1 >= length || b[at] != '\\' || b[at + 1] != 'u') {
            return false;
        }
        int cp = unicode(b, at, length);
        return cp >= 0 && Character.isLowSurrogate((char) cp);
    }

    /** The code unit of {@code \}{@code uXXXX} at {@code at}, or -1 when the four hex digits are not all there. */
    private static int unicode(byte[] b, int at, int length) {
        if (at + 6 > length) {
            return -1;
        }
        int v = 0;
        for (int k = at + 2; k < at + 6; k++) {
            int h = hex(b[k]);
            if (h < 0) {
                return -1;
            }
            v = v << 4 | h;
        }
        return v;
    }

    private static int writeUtf8(byte[] b, int out, int cp) {
        int o = out;
        if (cp < 0x80) {
            b[o++] = (byte) cp;
        } else if (cp < 0x800) {
            b[o++] = (byte) (0xC0 | cp >> 6);
            b[o++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            b[o++] = (byte) (0xE0 | cp >> 12);
            b[o++] = (byte) (0x80 | cp >> 6 & 0x3F);
            b[o++] = (byte) (0x80 | cp & 0x3F);
        } else {
            b[o++] = (byte) (0xF0 | cp >> 18);
            b[o++] = (byte) (0x80 | cp >> 12 & 0x3F);
            b[o++] = (byte) (0x80 | cp >> 6 & 0x3F);
            b[o++] = (byte) (0x80 | cp & 0x3F);
        }
        return o;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
