package io.llmgateway.adapters.internal;

import io.llmgateway.codec.spi.HeaderLookup;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads how long a provider asked the client to wait, in milliseconds. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * {@code retry-after-ms} (Azure, OpenAI SDK convention) first, then {@code retry-after}
     * (seconds, possibly fractional, or an HTTP date); -1 when neither is usable.
     */
    public static long fromHeaders(HeaderLookup headers, Clock clock) {
        String ms = headers.get("retry-after-ms");
        if (ms != null) {
            long v = parseSeconds(ms.trim(), 1);
            if (v >= 0) {
                return v;
            }
        }
        String ra = headers.get("retry-after");
        if (ra == null) {
            return -1;
        }
        ra = ra.trim();
        long v = parseSeconds(ra, 1000);
        if (v >= 0) {
            return v;
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(ra, DateTimeFormatter.RFC_1123_DATE_TIME);
            return Math.max(0, at.toInstant().toEpochMilli() - clock.millis());
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    /** A protobuf Duration string such as {@code "26s"} or {@code "1.5s"} in ms; -1 if malformed. */
    public static long fromDuration(String d) {
        if (d == null || !d.endsWith("s")) {
            return -1;
        }
        return parseSeconds(d.substring(0, d.length() - 1), 1000);
    }

    // A non-negative decimal number times the unit in ms; -1 when not a number.
    private static long parseSeconds(String s, long unitMs) {
        if (s.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return -1;
            }
        }
        try {
            return (long) Math.ceil(Double.parseDouble(s) * unitMs);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
