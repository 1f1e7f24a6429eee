package io.llmgateway.core.limits;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-client-IP limits shared by every event loop without locks: open connections
 * ({@code max_connections}) and a request rate ({@code requests_per_second} with a {@code burst}),
 * each 0 for none.
 *
 * <pre>
 *   Entry client = limits.openConnection(ip);   // null: the address has its connections already
 *   long waitNanos = limits.tryRequest(client); // 0: admitted; otherwise refused for that long
 *   limits.closeConnection(client);             // once per connection opened
 * </pre>
 *
 * <p>The rate is a token bucket kept as one number, the theoretical arrival time of the generic
 * cell rate algorithm: each request moves it one interval ({@code 1 / requests_per_second}) into
 * the future, from now at the earliest, and is refused when that would put it more than
 * {@code burst} intervals ahead. One CAS per request on the client's entry, no allocation.
 *
 * <p>Memory is bounded: at most {@code maxTracked} addresses have an entry. An entry is evicted
 * once idle (no connection open, its bucket full again), by a sweep that runs at most every
 * {@link #SWEEP_INTERVAL_NANOS} or when the table is full. When the table is full of addresses
 * that are all active, a new address is not limited ({@link #isTracked} is false for its entry):
 * refusing every new client because others are active would turn a bound on memory into an
 * outage. An entry being evicted is marked dead first (its connection count CAS'd from 0 to
 * {@link #DEAD}); a thread that finds its entry dead looks the address up again, so no connection
 * or request is counted on an entry that has left the table.
 */
public final class ConcurrentIpLimits {

    /** How often idle entries are swept out at most, unless the table is full. */
    public static final long SWEEP_INTERVAL_NANOS = 10_000_000_000L;
    private static final int DEAD = Integer.MIN_VALUE;
    private static final VarHandle CONNECTIONS;
    private static final VarHandle ARRIVAL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CONNECTIONS = l.findVarHandle(Entry.class, "connections", int.class);
            ARRIVAL = l.findVarHandle(Entry.class, "arrival", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int maxConnections;
    private final long intervalNanos;
    private final long burstNanos;
    private final int maxTracked;
    private final Ticker ticker;
    private final ConcurrentHashMap<ClientIp, Entry> entries = new ConcurrentHashMap<>();
    private final Entry untracked = new Entry(null);
    private final AtomicLong nextSweep = new AtomicLong();

    /**
     * @param maxConnections    open connections per address, 0 for no limit
     * @param requestsPerSecond sustained requests per second per address, 0 for no limit
     * @param burst             requests an address may send at once (at least 1 when there is a rate)
     * @param maxTracked        addresses kept at most
     */
    public ConcurrentIpLimits(int maxConnections, double requestsPerSecond, int burst, int maxTracked, Ticker ticker) {
        if (maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: >= 0)");
        }
        if (!(requestsPerSecond >= 0)) {
            throw new IllegalArgumentException("requestsPerSecond: " + requestsPerSecond + " (expected: >= 0)");
        }
        if (requestsPerSecond > 0 && burst < 1) {
            throw new IllegalArgumentException("burst: " + burst + " (expected: >= 1 with a rate)");
        }
        if (maxTracked < 1) {
            throw new IllegalArgumentException("maxTracked: " + maxTracked + " (expected: >= 1)");
        }
        this.maxConnections = maxConnections;
        this.intervalNanos = requestsPerSecond == 0 ? 0 : Math.max(1, Math.round(1e9 / requestsPerSecond));
        this.burstNanos = intervalNanos * burst;
        this.maxTracked = maxTracked;
        this.ticker = ticker;
        this.nextSweep.set(ticker.nanoTime() + SWEEP_INTERVAL_NANOS);
    }

    /** One address's state: its open connections and its bucket. Opaque outside this class. */
    public static final class Entry {
        private final ClientIp ip;
        @SuppressWarnings("unused") // through CONNECTIONS
        private volatile int connections;
        @SuppressWarnings("unused") // through ARRIVAL
        private volatile long arrival;

        private Entry(ClientIp ip) {
            this.ip = ip;
        }
    }

    /**
     * Counts a new connection from {@code ip}.
     *
     * @return the address's entry, to pass to {@link #tryRequest(Entry)} and {@link #closeConnection};
     *         null when the address has {@code maxConnections} open already (nothing counted)
     */
    public Entry openConnection(ClientIp ip) {
        for (;;) {
            Entry e = entry(ip);
            if (e == untracked) {
                return e;
            }
            int n = (int) CONNECTIONS.getVolatile(e);
            if (n == DEAD) {
                continue;
            }
            if (maxConnections > 0 && n >= maxConnections) {
                return null;
            }
            if (CONNECTIONS.compareAndSet(e, n, n + 1)) {
                return e;
            }
        }
    }

    /** Gives back the connection counted by {@link #openConnection}; exactly once per connection. */
    public void closeConnection(Entry e) {
        if (e != untracked) {
            CONNECTIONS.getAndAdd(e, -1);
        }
    }

    /**
     * Takes one request of the rate of the address of {@code e}, an entry held by an open
     * connection (which keeps it from being evicted).
     *
     * @return 0 when admitted, otherwise how long until a request would be (nanoseconds)
     */
    public long tryRequest(Entry e) {
        return intervalNanos == 0 || e == untracked ? 0 : take(e, ticker.nanoTime());
    }

    /**
     * Takes one request of the rate of {@code ip}, whether or not it has a connection (an address
     * forwarded by a trusted proxy).
     *
     * @return 0 when admitted, otherwise how long until a request would be (nanoseconds)
     */
    public long tryRequest(ClientIp ip) {
        if (intervalNanos == 0) {
            return 0;
        }
        for (;;) {
            Entry e = entry(ip);
            if (e == untracked) {
                return 0;
            }
            long wait = take(e, ticker.nanoTime());
            if ((int) CONNECTIONS.getVolatile(e) != DEAD) {
                return wait;
            }
            // Evicted meanwhile: counted on an entry no one will see again, so count it on the new one.
        }
    }

    private long take(Entry e, long now) {
        for (;;) {
            long arrival = (long) ARRIVAL.getVolatile(e);
            long next = Math.max(arrival, now) + intervalNanos;
            long wait = next - now - burstNanos;
            if (wait > 0) {
                return wait;
            }
            if (ARRIVAL.compareAndSet(e, arrival, next)) {
                return 0;
            }
        }
    }

    /** False for the entry of an address seen while the table was full: it is not limited. */
    public boolean isTracked(Entry e) {
        return e != untracked;
    }

    /** Addresses with an entry now. */
    public int tracked() {
        return entries.size();
    }

    private Entry entry(ClientIp ip) {
        Entry e = entries.get(ip);
        if (e != null) {
            return e;
        }
        long now = ticker.nanoTime();
        boolean full = entries.size() >= maxTracked;
        long due = nextSweep.get();
        if ((full || now - due >= 0) && nextSweep.compareAndSet(due, now + (full ? SWEEP_INTERVAL_NANOS / 10
                : SWEEP_INTERVAL_NANOS))) {
            sweep(now);
            full = entries.size() >= maxTracked;
        }
        if (full) {
            return untracked;
        }
        return entries.computeIfAbsent(ip, Entry::new);
    }

    /** Evicts the idle entries: no connection open and the bucket full again. */
    private void sweep(long now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if ((long) ARRIVAL.getVolatile(e) - now <= 0 && CONNECTIONS.compareAndSet(e, 0, DEAD)) {
                entries.remove(e.ip, e);
            }
        }
    }
}
