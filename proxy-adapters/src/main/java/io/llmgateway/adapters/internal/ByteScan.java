package io.llmgateway.adapters.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds bytes in a {@code byte[]} eight at a time (SWAR: a word's bytes tested at once with the
 * "has a zero byte" bit trick), for the scans every stream event costs: the end of its line, the
 * end of a JSON string. In a little-endian word the lowest flagged byte is always a true match
 * (a false flag can only appear above a true one), so the first match is exact. Stateless.
 */
final class ByteScan {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LF = ONES * '\n';
    private static final long CR = ONES * '\r';
    private static final long QUOTE = ONES * '"';
    private static final long BACKSLASH = ONES * '\\';
    private static final long SPACE = ONES * ' ';

    private ByteScan() {
    }

    /** The index of the first {@code \n} or {@code \r} in {@code a[from, to)}, or {@code to}. */
    static int lineEnd(byte[] a, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = (long) LONGS.get(a, i);
            long m = zeros(w ^ LF) | zeros(w ^ CR);
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (a[i] == '\n' || a[i] == '\r') {
                return i;
            }
        }
        return to;
    }

    /**
     * The index of the first byte in {@code a[from, to)} that ends the plain run of a JSON string's
     * content: a quote, a backslash or a control character (below 0x20); or {@code to}.
     */
    static int stringStop(byte[] a, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long w = (long) LONGS.get(a, i);
            // Bytes below 0x20: (w - 0x20..) borrows into bit 7 of exactly those (bytes >= 0x80 excluded by ~w).
            long m = zeros(w ^ QUOTE) | zeros(w ^ BACKSLASH) | (w - SPACE) & ~w & HIGHS;
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
        }
        for (; i < to; i++) {
            byte b = a[i];
            if (b == '"' || b == '\\' || b >= 0 && b < 0x20) {
                return i;
            }
        }
        return to;
    }

    /** The index of the first {@code "} in {@code a[from, to)}, or {@code to}. */
    static int quote(byte[] a, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long m = zeros((long) LONGS.get(a, i) ^ QUOTE);
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (a[i] == '"') {
                return i;
            }
        }
        return to;
    }

    // Bit 7 of each byte of w that is zero (and possibly of bytes above the first zero).
    private static long zeros(long w) {
        return (w - ONES) & ~w & HIGHS;
    }
}
