package io.llmgateway.codec.http;

import io.llmgateway.codec.spi.HeaderLookup;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The one reader of how long a provider asked to wait before trying again. Every place that reads
 * a wait — the pass-through relay, the translating adapters, the balancer's cooldowns — goes
 * through here, so that they agree on what a header means.
 *
 * <pre>
 *   retry-after-ms: 1500              -> 1500   (Azure, the OpenAI SDKs' convention; may be fractional)
 *   retry-after: 2                    -> 2000   (delay-seconds, RFC 9110 10.2.3)
 *   retry-after: 1.5                  -> 1500   (fractional seconds, as some providers send)
 *   retry-after: Wed, 21 Oct 2026 07:28:00 GMT -> until then (HTTP-date; 0 once past)
 *   anything else                     -> -1
 * </pre>
 *
 * <p>Stateless; safe from any thread. Allocates only when a value is present.
 */
public final class RetryAfter {

    public static final String RETRY_AFTER = "retry-after";
    public static final String RETRY_AFTER_MS = "retry-after-ms";

    private RetryAfter() {
    }

    /**
     * Milliseconds to wait: {@code retry-after-ms} first, then {@code retry-after} (seconds, possibly
     * fractional, or an HTTP date, measured against {@code nowMillis}); -1 when neither is usable.
     */
    public static long millis(HeaderLookup headers, long nowMillis) {
        String ms = headers.get(RETRY_AFTER_MS);
        if (ms != null) {
            long v = decimal(ms.trim(), 1);
            if (v >= 0) {
                return v;
            }
        }
        return retryAfterMillis(headers.get(RETRY_AFTER), nowMillis);
    }

    /** The value of a {@code retry-after} header alone, in milliseconds; -1 when absent or not usable. */
    public static long retryAfterMillis(String value, long nowMillis) {
        if (value == null) {
            return -1;
        }
        String v = value.trim();
        long seconds = decimal(v, 1000);
        if (seconds >= 0) {
            return seconds;
        }
        if (v.isEmpty() || v.charAt(0) < 'A') {
            return -1; // neither a number nor a date ("-3", "1e3")
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            return Math.max(0, at.toInstant().toEpochMilli() - nowMillis);
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    /** A protobuf {@code Duration} string as Google APIs send it ({@code "26s"}, {@code "1.5s"}) in ms; -1 if malformed. */
    public static long durationMillis(String d) {
        if (d == null || !d.endsWith("s")) {
            return -1;
        }
        return decimal(d.substring(0, d.length() - 1), 1000);
    }

    /** The value rounded up to whole seconds, as a {@code retry-after} header value carries it. */
    public static long toHeaderSeconds(long millis) {
        return millis <= 0 ? 0 : (millis + 999) / 1000;
    }

    // A non-negative decimal number (digits and at most one '.') times unitMs, rounded up; -1 otherwise.
    private static long decimal(String s, long unitMs) {
        int n = s.length();
        if (n == 0 || n > 18) {
            return -1;
        }
        boolean dot = false;
        boolean digit = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (dot) {
                    return -1;
                }
                dot = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else {
                return -1;
            }
        }
        if (!digit) {
            return -1;
        }
        return (long) Math.ceil(Double.parseDouble(s) * unitMs);
    }
}
