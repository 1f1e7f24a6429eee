package io.llmgateway.core.proxy;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Date;

/** Reads how long a provider asked to wait: {@code retry-after-ms}, else {@code retry-after} (seconds or an HTTP date). */
final class RetryAfter {

    private RetryAfter() {
    }

    /** Milliseconds to wait, or -1 when the headers say nothing usable. */
    static long parseMillis(HttpHeaders headers) {
        String ms = headers.get("retry-after-ms");
        if (ms != null) {
            try {
                double v = Double.parseDouble(ms.trim());
                if (v >= 0) {
                    return (long) Math.ceil(v);
                }
            } catch (NumberFormatException ignored) {
                // fall through to retry-after
            }
        }
        String ra = headers.get("retry-after");
        if (ra == null || ra.isBlank()) {
            return -1;
        }
        try {
            long seconds = Long.parseLong(ra.trim());
            return seconds < 0 ? -1 : seconds * 1000;
        } catch (NumberFormatException notSeconds) {
            Date date = DateFormatter.parseHttpDate(ra.trim());
            return date == null ? -1 : Math.max(0, date.getTime() - System.currentTimeMillis());
        }
    }
}
