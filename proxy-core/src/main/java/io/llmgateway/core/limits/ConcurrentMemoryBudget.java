package io.llmgateway.core.limits;

import io.netty.util.internal.PlatformDependent;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes the gateway may hold at once for messages it buffers — the request bodies being
 * received, and later the responses the proxy must read whole — shared by every event loop
 * without locks. Whoever is about to hold bytes reserves them first and gives them back exactly
 * once, when the memory is freed; a reservation that does not fit is refused whole, so the sum
 * held never exceeds {@link #limit()}.
 *
 * <pre>
 *   if (!budget.tryReserve(contentLength)) {
 *       // 503 server_overloaded: the bytes are never read
 *   }
 *   ...
 *   budget.release(contentLength);            // once, when the buffer holding them is freed
 * </pre>
 *
 * <p>One {@code AtomicLong}: a reservation is a CAS loop on the amount in use, a release one
 * atomic add; neither allocates. {@link BudgetedCompositeByteBuf} ties a release to a buffer's
 * deallocation, for buffers whose last owner is not known in advance.
 */
public final class ConcurrentMemoryBudget {

    /** The share of the smaller of the heap and direct-memory maxima that {@link #derivedLimit} gives. */
    public static final int DERIVED_DIVISOR = 4;

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    public ConcurrentMemoryBudget(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
        }
        this.limit = limit;
    }

    /**
     * The default budget: a quarter of the smaller of {@code maxHeapBytes} and
     * {@code maxDirectBytes}. A message costs its size in (direct) buffers — the routing scan
     * skips long strings in place — plus what a translation of a buffered answer builds in heap
     * for a moment: at a quarter, buffered messages leave most of both memories to everything
     * else (streams, connections, the JVM), which the flood measurement in BENCHMARKS.md bears out.
     */
    public static long derivedLimit(long maxHeapBytes, long maxDirectBytes) {
        long smaller = Math.min(maxHeapBytes, maxDirectBytes);
        return Math.max(1, smaller / DERIVED_DIVISOR);
    }

    /** {@link #derivedLimit(long, long)} of this JVM: {@code -Xmx} and Netty's direct-memory limit. */
    public static long derivedLimit() {
        return derivedLimit(Runtime.getRuntime().maxMemory(), PlatformDependent.maxDirectMemory());
    }

    /**
     * Reserves {@code bytes} if they fit under the limit with everything already reserved.
     * Lock-free; allocates nothing.
     *
     * @return whether the bytes were reserved (all of them; none when false)
     */
    public boolean tryReserve(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
        }
        for (;;) {
            long now = used.get();
            long next = now + bytes;
            if (next > limit || next < 0) {
                return false;
            }
            if (used.compareAndSet(now, next)) {
                return true;
            }
        }
    }

    /**
     * Gives back {@code bytes} reserved earlier, exactly once per reservation.
     *
     * @throws IllegalStateException when more is given back than is reserved (a double release)
     */
    public void release(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
        }
        long after = used.addAndGet(-bytes);
        if (after < 0) {
            used.addAndGet(bytes);
            throw new IllegalStateException("released " + bytes + " bytes with only " + (after + bytes)
                    + " reserved (expected: each reservation given back once)");
        }
    }

    /** Bytes reserved now. */
    public long used() {
        return used.get();
    }

    /** The most that may be reserved at once. */
    public long limit() {
        return limit;
    }
}
