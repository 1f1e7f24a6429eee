package io.llmgateway.core.observe;

import io.llmgateway.core.proxy.AttemptOutcome;
import io.llmgateway.core.proxy.ExchangeOutcome;
import java.util.List;

/**
 * The durations of one exchange, computed from its {@link ExchangeOutcome}'s readings in one place
 * so that metrics and the request log report the same figures.
 */
public final class OutcomeTimes {

    private OutcomeTimes() {
    }

    /** From the request head's arrival to the end of the exchange. */
    public static long latencyNanos(ExchangeOutcome o) {
        return Math.max(0, o.endNanos() - o.receivedNanos());
    }

    /** From the request head's arrival to the response head going to the client; -1 when none went. */
    public static long ttftNanos(ExchangeOutcome o) {
        return o.firstClientByteNanos() == 0 ? -1 : Math.max(0, o.firstClientByteNanos() - o.receivedNanos());
    }

    /**
     * The time spent in the gateway itself: the latency minus the time upstreams were working and the
     * backoff between attempts. What counts as the gateway's: before the first attempt (reading,
     * authenticating, routing), after the last one ended (finishing the answer), and within each
     * attempt from its start to its request being sent (picking a connection, building the request).
     * What does not: each attempt from the request sent to its end (the upstream answering and the
     * answer relayed as it came), an attempt that never got a response head (a connection or
     * timeout failure: waiting on the network), and the gaps between attempts (the backoff).
     */
    public static long overheadNanos(ExchangeOutcome o) {
        List<AttemptOutcome> attempts = o.attempts();
        if (attempts.isEmpty()) {
            return latencyNanos(o);
        }
        AttemptOutcome first = attempts.get(0);
        AttemptOutcome last = attempts.get(attempts.size() - 1);
        long gateway = Math.max(0, first.startNanos() - o.receivedNanos()) + Math.max(0, o.endNanos() - last.endNanos());
        for (AttemptOutcome a : attempts) {
            if (a.sentNanos() != 0) {
                gateway += Math.max(0, a.sentNanos() - a.startNanos());
            }
        }
        return Math.min(gateway, latencyNanos(o));
    }
}
