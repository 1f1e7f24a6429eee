package io.llmgateway.core.server;

import io.netty.util.internal.logging.InternalLogLevel;
import io.netty.util.internal.logging.InternalLogger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One log line per burst of an event that may repeat thousands of times a second under attack (a
 * connection refused, a body over the memory budget): the first occurrence is logged at once, the
 * next ones are counted and reported with the next line, at most one line per
 * {@link #INTERVAL_MS}. Shared by every event loop: lock-free (one counter, one CAS on the time of
 * the next line); an occurrence that does not log allocates nothing.
 */
final class BurstLog {

    static final long INTERVAL_MS = 10_000;
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS);

    private final InternalLogger log;
    private final InternalLogLevel level;
    private final String what;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong nextLine = new AtomicLong(System.nanoTime());

    /** @param what the event, as the line starts, e.g. {@code "connections refused (server.max_connections: 1000)"} */
    BurstLog(InternalLogger log, InternalLogLevel level, String what) {
        this.log = log;
        this.level = level;
        this.what = what;
    }

    /** Counts one occurrence; logs the count when a line is due. */
    void occurred() {
        count.incrementAndGet();
        long due = nextLine.get();
        long now = System.nanoTime();
        if (now - due >= 0 && nextLine.compareAndSet(due, now + INTERVAL_NANOS)) {
            log.log(level, "{}: {} since the last such line (one line per {} s at most)", what, count.getAndSet(0),
                    INTERVAL_MS / 1000);
        }
    }
}
