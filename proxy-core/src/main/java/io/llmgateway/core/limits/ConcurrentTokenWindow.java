package io.llmgateway.core.limits;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A sliding-window budget of units (tokens, or requests above the exact ring's size) with
 * reservation at admission and settlement against the real count later, shared by every thread
 * without locks.
 *
 * <p>Time is cut into epochs of {@code windowNanos / slices}; a ring of {@code slices + 1}
 * buckets holds the units reserved in each of the last {@code slices + 1} epochs. Each bucket packs
 * {@code epochTag << 40 | units} in one long, so rotating it to a new epoch, adding a reservation
 * and settling one are single CASes. {@link #total} is the running sum of the live buckets; it is
 * the only thing admission reads, and it only ever over-counts for an instant (units are added to
 * it before their bucket and removed from it after their bucket), so admission is conservative.
 *
 * <p>Units reserved in epoch {@code k} stay counted until epoch {@code k + slices + 1} begins:
 * between one window and one window plus one slice after their reservation, never less, so the
 * budget holds over every exact window.
 *
 * <p>Settling moves the difference between the real count and the reservation into the bucket of
 * the reservation; if that bucket has already left the window, its units have already expired
 * and the difference is dropped.
 */
public final class ConcurrentTokenWindow {

    /** {@link #tryReserve} could not fit the units. */
    public static final long REJECTED = Long.MIN_VALUE;

    /** No budget: every reservation fits (the window still counts usage). */
    public static final long UNLIMITED = Long.MAX_VALUE;

    /** Units a single bucket can hold: 2^40 - 1, above the largest configurable tokens-per-minute. */
    public static final long MAX_UNITS = (1L << 40) - 1;

    private static final int UNIT_BITS = 40;
    private static final long TAG_MASK = (1L << 23) - 1;
    private static final long HALF_TAG = TAG_MASK >> 1;

    private final long limit;
    private final long sliceNanos;
    private final int buckets;
    private final long windowNanos;
    private final AtomicLongArray cells;
    private final AtomicLong total = new AtomicLong();
    /** Every epoch up to this one has had its bucket emptied of units older than the window. */
    private final AtomicLong cleaned = new AtomicLong(Long.MIN_VALUE);

    /**
     * @param limit       units allowed in a window, or {@link #UNLIMITED}
     * @param windowNanos the window (60 s for per-minute limits)
     * @param slices      epochs per window: the resolution of the sliding window
     */
    public ConcurrentTokenWindow(long limit, long windowNanos, int slices) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
        }
        if (slices < 1 || windowNanos / slices <= 0) {
            throw new IllegalArgumentException("slices: " + slices + " (expected: 1.." + windowNanos + ")");
        }
        this.limit = limit;
        this.windowNanos = windowNanos;
        this.sliceNanos = windowNanos / slices;
        this.buckets = slices + 1;
        this.cells = new AtomicLongArray(buckets);
        // Every cell starts as (tag 0, empty): isOlder treats an empty cell as free to rotate.
    }

    /** A window of 60 one-second slices. */
    public static ConcurrentTokenWindow perMinute(long limit) {
        return new ConcurrentTokenWindow(limit, 60_000_000_000L, 60);
    }

    /**
     * A window that starts with the usage of {@code previous} (put in the current epoch, so it
     * stays a little longer than it would have), for limit changes on reload.
     */
    public ConcurrentTokenWindow(long limit, long windowNanos, int slices, ConcurrentTokenWindow previous,
            long nowNanos) {
        this(limit, windowNanos, slices);
        if (previous != null) {
            long used = previous.used(nowNanos);
            if (used > 0) {
                add(epoch(nowNanos), used);
                total.addAndGet(used);
            }
        }
    }

    public long limit() {
        return limit;
    }

    public boolean unlimited() {
        return limit == UNLIMITED;
    }

    /**
     * Reserves {@code units} at {@code nowNanos} if they fit in the window's budget. A reservation
     * larger than the whole budget is cut to the budget (it waits for an empty window rather than
     * never going). Lock-free; allocates nothing.
     *
     * @return the epoch to pass to {@link #settle}, or {@link #REJECTED}
     */
    public long tryReserve(long units, long nowNanos) {
        long e = epoch(nowNanos);
        expire(e);
        long u = clampUnits(units);
        for (;;) {
            long t = total.get();
            if (limit != UNLIMITED && t + u > limit) {
                return REJECTED;
            }
            if (total.compareAndSet(t, t + u)) {
                break;
            }
        }
        add(e, u);
        return e;
    }

    /** The units a reservation of {@code units} actually takes (see {@link #tryReserve}). */
    public long clampUnits(long units) {
        long u = Math.max(0, Math.min(units, MAX_UNITS));
        return limit == UNLIMITED ? u : Math.min(u, limit);
    }

    /**
     * Replaces a reservation of {@code reserved} units made in {@code epoch} by {@code actual}
     * units. Lock-free; allocates nothing.
     */
    public void settle(long epoch, long reserved, long actual) {
        long delta = Math.max(0, Math.min(actual, MAX_UNITS)) - reserved;
        if (delta == 0) {
            return;
        }
        if (delta > 0) {
            total.addAndGet(delta); // first: admission must never see less than is in the buckets
        }
        int idx = index(epoch);
        long tag = epoch & TAG_MASK;
        for (;;) {
            long v = cells.get(idx);
            if (tagOf(v) != tag) {
                if (delta > 0) {
                    total.addAndGet(-delta); // the reservation has left the window: so has its usage
                }
                return;
            }
            long units = unitsOf(v);
            long next = Math.max(0, Math.min(MAX_UNITS, units + delta));
            if (cells.compareAndSet(idx, v, pack(tag, next))) {
                long applied = next - units;
                if (delta > 0) {
                    if (applied != delta) {
                        total.addAndGet(applied - delta);
                    }
                } else {
                    total.addAndGet(applied);
                }
                return;
            }
        }
    }

    /** Units in the window ending at {@code nowNanos}, reservations included. O(1) unless epochs passed. */
    public long used(long nowNanos) {
        expire(epoch(nowNanos));
        return Math.max(0, total.get());
    }

    /** The remaining budget at {@code nowNanos}; {@link #UNLIMITED} when there is no budget. */
    public long remaining(long nowNanos) {
        return limit == UNLIMITED ? UNLIMITED : Math.max(0, limit - used(nowNanos));
    }

    /**
     * When {@code units} will fit: {@code nowNanos} if they fit now, else the start of the first
     * epoch in which enough reserved units have left the window. O(slices): for the refusal path.
     */
    public long nextFreeAt(long units, long nowNanos) {
        long e = epoch(nowNanos);
        expire(e);
        long u = clampUnits(units);
        long t = total.get();
        if (limit == UNLIMITED || t + u <= limit) {
            return nowNanos;
        }
        long freed = 0;
        for (long k = e - buckets + 1; k <= e; k++) {
            long v = cells.get(index(k));
            if (tagOf(v) == (k & TAG_MASK)) {
                freed += unitsOf(v);
            }
            if (t - freed + u <= limit) {
                return Math.max(nowNanos, (k + buckets) * sliceNanos);
            }
        }
        return Math.max(nowNanos, (e + buckets) * sliceNanos);
    }

    /** When everything now in the window will have left it: {@code nowNanos} when it is empty. */
    public long emptyAt(long nowNanos) {
        long e = epoch(nowNanos);
        expire(e);
        for (long k = e; k > e - buckets; k--) {
            long v = cells.get(index(k));
            if (tagOf(v) == (k & TAG_MASK) && unitsOf(v) > 0) {
                return (k + buckets) * sliceNanos;
            }
        }
        return nowNanos;
    }

    public long windowNanos() {
        return windowNanos;
    }

    long epoch(long nowNanos) {
        return Math.floorDiv(nowNanos, sliceNanos);
    }

    /**
     * Empties, once, the buckets that epochs after {@link #cleaned} up to {@code e} reuse. The
     * common case — no new epoch since the last call — is one volatile read.
     */
    private void expire(long e) {
        long c = cleaned.get();
        if (c >= e) {
            return;
        }
        for (long k = Math.max(c == Long.MIN_VALUE ? e : c + 1, e - buckets + 1); k <= e; k++) {
            rotate(k);
        }
        while (c < e && !cleaned.compareAndSet(c, e)) {
            c = cleaned.get();
        }
    }

    /** Makes the bucket of epoch {@code k} hold epoch {@code k} (empty if it held an older one). */
    private void rotate(long k) {
        int idx = index(k);
        long tag = k & TAG_MASK;
        for (;;) {
            long v = cells.get(idx);
            if (!isOlder(v, tag)) {
                return; // already epoch k, or a later one (this thread is behind)
            }
            if (cells.compareAndSet(idx, v, pack(tag, 0))) {
                long units = unitsOf(v);
                if (units != 0) {
                    total.addAndGet(-units);
                }
                return;
            }
        }
    }

    /** Adds units to the bucket of epoch {@code e}, rotating it first if it still holds an older epoch. */
    private void add(long e, long units) {
        int idx = index(e);
        long tag = e & TAG_MASK;
        for (;;) {
            long v = cells.get(idx);
            if (!isOlder(v, tag)) {
                long next = Math.min(MAX_UNITS, unitsOf(v) + units);
                if (cells.compareAndSet(idx, v, pack(tagOf(v), next))) {
                    return;
                }
            } else if (cells.compareAndSet(idx, v, pack(tag, units))) {
                long old = unitsOf(v);
                if (old != 0) {
                    total.addAndGet(-old);
                }
                return;
            }
        }
    }

    /**
     * Whether bucket {@code v} holds an epoch before the one tagged {@code tag}. Tags wrap (23 bits
     * of epochs), so "before" means less than half the tag space behind; an empty bucket is always
     * before, whatever its tag, so the initial buckets and a thread that is behind cannot confuse it.
     */
    private static boolean isOlder(long v, long tag) {
        long age = (tag - tagOf(v)) & TAG_MASK;
        return age != 0 && (age <= HALF_TAG || unitsOf(v) == 0);
    }

    private int index(long epoch) {
        return (int) Math.floorMod(epoch, (long) buckets);
    }

    private static long pack(long tag, long units) {
        return tag << UNIT_BITS | units;
    }

    private static long tagOf(long v) {
        return v >>> UNIT_BITS;
    }

    private static long unitsOf(long v) {
        return v & MAX_UNITS;
    }
}
