package io.llmgateway.core.observe;

import io.llmgateway.core.proxy.AttemptOutcome;
import io.llmgateway.core.proxy.ExchangeOutcome;
import java.util.List;

/**
 * The durations of one exchange, computed from its {@link System#nanoTime()} readings: the one
 * place they are defined (README "Metrics" quotes these definitions), so that the Prometheus
 * histograms, the percentile summary and the request log report the same figures.
 */
public final class ExchangeTimings {

    /** What a method returns when the duration does not apply to the exchange. */
    public static final long NONE = -1;

    private ExchangeTimings() {
    }

    /** From the arrival of the request head to the end of the exchange (the last byte sent, or the failure). */
    public static long durationNanos(ExchangeOutcome o) {
        return Math.max(0, o.endNanos() - o.receivedNanos());
    }

    /**
     * For a stream whose response began: from the arrival of the request head to the departure of the
     * response head to the client. The gateway sends a stream's head when the upstream's head arrived,
     * just before relaying the first event, so this is the time to the first token as the client's
     * connection sees it. {@link #NONE} for a non-stream answer, and for a stream that never began.
     */
    public static long timeToFirstTokenNanos(ExchangeOutcome o) {
        if (!o.stream() || o.firstClientByteNanos() == 0) {
            return NONE;
        }
        return Math.max(0, o.firstClientByteNanos() - o.receivedNanos());
    }

    /**
     * The time the gateway itself spent before the client got its response head, upstream waits and
     * retry backoff excluded:
     *
     * <pre>
     *   (first client byte − request received) − Σ upstream time of each attempt − Σ gaps between attempts
     * </pre>
     *
     * where the upstream time of an attempt is
     * <ul>
     *   <li>the last attempt, answered: response head received − request sent;</li>
     *   <li>an earlier attempt, answered (an error the gateway retried): attempt end − request sent
     *       (the wait, and the reading of the error body);</li>
     *   <li>an attempt that got no response (connect failure, timeout, disconnect): its whole
     *       length, attempt end − attempt start;</li>
     * </ul>
     * and a gap between attempts (next start − previous end) is the retry backoff. What is left is
     * parsing and routing, balancing, building the upstream request, waiting for a pooled
     * connection (a new one's TCP and TLS set-up included), and for a buffered (non-stream) answer
     * everything after its head arrived: receiving the upstream body, reading its usage, translating
     * it. The time the client took to send its body is counted too (the head's arrival is the start).
     * {@link #NONE} when no attempt was made or no response went to the client; never negative.
     */
    public static long overheadNanos(ExchangeOutcome o) {
        List<AttemptOutcome> attempts = o.attempts();
        if (attempts.isEmpty() || o.firstClientByteNanos() == 0) {
            return NONE;
        }
        long excluded = 0;
        long previousEnd = 0;
        int last = attempts.size() - 1;
        for (int i = 0; i <= last; i++) {
            AttemptOutcome a = attempts.get(i);
            if (previousEnd != 0 && a.startNanos() > previousEnd) {
                excluded += a.startNanos() - previousEnd;
            }
            excluded += upstreamNanos(a, i == last);
            previousEnd = a.endNanos();
        }
        return Math.max(0, o.firstClientByteNanos() - o.receivedNanos() - excluded);
    }

    private static long upstreamNanos(AttemptOutcome a, boolean last) {
        if (a.firstByteNanos() == 0 || a.sentNanos() == 0) {
            return Math.max(0, a.endNanos() - a.startNanos());
        }
        return Math.max(0, (last ? a.firstByteNanos() : a.endNanos()) - a.sentNanos());
    }
}
