package io.llmgateway.core.balance;

import java.util.ArrayDeque;

/**
 * What each thread keeps for balancing, so that selecting and releasing allocate nothing in
 * steady state: the {@link Selection} in progress and a pool of released {@link AcquiredLease}s.
 *
 * <p>Thread confinement: one instance per thread (a {@link ThreadLocal}; the balancer runs on event
 * loops, but also on any thread that releases a lease), never shared, so plain fields and an
 * {@link ArrayDeque} suffice. A lease goes back to the pool of the thread that releases it.
 */
final class SelectionScratch {

    /** Released leases a thread keeps for reuse; beyond this the garbage collector takes them. */
    private static final int POOL_MAX = 256;
    private static final ThreadLocal<SelectionScratch> LOCAL = ThreadLocal.withInitial(SelectionScratch::new);

    final Selection selection = new Selection();
    private final ArrayDeque<AcquiredLease> pool = new ArrayDeque<>(POOL_MAX);

    private SelectionScratch() {
    }

    static SelectionScratch get() {
        return LOCAL.get();
    }

    /** A released lease to reuse, or a new one. */
    AcquiredLease lease() {
        AcquiredLease l = pool.pollFirst();
        return l != null ? l : new AcquiredLease();
    }

    /** Keeps a released lease for this thread's next acquire. */
    static void recycle(AcquiredLease l) {
        ArrayDeque<AcquiredLease> pool = LOCAL.get().pool;
        if (pool.size() < POOL_MAX) {
            pool.offerFirst(l);
        }
    }

    /** The key slots refused by {@code max_concurrent} in this thread's last selection. */
    static long lastFullKeys() {
        return LOCAL.get().selection.fullKeys;
    }
}
