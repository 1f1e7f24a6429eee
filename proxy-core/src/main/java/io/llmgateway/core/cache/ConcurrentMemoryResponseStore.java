package io.llmgateway.core.cache;

import static io.netty.util.internal.ObjectUtil.checkPositive;
import static java.util.Objects.requireNonNull;

import io.llmgateway.core.limits.Ticker;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The embedded {@link ResponseStore}: answers in memory within a byte budget, each served until its
 * time to live is over, the least recently used dropped first when the budget is full.
 *
 * <p>Thread-safe through lock striping: the keys are spread over up to 16 segments, each an
 * access-ordered {@link LinkedHashMap} with its share of the budget, guarded by its own monitor.
 * Critical sections are a hash lookup and a relink (get), or an insert and the removal of the
 * eldest entries (put): no I/O, no copying of answers, no allocation but the entry itself on put.
 * An answer is weighed by its length plus {@link #ENTRY_OVERHEAD}; one heavier than a segment's
 * share is not stored. An expired answer is dropped when it is next asked for, or as the eldest.
 */
public final class ConcurrentMemoryResponseStore implements ResponseStore {

    /** What an entry costs besides its answer: the key, the entry, the map node (an estimate). */
    static final int ENTRY_OVERHEAD = 160;
    private static final int MAX_SEGMENTS = 16;

    private final Segment[] segments;
    private final Ticker ticker;

    /**
     * @param maxBytes      the budget of all answers and their overhead
     * @param maxEntryBytes the largest answer to be stored: segments are never smaller than it
     */
    public ConcurrentMemoryResponseStore(long maxBytes, int maxEntryBytes, Ticker ticker) {
        checkPositive(maxBytes, "maxBytes");
        checkPositive(maxEntryBytes, "maxEntryBytes");
        this.ticker = requireNonNull(ticker, "ticker");
        int n = (int) Math.max(1, Math.min(MAX_SEGMENTS, maxBytes / (maxEntryBytes + (long) ENTRY_OVERHEAD)));
        n = Integer.highestOneBit(n);
        segments = new Segment[n];
        for (int i = 0; i < n; i++) {
            segments[i] = new Segment(maxBytes / n);
        }
    }

    @Override
    public void get(CacheKey key, Executor loop, Consumer<byte[]> found) {
        found.accept(get(key));
    }

    /** The answer stored under {@code key}; null when none, or expired. */
    public byte[] get(CacheKey key) {
        return segment(key).get(key, ticker.nanoTime());
    }

    @Override
    public void put(CacheKey key, byte[] answer, long ttlMs) {
        checkPositive(ttlMs, "ttlMs");
        long now = ticker.nanoTime();
        long ttlNanos = ttlMs > Long.MAX_VALUE / 2_000_000 ? Long.MAX_VALUE / 2 : ttlMs * 1_000_000;
        segment(key).put(key, new Entry(answer, now + ttlNanos));
    }

    @Override
    public long bytes() {
        long sum = 0;
        for (Segment s : segments) {
            sum += s.bytes();
        }
        return sum;
    }

    @Override
    public long entries() {
        long sum = 0;
        for (Segment s : segments) {
            sum += s.entries();
        }
        return sum;
    }

    @Override
    public long evictions() {
        long sum = 0;
        for (Segment s : segments) {
            sum += s.evictions();
        }
        return sum;
    }

    private Segment segment(CacheKey key) {
        // the key is a SHA-256: its bits are already spread
        return segments[key.hashCode() & (segments.length - 1)];
    }

    private record Entry(byte[] answer, long expiresAtNanos) {

        long weight() {
            return answer.length + (long) ENTRY_OVERHEAD;
        }
    }

    private static final class Segment {

        private final long maxBytes;
        private final LinkedHashMap<CacheKey, Entry> map = new LinkedHashMap<>(64, 0.75f, true);
        private long bytes;
        private long evictions;

        Segment(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        synchronized byte[] get(CacheKey key, long now) {
            Entry e = map.get(key);
            if (e == null) {
                return null;
            }
            if (now - e.expiresAtNanos() >= 0) {
                map.remove(key);
                bytes -= e.weight();
                return null;
            }
            return e.answer();
        }

        synchronized void put(CacheKey key, Entry e) {
            if (e.weight() > maxBytes) {
                return;
            }
            Entry old = map.put(key, e);
            bytes += e.weight() - (old == null ? 0 : old.weight());
            Iterator<Map.Entry<CacheKey, Entry>> eldest = map.entrySet().iterator();
            while (bytes > maxBytes && eldest.hasNext()) {
                Entry gone = eldest.next().getValue();
                eldest.remove();
                bytes -= gone.weight();
                evictions++;
            }
        }

        synchronized long bytes() {
            return bytes;
        }

        synchronized long entries() {
            return map.size();
        }

        synchronized long evictions() {
            return evictions;
        }
    }
}
