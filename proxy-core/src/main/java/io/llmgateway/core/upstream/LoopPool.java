package io.llmgateway.core.upstream;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The idle keep-alive connections of one event loop, per origin. Confined to that loop: plain
 * collections, no locks. Most recently used first (LIFO), so warm connections are reused and the
 * surplus ages out; a periodic sweep closes connections idle longer than the configured timeout.
 */
final class LoopPool {

    private final EventLoop loop;
    private final int maxIdlePerOrigin;
    private final long idleTimeoutNanos;
    private final Map<Origin, ArrayDeque<UpstreamConnection>> idle = new HashMap<>();
    private boolean sweeping;
    private boolean closed;

    LoopPool(EventLoop loop, int maxIdlePerOrigin, long idleTimeoutMs) {
        this.loop = loop;
        this.maxIdlePerOrigin = maxIdlePerOrigin;
        this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMs);
    }

    EventLoop loop() {
        return loop;
    }

    /** An idle, still-open connection to {@code origin}, or null. */
    UpstreamConnection poll(Origin origin) {
        ArrayDeque<UpstreamConnection> q = idle.get(origin);
        if (q == null) {
            return null;
        }
        UpstreamConnection c;
        while ((c = q.pollFirst()) != null) {
            if (c.channel().isActive()) {
                return c;
            }
        }
        return null;
    }

    /** Parks a connection; false (caller closes it) when the pool is full or shut. */
    boolean offer(UpstreamConnection c) {
        if (closed || maxIdlePerOrigin == 0) {
            return false;
        }
        ArrayDeque<UpstreamConnection> q = idle.computeIfAbsent(c.origin(), o -> new ArrayDeque<>());
        if (q.size() >= maxIdlePerOrigin) {
            return false;
        }
        q.addFirst(c);
        scheduleSweep();
        return true;
    }

    void remove(UpstreamConnection c) {
        ArrayDeque<UpstreamConnection> q = idle.get(c.origin());
        if (q != null) {
            q.remove(c);
        }
    }

    /** Number of idle connections to {@code origin} (for tests and the admin API). */
    int idleCount(Origin origin) {
        ArrayDeque<UpstreamConnection> q = idle.get(origin);
        return q == null ? 0 : q.size();
    }

    void closeAll() {
        closed = true;
        for (ArrayDeque<UpstreamConnection> q : idle.values()) {
            for (UpstreamConnection c : q) {
                c.channel().close();
            }
            q.clear();
        }
    }

    private void scheduleSweep() {
        if (sweeping) {
            return;
        }
        sweeping = true;
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(100), idleTimeoutNanos / 2);
        loop.schedule(this::sweep, period, TimeUnit.NANOSECONDS);
    }

    private void sweep() {
        sweeping = false;
        long now = System.nanoTime();
        boolean any = false;
        for (ArrayDeque<UpstreamConnection> q : idle.values()) {
            // Oldest at the tail.
            Iterator<UpstreamConnection> it = q.descendingIterator();
            while (it.hasNext()) {
                UpstreamConnection c = it.next();
                if (now - c.idleSinceNanos() >= idleTimeoutNanos) {
                    it.remove();
                    c.channel().close();
                } else {
                    break;
                }
            }
            any |= !q.isEmpty();
        }
        if (any && !closed) {
            scheduleSweep();
        }
    }
}
