package io.llmgateway.core.limits;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;

/**
 * A composite buffer that gives the bytes reserved for it back to a {@link ConcurrentMemoryBudget}
 * when it is freed — whoever releases it last, whenever, and whatever derived buffers (slices,
 * duplicates) kept it alive until then. The request body is one: reserved while it is received,
 * handed to the proxy, released by whichever ending comes first; the budget learns of it without
 * the proxy knowing there is one.
 *
 * <pre>
 *   BudgetedCompositeByteBuf body = new BudgetedCompositeByteBuf(alloc, budget);
 *   body.addComponent(true, chunk);           // the bytes were reserved in the budget beforehand
 *   body.holdReservation(reserved);           // from now on, freeing the body gives them back
 * </pre>
 *
 * <p>Built directly rather than by the allocator, it tracks its own leaks (at Netty's leak
 * detection level, like the allocator's composites); its components are tracked as theirs are.
 * The reservation is set by the owner before the buffer is handed on, on the owner's thread.
 */
public final class BudgetedCompositeByteBuf extends CompositeByteBuf {

    private static final ResourceLeakDetector<ByteBuf> LEAKS =
            ResourceLeakDetectorFactory.instance().newResourceLeakDetector(ByteBuf.class);

    private final ConcurrentMemoryBudget budget;
    private final ResourceLeakTracker<ByteBuf> leak;
    private long reserved;

    public BudgetedCompositeByteBuf(ByteBufAllocator alloc, ConcurrentMemoryBudget budget) {
        super(alloc, true, Integer.MAX_VALUE);
        this.budget = budget;
        this.leak = LEAKS.track(this);
    }

    /** Makes {@code bytes}, reserved in the budget already, this buffer's to give back when it is freed. */
    public void holdReservation(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
        }
        reserved += bytes;
    }

    /** The bytes this buffer gives back when it is freed. */
    public long reservation() {
        return reserved;
    }

    @Override
    protected void deallocate() {
        super.deallocate();
        if (leak != null) {
            leak.close(this);
        }
        long bytes = reserved;
        reserved = 0;
        if (bytes > 0) {
            budget.release(bytes);
        }
    }
}
