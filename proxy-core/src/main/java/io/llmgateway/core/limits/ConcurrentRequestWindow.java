package io.llmgateway.core.limits;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * An exact sliding-window request limit — at most {@code limit} admissions in any window of
 * {@code windowNanos} — shared by every thread without locks.
 *
 * <p>A ring holds the timestamps of the last {@code limit} admissions. Admission {@code n} goes
 * to slot {@code n % limit}, which holds admission {@code n - limit}: the request is admitted iff
 * that one is at least a window old. Each slot packs {@code timestamp << 1 | lapParity}, where the
 * lap is {@code n / limit}. A thread that reads {@code head = n} and finds the slot's parity equal
 * to the lap's knows another thread has already claimed admission {@code n} and not yet moved the
 * head: it helps by moving the head and retries. Otherwise the slot still holds the previous lap:
 * the thread checks its age and claims it with one CAS on the exact value it checked.
 *
 * <p>Why it never over-admits: a slot is only ever overwritten by a CAS that saw, in that very
 * value, a timestamp at least a window old. So every admission younger than the window occupies
 * its own slot, and there are {@code limit} slots. (A thread stalled for a whole lap can read a
 * stale head; the parity then misleads it, but the age check on the exact value still holds, so
 * the worst it can do is refuse a request it could have admitted.)
 *
 * <p>Memory is {@code 8 * limit} bytes; {@link ConcurrentKeyLimits} uses a bucketed
 * {@link ConcurrentTokenWindow} above {@link #MAX_EXACT_LIMIT}.
 */
public final class ConcurrentRequestWindow {

    /** The largest limit kept exactly (800 KB of ring). */
    public static final int MAX_EXACT_LIMIT = 100_000;

    /** A timestamp older than any window: the initial content of every slot. */
    private static final long ANCIENT = Long.MIN_VALUE >> 2;

    private final int limit;
    private final long windowNanos;
    private final AtomicLongArray slots;
    private final AtomicLong head = new AtomicLong();

    public ConcurrentRequestWindow(int limit, long windowNanos) {
        if (limit <= 0 || limit > MAX_EXACT_LIMIT) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: 1.." + MAX_EXACT_LIMIT + ")");
        }
        if (windowNanos <= 0) {
            throw new IllegalArgumentException("windowNanos: " + windowNanos + " (expected: > 0)");
        }
        this.limit = limit;
        this.windowNanos = windowNanos;
        this.slots = new AtomicLongArray(limit);
        // Lap 0 has parity 0, so every slot starts as "previous lap" (parity 1) and ancient.
        for (int i = 0; i < limit; i++) {
            slots.set(i, ANCIENT << 1 | 1);
        }
    }

    /**
     * A window of {@code limit} that starts with the admissions of {@code previous} still in its
     * window (the newest {@code limit} of them), so that changing a limit on reload does not
     * forget the last minute.
     */
    public ConcurrentRequestWindow(int limit, long windowNanos, ConcurrentRequestWindow previous, long nowNanos) {
        this(limit, windowNanos);
        if (previous == null) {
            return;
        }
        long[] live = previous.liveTimestamps(nowNanos);
        int from = Math.max(0, live.length - limit);
        int n = 0;
        for (int i = from; i < live.length; i++, n++) {
            slots.set(n, live[i] << 1); // lap 0, parity 0
        }
        head.set(n);
    }

    public int limit() {
        return limit;
    }

    /**
     * Admits one request at {@code nowNanos} if fewer than {@code limit} were admitted in the
     * window before it. Lock-free; allocates nothing.
     */
    public boolean tryAcquire(long nowNanos) {
        long oldest = nowNanos - windowNanos;
        for (;;) {
            long n = head.get();
            long lap = n / limit; // one division: the slot index follows from it
            int i = (int) (n - lap * limit);
            long parity = lap & 1;
            long s = slots.get(i);
            if ((s & 1) == parity) {
                head.compareAndSet(n, n + 1); // admission n is claimed: help publish it
                continue;
            }
            if ((s >> 1) > oldest) {
                return false;
            }
            if (slots.compareAndSet(i, s, nowNanos << 1 | parity)) {
                head.compareAndSet(n, n + 1);
                return true;
            }
        }
    }

    /**
     * When the next request can be admitted: {@code nowNanos} if one can be now, else when the
     * oldest admission in the window leaves it. A hint for {@code retry-after}, read without locks.
     */
    public long nextFreeAt(long nowNanos) {
        long n = head.get();
        long s = slots.get((int) (n % limit));
        if ((s & 1) == ((n / limit) & 1)) {
            s = slots.get((int) ((n + 1) % limit)); // slot n is being claimed: n + 1 is the oldest
        }
        return Math.max(nowNanos, (s >> 1) + windowNanos);
    }

    /** Admissions in the window ending at {@code nowNanos}: an O(limit) scan, for snapshots and tests. */
    public int used(long nowNanos) {
        long oldest = nowNanos - windowNanos;
        int used = 0;
        for (int i = 0; i < limit; i++) {
            if ((slots.get(i) >> 1) > oldest) {
                used++;
            }
        }
        return used;
    }

    /** The timestamps still in the window, oldest first. */
    private long[] liveTimestamps(long nowNanos) {
        long oldest = nowNanos - windowNanos;
        long n = head.get();
        long[] out = new long[limit];
        int k = 0;
        for (long j = n; j < n + limit; j++) {
            long ts = slots.get((int) (j % limit)) >> 1;
            if (ts > oldest) {
                out[k++] = ts;
            }
        }
        long[] live = java.util.Arrays.copyOf(out, k);
        java.util.Arrays.sort(live);
        return live;
    }
}
