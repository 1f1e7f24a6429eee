package io.llmgateway.codec.json;

import io.llmgateway.codec.spi.Usage;
import java.nio.charset.StandardCharsets;

/**
 * The fast path of {@link UsageScanner#readUsageObject}: reads a usage object written the plain
 * way every provider writes it (keys without escapes, non-negative integer counts, nested objects
 * of the same kind, strings, nulls and booleans) straight from the bytes, with no parser, no
 * symbol table and no allocation but the result. Anything else (an escape in a key, a fraction,
 * a negative or huge number, an array, malformed input) makes it give up with {@link #UNSURE}, and
 * the caller hands the same bytes to jackson, whose reading is the reference: this class only
 * ever answers what jackson would.
 */
final class PlainUsageReader {

    /** Returned when the bytes are not plain enough to decide here. */
    static final Usage UNSURE = new Usage(-1, -1, -1, -1, -1);

    private static final byte[] PROMPT = ascii("prompt_tokens");
    private static final byte[] COMPLETION = ascii("completion_tokens");
    private static final byte[] TOTAL = ascii("total_tokens");
    private static final byte[] PROMPT_DETAILS = ascii("prompt_tokens_details");
    private static final byte[] CACHED = ascii("cached_tokens");
    private static final byte[] CACHE_WRITE = ascii("cache_write_tokens");
    /** More digits than this may not fit a long: left to jackson. */
    private static final int MAX_DIGITS = 18;

    private final byte[] b;
    private final int end;
    private int i;
    private long prompt;
    private long completion;
    private long total = -1;
    private long cached;
    private long cacheWrite;

    private PlainUsageReader(byte[] b, int offset, int length) {
        this.b = b;
        this.i = offset;
        this.end = offset + length;
    }

    /** The usage in {@code length} bytes of {@code json} at {@code offset}, or {@link #UNSURE}. */
    static Usage read(byte[] json, int offset, int length) {
        PlainUsageReader r = new PlainUsageReader(json, offset, length);
        if (!r.object(true) || r.skipBlanks() != r.end) {
            return UNSURE;
        }
        return new Usage(r.prompt, r.completion, r.total >= 0 ? r.total : r.prompt + r.completion, r.cached,
                r.cacheWrite);
    }

    /** An object: the usage itself ({@code top}) or {@code prompt_tokens_details} when {@code !top}. */
    private boolean object(boolean top) {
        if (skipBlanks() >= end || b[i] != '{') {
            return false;
        }
        i++;
        if (skipBlanks() < end && b[i] == '}') {
            i++;
            return true;
        }
        while (true) {
            if (skipBlanks() >= end || b[i] != '"') {
                return false;
            }
            int keyStart = ++i;
            while (i < end && b[i] != '"') {
                if (b[i] == '\\') {
                    return false;
                }
                i++;
            }
            if (i >= end) {
                return false;
            }
            int keyEnd = i++;
            if (skipBlanks() >= end || b[i] != ':') {
                return false;
            }
            i++;
            if (skipBlanks() >= end) {
                return false;
            }
            if (!value(top, keyStart, keyEnd)) {
                return false;
            }
            if (skipBlanks() >= end) {
                return false;
            }
            if (b[i] == '}') {
                i++;
                return true;
            }
            if (b[i] != ',') {
                return false;
            }
            i++;
        }
    }

    private boolean value(boolean top, int keyStart, int keyEnd) {
        byte c = b[i];
        if (c >= '0' && c <= '9') {
            long v = number();
            if (v < 0) {
                return false;
            }
            if (top) {
                if (is(keyStart, keyEnd, PROMPT)) {
                    prompt = v;
                } else if (is(keyStart, keyEnd, COMPLETION)) {
                    completion = v;
                } else if (is(keyStart, keyEnd, TOTAL)) {
                    total = v;
                }
            } else if (is(keyStart, keyEnd, CACHED)) {
                cached = v;
            } else if (is(keyStart, keyEnd, CACHE_WRITE)) {
                cacheWrite = v;
            }
            return true;
        }
        if (c == '{') {
            // Objects other than the top-level prompt_tokens_details are read the same way and their counts
            // ignored: only a nested object two levels down could hide one, and that is left to jackson.
            if (!top) {
                return false;
            }
            if (is(keyStart, keyEnd, PROMPT_DETAILS)) {
                return object(false);
            }
            return skipPlainObject();
        }
        if (c == '"') {
            return skipString();
        }
        return literal("null") || literal("true") || literal("false");
    }

    /** A non-negative integer; -1 when it is not one this reader is sure of (fraction, exponent, too long). */
    private long number() {
        int start = i;
        long v = 0;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            v = v * 10 + (b[i] - '0');
            i++;
        }
        int digits = i - start;
        if (digits > MAX_DIGITS || digits > 1 && b[start] == '0') {
            return -1;
        }
        if (i < end && (b[i] == '.' || b[i] == 'e' || b[i] == 'E')) {
            return -1;
        }
        return v;
    }

    /** A nested object of counts, strings and literals, skipped (an array or deeper nesting: unsure). */
    private boolean skipPlainObject() {
        long savedPrompt = prompt;
        long savedCompletion = completion;
        long savedTotal = total;
        long savedCached = cached;
        long savedCacheWrite = cacheWrite;
        boolean ok = object(false);
        // Counts named like the top level's inside another object do not count: restore them.
        prompt = savedPrompt;
        completion = savedCompletion;
        total = savedTotal;
        cached = savedCached;
        cacheWrite = savedCacheWrite;
        return ok;
    }

    private boolean skipString() {
        i++;
        while (i < end) {
            byte c = b[i++];
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return true;
            } else if ((c & 0xff) < 0x20) {
                return false;
            }
        }
        return false;
    }

    private boolean literal(String word) {
        int n = word.length();
        if (end - i < n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (b[i + k] != word.charAt(k)) {
                return false;
            }
        }
        i += n;
        return true;
    }

    private int skipBlanks() {
        while (i < end && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private boolean is(int from, int to, byte[] name) {
        if (to - from != name.length) {
            return false;
        }
        for (int k = 0; k < name.length; k++) {
            if (b[from + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
