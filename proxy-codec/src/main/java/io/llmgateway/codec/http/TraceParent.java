package io.llmgateway.codec.http;

import static java.util.Objects.requireNonNull;

/**
 * The W3C Trace Context {@code traceparent} header (https://www.w3.org/TR/trace-context/):
 * {@code version-traceid-parentid-flags}, all lower-case hex, for example
 * {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}.
 *
 * <pre>{@code
 * CharSequence v = headers.get("traceparent");
 * if (v != null && TraceParent.isValid(v)) {
 *     long hi = TraceParent.traceIdHigh(v), lo = TraceParent.traceIdLow(v), parent = TraceParent.parentId(v);
 *     boolean sampled = TraceParent.sampled(v);
 * }
 * String out = TraceParent.format(hi, lo, mySpanId, sampled);
 * }</pre>
 *
 * <p>Ids travel as {@code long}s (a trace id as two): reading them allocates nothing. The readers
 * other than {@link #isValid} assume a value {@code isValid} accepted.
 */
public final class TraceParent {

    /** The header's name, lower case. */
    public static final String NAME = "traceparent";

    /** {@code 00-} + 32 + {@code -} + 16 + {@code -} + 2. */
    public static final int LENGTH = 55;

    private static final int TRACE_ID = 3;
    private static final int PARENT_ID = 36;
    private static final int FLAGS = 53;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TraceParent() {
    }

    /**
     * Whether {@code v} is a {@code traceparent} this gateway can join: version {@code 00} exactly
     * {@value #LENGTH} characters; a later version at least as long (its first four fields read as
     * version 00's, anything after a {@code -}); version {@code ff}, upper-case hex and all-zero ids
     * refused, as the specification asks.
     */
    public static boolean isValid(CharSequence v) {
        requireNonNull(v, "v");
        int n = v.length();
        if (n < LENGTH || !isHex(v, 0, 2) || (v.charAt(0) == 'f' && v.charAt(1) == 'f')) {
            return false;
        }
        boolean version00 = v.charAt(0) == '0' && v.charAt(1) == '0';
        if (version00 ? n != LENGTH : n > LENGTH && v.charAt(LENGTH) != '-') {
            return false;
        }
        return v.charAt(2) == '-' && v.charAt(PARENT_ID - 1) == '-' && v.charAt(FLAGS - 1) == '-'
                && isHex(v, TRACE_ID, 32) && isHex(v, PARENT_ID, 16) && isHex(v, FLAGS, 2)
                && (traceIdHigh(v) != 0 || traceIdLow(v) != 0) && parentId(v) != 0;
    }

    /** The first 8 bytes of the trace id. */
    public static long traceIdHigh(CharSequence v) {
        return hexLong(v, TRACE_ID);
    }

    /** The last 8 bytes of the trace id. */
    public static long traceIdLow(CharSequence v) {
        return hexLong(v, TRACE_ID + 16);
    }

    /** The caller's span id: the parent of the span that joins the trace. */
    public static long parentId(CharSequence v) {
        return hexLong(v, PARENT_ID);
    }

    /** Whether the caller records this trace (flag {@code 01}). */
    public static boolean sampled(CharSequence v) {
        return (digit(v.charAt(FLAGS + 1)) & 1) != 0;
    }

    /** A version-00 {@code traceparent} naming {@code spanId} as the parent. */
    public static String format(long traceIdHigh, long traceIdLow, long spanId, boolean sampled) {
        char[] c = new char[LENGTH];
        c[0] = '0';
        c[1] = '0';
        c[2] = '-';
        hex(traceIdHigh, c, TRACE_ID);
        hex(traceIdLow, c, TRACE_ID + 16);
        c[PARENT_ID - 1] = '-';
        hex(spanId, c, PARENT_ID);
        c[FLAGS - 1] = '-';
        c[FLAGS] = '0';
        c[FLAGS + 1] = sampled ? '1' : '0';
        return new String(c);
    }

    /** {@code id} as 16 lower-case hex digits (a span id, or half a trace id). */
    public static String hex(long id) {
        char[] c = new char[16];
        hex(id, c, 0);
        return new String(c);
    }

    /** {@code high} then {@code low} as 32 lower-case hex digits: a trace id. */
    public static String hex(long high, long low) {
        char[] c = new char[32];
        hex(high, c, 0);
        hex(low, c, 16);
        return new String(c);
    }

    private static void hex(long v, char[] to, int at) {
        for (int i = 15; i >= 0; i--) {
            to[at + i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
    }

    private static long hexLong(CharSequence v, int from) {
        long r = 0;
        for (int i = from; i < from + 16; i++) {
            r = (r << 4) | digit(v.charAt(i));
        }
        return r;
    }

    private static boolean isHex(CharSequence v, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (digit(v.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }
}
