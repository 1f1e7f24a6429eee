package io.llmgateway.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The contract on the reference store, whose clock the test moves; and what needs that clock: the
 * window sliding, a refusal's exact wait, giving back to a bucket that has left.
 */
class MemoryRuntimeStoreTest extends RuntimeStoreContract {

    /** 2026-06-01T00:00:00.250Z: a quarter into a second, so that waits are not whole seconds. */
    private final AtomicLong clock = new AtomicLong(1_780_272_000_250L);

    @Override
    protected RuntimeStore newStore() {
        return new MemoryRuntimeStore(clock::get);
    }

    @Override
    protected RuntimeStore peer() {
        return store;
    }

    @Override
    protected RuntimeStore isolated() {
        return new MemoryRuntimeStore(clock::get);
    }

    @Override
    protected long now() {
        return clock.get();
    }

    @Override
    protected void afterMillis(long millis, String what, BooleanSupplier condition) {
        clock.addAndGet(millis);
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    @Test
    void aRefusalWaitsUntilTheOldestBucketThatFreesEnoughLeaves() {
        long start = clock.get();
        store.lease("s", 10, 0, 4, 0, 0);
        clock.addAndGet(10_000);
        store.lease("s", 10, 0, 6, 0, 0);
        clock.addAndGet(5_000);
        Grant refused = store.lease("s", 10, 0, 1, 0, 0);
        assertThat(refused.requests()).isZero();
        // the first bucket (4 requests) leaves 61 s after its second began
        long firstSecondStart = start / 1000 * 1000;
        assertThat(refused.requestsFreeInMs()).isEqualTo(firstSecondStart + 61_000 - clock.get());

        clock.set(firstSecondStart + 61_000);
        assertThat(store.lease("s", 10, 0, 10, 0, 0).requests()).as("the first bucket left").isEqualTo(4);
    }

    @Test
    void theWindowCountsTheCurrentSecondAndTheSixtyBeforeIt() {
        long second = clock.get() / 1000;
        store.lease("s", 1, 0, 1, 0, 0);
        clock.set((second + 60) * 1000 + 999);
        assertThat(store.lease("s", 1, 0, 1, 0, 0).requests()).as("60 s later: still counted").isZero();
        clock.set((second + 61) * 1000);
        assertThat(store.lease("s", 1, 0, 1, 0, 0).requests()).as("61 s later: gone").isEqualTo(1);
    }

    @Test
    void givingBackToABucketThatLeftTheWindowChangesNothing() {
        Grant g = store.lease("s", 2, 0, 2, 0, 0);
        clock.addAndGet(61_000);
        store.lease("s", 2, 0, 2, 0, 0);
        store.giveBack("s", 2, 0, g.second());
        assertThat(store.lease("s", 2, 0, 1, 0, 0).requests()).isZero();
    }

    @Test
    void givingBackToAnEarlierBucketStillInTheWindowFreesItsUnits() {
        Grant g = store.lease("s", 5, 0, 5, 0, 0);
        clock.addAndGet(30_000);
        store.giveBack("s", 2, 0, g.second());
        assertThat(store.lease("s", 5, 0, 5, 0, 0).requests()).isEqualTo(2);
    }
}
