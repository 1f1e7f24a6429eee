package io.llmgateway.core.server;

import io.llmgateway.core.limits.BudgetedCompositeByteBuf;
import io.llmgateway.core.limits.ConcurrentMemoryBudget;
import io.netty.buffer.ByteBufAllocator;

/**
 * The part of the memory budget held for the body being received on one connection, between
 * {@link BodyBudget}, which reserves it before the bytes are read, and {@link BodyCollector},
 * which holds the bytes: when the body is complete the reservation moves into the body's buffer
 * ({@link #handTo}), which gives it back when it is freed, whoever frees it; a body that never
 * gets that far is released by {@link BodyBudget} when the request ends.
 *
 * <pre>
 *   BodyBudget:     reservation.grow(contentLength)     false: 503, nothing read
 *   BodyCollector:  body = reservation.newBody(alloc)    ... body complete:
 *                   reservation.handTo(body)             the body's deallocation gives it back
 *   BodyBudget:     reservation.release()                at the request's end: what was not handed on
 * </pre>
 *
 * <p>One per connection, confined to its event loop.
 */
final class BodyReservation {

    private final ConcurrentMemoryBudget budget;
    private long bytes;

    BodyReservation(ConcurrentMemoryBudget budget) {
        this.budget = budget;
    }

    /** Reserves {@code more} bytes; false (nothing reserved) when they do not fit in the budget. */
    boolean grow(long more) {
        if (more <= 0) {
            return true;
        }
        if (!budget.tryReserve(more)) {
            return false;
        }
        bytes += more;
        return true;
    }

    /** The bytes reserved and not handed on. */
    long bytes() {
        return bytes;
    }

    ConcurrentMemoryBudget budget() {
        return budget;
    }

    /** An empty buffer for a body, able to hold this reservation. */
    BudgetedCompositeByteBuf newBody(ByteBufAllocator alloc) {
        return new BudgetedCompositeByteBuf(alloc, budget);
    }

    /** Moves the reservation into {@code body}: freeing the body gives it back from now on. */
    void handTo(BudgetedCompositeByteBuf body) {
        body.holdReservation(bytes);
        bytes = 0;
    }

    /** Gives back what is reserved and was not handed on. */
    void release() {
        if (bytes > 0) {
            long b = bytes;
            bytes = 0;
            budget.release(b);
        }
    }
}
