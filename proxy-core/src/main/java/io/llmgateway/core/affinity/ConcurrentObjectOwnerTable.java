package io.llmgateway.core.affinity;

import static io.netty.util.internal.ObjectUtil.checkPositive;
import static java.util.Objects.requireNonNull;

import io.llmgateway.core.limits.Ticker;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The owners of stored objects in memory: at most {@code maxEntries} ids, each for {@code ttlMs}
 * from when it was learnt; beyond the count, the oldest learnt goes first. The embedded
 * {@link ObjectOwners}, and the local copy in front of a shared one.
 *
 * <p>Thread-safe and lock-free: a {@link ConcurrentHashMap} of entries and a queue of ids in the
 * order learnt (every id has the same time to live, so the oldest learnt also expires first:
 * learning drops the expired ones at the head). The count is approximate under concurrent
 * learning (it may pass the bound by the number of threads learning at once, for as long as they
 * take to evict). An id learnt again is queued again; its older slot, when it comes up, finds a
 * newer entry and leaves it. Every operation is O(1) amortised: called on the event loops.
 */
public final class ConcurrentObjectOwnerTable implements ObjectOwners {

    /**
     * Equal only to itself: an id learnt twice in the same instant has two entries, and its old slot
     * removes only its own.
     */
    private static final class Entry {
        final String id;
        final ObjectOwner owner;
        final long expiresAtNanos;

        Entry(String id, ObjectOwner owner, long expiresAtNanos) {
            this.id = id;
            this.owner = owner;
            this.expiresAtNanos = expiresAtNanos;
        }
    }

    /**
     * Ids kept at most by default: about 100 bytes each, so some 10 MB at the bound. Beyond it, the
     * oldest go first (their requests then go to the operation's default provider).
     */
    public static final int DEFAULT_MAX_ENTRIES = 100_000;
    /** How long an owner is kept by default: 30 days, OpenAI's retention of stored responses. */
    public static final long DEFAULT_TTL_MS = 30L * 24 * 3600 * 1000;

    private final int maxEntries;
    private final long ttlNanos;
    private final Ticker ticker;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Entry> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();

    public ConcurrentObjectOwnerTable(int maxEntries, long ttlMs, Ticker ticker) {
        this.maxEntries = checkPositive(maxEntries, "maxEntries");
        this.ttlNanos = checkPositive(ttlMs, "ttlMs") * 1_000_000L;
        this.ticker = requireNonNull(ticker, "ticker");
    }

    /** The owner of {@code id}; null when unknown or expired. */
    public ObjectOwner get(String id) {
        Entry e = entries.get(id);
        if (e == null) {
            return null;
        }
        if (ticker.nanoTime() - e.expiresAtNanos >= 0) {
            entries.remove(id, e);
            return null;
        }
        return e.owner;
    }

    @Override
    public void lookup(String id, Executor loop, Consumer<ObjectOwner> found) {
        found.accept(get(id));
    }

    @Override
    public void learn(String id, ObjectOwner owner) {
        requireNonNull(id, "id");
        requireNonNull(owner, "owner");
        long now = ticker.nanoTime();
        Entry e = new Entry(id, owner, now + ttlNanos);
        entries.put(id, e);
        order.offer(e);
        queued.incrementAndGet();
        evict(now);
    }

    /** Drops the oldest entries while the table is over its count or they expired. */
    private void evict(long now) {
        for (Entry oldest; (oldest = order.peek()) != null; ) {
            if (queued.get() <= maxEntries && now - oldest.expiresAtNanos < 0) {
                return;
            }
            Entry polled = order.poll(); // the head, or a newer one when another thread took it first
            if (polled == null) {
                return;
            }
            queued.decrementAndGet();
            entries.remove(polled.id, polled); // unless learnt again since
        }
    }

    /** The ids held (expired ones not yet met included). */
    public int size() {
        return entries.size();
    }
}
