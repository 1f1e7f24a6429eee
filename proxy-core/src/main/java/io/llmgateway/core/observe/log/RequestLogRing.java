package io.llmgateway.core.observe.log;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code logging.ring_size} request-log entries in memory, for the admin API's
 * {@code GET /admin/v1/logs}: written by the observer thread, read by any thread.
 *
 * <p>One lock guards the array: the writer holds it for one slot assignment, a reader for one pass
 * over at most the ring's size — both rare enough (an entry per request on one thread, an admin
 * call now and then) that it is never contended for long.
 */
public final class RequestLogRing {

    /**
     * What a read keeps.
     *
     * @param limit    entries returned at most (newest first)
     * @param provider only entries of this provider; null for any
     * @param status   only entries with this status; 0 for any
     * @param key      only entries whose provider key id or client key id is this; null for any
     */
    public record Filter(int limit, String provider, int status, String key) {

        public Filter {
            if (limit < 0) {
                throw new IllegalArgumentException("limit: " + limit + " (expected: >= 0)");
            }
        }

        /** Every entry, up to {@code limit}. */
        public static Filter newest(int limit) {
            return new Filter(limit, null, 0, null);
        }

        boolean keeps(RequestLogEntry e) {
            return (provider == null || provider.equals(e.provider()))
                    && (status == 0 || status == e.status())
                    && (key == null || key.equals(e.keyId()) || key.equals(e.clientKeyId()));
        }
    }

    private final RequestLogEntry[] entries;
    private long written;

    /** @param capacity entries kept; 0 keeps none */
    public RequestLogRing(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 0)");
        }
        this.entries = new RequestLogEntry[capacity];
    }

    /** Entries kept at most. */
    public int capacity() {
        return entries.length;
    }

    /** Keeps {@code entry}, forgetting the oldest when full. */
    public void add(RequestLogEntry entry) {
        if (entries.length == 0) {
            return;
        }
        synchronized (entries) {
            entries[(int) (written % entries.length)] = entry;
            written++;
        }
    }

    /** The entries {@code filter} keeps, newest first. */
    public List<RequestLogEntry> read(Filter filter) {
        List<RequestLogEntry> out = new ArrayList<>(Math.min(filter.limit(), entries.length));
        synchronized (entries) {
            long oldest = Math.max(0, written - entries.length);
            for (long i = written - 1; i >= oldest && out.size() < filter.limit(); i--) {
                RequestLogEntry e = entries[(int) (i % entries.length)];
                if (filter.keeps(e)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** The newest of {@code others}'s entries, as many as fit, in their order (a resized ring on reload). */
    void copyFrom(RequestLogRing others) {
        List<RequestLogEntry> newest = others.read(Filter.newest(entries.length));
        for (int i = newest.size() - 1; i >= 0; i--) {
            add(newest.get(i));
        }
    }
}
