package io.llmgateway.core.limits;

import io.llmgateway.codec.spi.HeaderLookup;

/**
 * Reads the rate-limit headers providers put on their responses into a {@link ProviderQuota}:
 *
 * <ul>
 *   <li>OpenAI (and most OpenAI-compatible hosts): {@code x-ratelimit-limit|remaining-requests|tokens}
 *       and {@code x-ratelimit-reset-requests|tokens} as Go durations ({@code 6m0s}, {@code 12ms}).</li>
 *   <li>Anthropic: {@code anthropic-ratelimit-requests|tokens-limit|remaining|reset}, the reset as an
 *       RFC 3339 time ({@code 2025-08-21T12:40:59Z}).</li>
 * </ul>
 *
 * <p>The parsers take {@link CharSequence}s and allocate nothing.
 */
public final class RateLimitHeaders {

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private RateLimitHeaders() {
    }

    /**
     * Updates {@code quota} from whichever family of headers {@code headers} carries.
     *
     * @return true when rate-limit headers were found
     */
    public static boolean read(HeaderLookup headers, long nowNanos, long nowWallMillis, ProviderQuota quota) {
        String remaining = headers.get("x-ratelimit-remaining-requests");
        String remainingTokens = headers.get("x-ratelimit-remaining-tokens");
        if (remaining != null || remainingTokens != null) {
            long resetReq = parseGoDuration(headers.get("x-ratelimit-reset-requests"));
            long resetTok = parseGoDuration(headers.get("x-ratelimit-reset-tokens"));
            quota.update(parseCount(headers.get("x-ratelimit-limit-requests")), parseCount(remaining),
                    resetReq < 0 ? -1 : nowNanos + resetReq,
                    parseCount(headers.get("x-ratelimit-limit-tokens")), parseCount(remainingTokens),
                    resetTok < 0 ? -1 : nowNanos + resetTok);
            return true;
        }
        remaining = headers.get("anthropic-ratelimit-requests-remaining");
        remainingTokens = headers.get("anthropic-ratelimit-tokens-remaining");
        if (remaining != null || remainingTokens != null) {
            quota.update(parseCount(headers.get("anthropic-ratelimit-requests-limit")), parseCount(remaining),
                    wallToNanos(parseRfc3339Millis(headers.get("anthropic-ratelimit-requests-reset")), nowNanos,
                            nowWallMillis),
                    parseCount(headers.get("anthropic-ratelimit-tokens-limit")), parseCount(remainingTokens),
                    wallToNanos(parseRfc3339Millis(headers.get("anthropic-ratelimit-tokens-reset")), nowNanos,
                            nowWallMillis));
            return true;
        }
        return false;
    }

    private static long wallToNanos(long wallMillis, long nowNanos, long nowWallMillis) {
        if (wallMillis == Long.MIN_VALUE) {
            return -1;
        }
        return nowNanos + Math.max(0, wallMillis - nowWallMillis) * NANOS_PER_MILLI;
    }

    /** A non-negative integer header value, or -1 when absent or malformed. */
    public static long parseCount(CharSequence s) {
        if (s == null) {
            return -1;
        }
        int i = 0;
        int n = s.length();
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        while (n > i && s.charAt(n - 1) == ' ') {
            n--;
        }
        if (i == n || n - i > 18) {
            return -1;
        }
        long v = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * A Go {@code time.Duration} string ({@code 1h2m3.5s}, {@code 6m0s}, {@code 12ms}, {@code 250us},
     * {@code 0s}, {@code 1.5s}) in nanoseconds, or -1 when absent or malformed. A bare number is
     * taken as seconds, which some OpenAI-compatible hosts send.
     */
    public static long parseGoDuration(CharSequence s) {
        if (s == null) {
            return -1;
        }
        int n = s.length();
        int i = 0;
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        while (n > i && s.charAt(n - 1) == ' ') {
            n--;
        }
        if (i == n) {
            return -1;
        }
        if (n - i == 1 && s.charAt(i) == '0') {
            return 0;
        }
        double total = 0;
        boolean any = false;
        while (i < n) {
            int start = i;
            while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (i == start) {
                return -1;
            }
            double value = parseDecimal(s, start, i);
            if (value < 0) {
                return -1;
            }
            if (i == n) {
                return any ? -1 : (long) (value * 1e9); // a bare number: seconds
            }
            double unit;
            char c = s.charAt(i);
            if (c == 'h') {
                unit = 3600e9;
                i++;
            } else if (c == 'm') {
                if (i + 1 < n && s.charAt(i + 1) == 's') {
                    unit = 1e6;
                    i += 2;
                } else {
                    unit = 60e9;
                    i++;
                }
            } else if (c == 's') {
                unit = 1e9;
                i++;
            } else if (c == 'n' && i + 1 < n && s.charAt(i + 1) == 's') {
                unit = 1;
                i += 2;
            } else if ((c == 'u' || c == 'µ' || c == 'μ') && i + 1 < n && s.charAt(i + 1) == 's') {
                unit = 1e3;
                i += 2;
            } else {
                return -1;
            }
            total += value * unit;
            any = true;
        }
        return (long) Math.ceil(total);
    }

    /**
     * An RFC 3339 date-time ({@code 2025-08-21T12:40:59Z}, {@code 2025-08-21T12:40:59.123+02:00})
     * in milliseconds since the epoch, or {@link Long#MIN_VALUE} when absent or malformed.
     */
    public static long parseRfc3339Millis(CharSequence s) {
        if (s == null || s.length() < 20) {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        char t = s.charAt(10);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 60 || s.charAt(4) != '-' || s.charAt(7) != '-'
                || (t != 'T' && t != 't' && t != ' ') || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int i = 19;
        int n = s.length();
        long millis = 0;
        if (i < n && s.charAt(i) == '.') {
            i++;
            int start = i;
            long scale = 100;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                millis += (s.charAt(i) - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start) {
                return Long.MIN_VALUE;
            }
        }
        if (i >= n) {
            return Long.MIN_VALUE;
        }
        long offsetMinutes;
        char z = s.charAt(i);
        if ((z == 'Z' || z == 'z') && i + 1 == n) {
            offsetMinutes = 0;
        } else if ((z == '+' || z == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || om < 0) {
                return Long.MIN_VALUE;
            }
            offsetMinutes = (z == '-' ? -1 : 1) * (oh * 60L + om);
        } else {
            return Long.MIN_VALUE;
        }
        long days = daysFromCivil(year, month, day);
        long seconds = days * 86_400 + hour * 3600L + minute * 60L + second - offsetMinutes * 60;
        return seconds * 1000 + millis;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    private static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static int digits(CharSequence s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** A non-negative decimal ({@code 12}, {@code 1.5}) without allocating, or -1. */
    private static double parseDecimal(CharSequence s, int from, int to) {
        int i = from;
        while (i < to && s.charAt(i) == ' ') {
            i++;
        }
        while (to > i && s.charAt(to - 1) == ' ') {
            to--;
        }
        if (i == to) {
            return -1;
        }
        double v = 0;
        double scale = 0;
        boolean digit = false;
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (scale != 0) {
                    return -1;
                }
                scale = 1;
            } else if (c >= '0' && c <= '9') {
                digit = true;
                if (scale == 0) {
                    v = v * 10 + (c - '0');
                } else {
                    scale /= 10;
                    v += (c - '0') * scale;
                }
            } else {
                return -1;
            }
        }
        return digit ? v : -1;
    }
}
