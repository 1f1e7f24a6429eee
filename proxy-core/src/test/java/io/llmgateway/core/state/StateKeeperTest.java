package io.llmgateway.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.config.RuntimeStoreConfig;
import io.llmgateway.core.limits.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two "instances" (two keepers) share one store: limits hold across them, and survive the store going away. */
class StateKeeperTest {

    private static final RuntimeStoreConfig CONFIG = new RuntimeStoreConfig("redis", "localhost:6379", "", 0, false, null,
            "t:", List.of(), 200, 0.05, 20, 5_000);

    private final List<StateKeeper> keepers = new ArrayList<>();

    @AfterEach
    void close() {
        keepers.forEach(StateKeeper::close);
    }

    private StateKeeper keeper(RuntimeStore store) {
        StateKeeper k = new StateKeeper(store, CONFIG, Ticker.system()).start();
        keepers.add(k);
        return k;
    }

    /** Takes from {@code w} until the store says the window is full, waiting for leases; returns how many. */
    private static int takeUntilFull(SharedWindow w, long tokens) {
        int taken = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            int r = w.tryTake(tokens, Ticker.system().nanoTime());
            if (r == SharedWindow.TAKEN) {
                taken++;
            } else if (r == SharedWindow.FULL) {
                return taken;
            } else {
                Thread.onSpinWait();
            }
        }
        throw new AssertionError("the window never said full; took " + taken);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void twoInstancesTogetherTakeExactlyTheClusterLimit() {
        FlakyStore store = new FlakyStore();
        SharedWindow a = keeper(store).window("key:p/k", 20, 0);
        SharedWindow b = keeper(store).window("key:p/k", 20, 0);
        int fromA = 0;
        int fromB = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean aFull = false;
        boolean bFull = false;
        while (!(aFull && bFull) && System.nanoTime() < deadline) {
            int ra = a.tryTake(0, Ticker.system().nanoTime());
            fromA += ra == SharedWindow.TAKEN ? 1 : 0;
            aFull = ra == SharedWindow.FULL;
            int rb = b.tryTake(0, Ticker.system().nanoTime());
            fromB += rb == SharedWindow.TAKEN ? 1 : 0;
            bFull = rb == SharedWindow.FULL;
        }
        assertThat(aFull && bFull).as("both instances saw the window full").isTrue();
        // how the 20 split between the two depends on which state thread the scheduler runs first
        assertThat(fromA + fromB).isEqualTo(20);
        assertThat(a.fullUntil(false)).isGreaterThan(Ticker.system().nanoTime());
    }

    @Test
    void batchesMakeStoreCallsFewerThanRequests() {
        FlakyStore store = new FlakyStore();
        SharedWindow w = keeper(store).window("key:p/big", 100_000, 0);
        int taken = takeUntilFull(w, 0);
        assertThat(taken).isEqualTo(100_000);
        // batch = ceil(100000 * 0.05 / 1) = 5000: about 20 grants plus the refused one
        assertThat(store.leases.get()).isLessThan(100);
    }

    @Test
    void tokensAreSettledAgainstWhatWasUsed() {
        FlakyStore store = new FlakyStore();
        StateKeeper k = keeper(store);
        SharedWindow w = k.window("key:p/t", 0, 1_000);
        await(() -> w.tryTake(100, Ticker.system().nanoTime()) == SharedWindow.TAKEN, "first credit");
        w.settle(100, 400); // used 300 more than reserved: a debt the store must count
        await(() -> store.delegate.lease("key:p/t", 0, 1_000, 0, 0, 0).tokensUsed() >= 400, "the debt reported");
    }

    @Test
    void storeDownFallsBackToThisInstancesShareThenRecovers() {
        FlakyStore store = new FlakyStore();
        StateKeeper a = keeper(store);
        StateKeeper b = keeper(store);
        await(() -> a.instances() == 2 && b.instances() == 2, "both instances counted");
        store.down = true;
        SharedWindow w = a.window("key:p/down", 20, 0);
        int taken = takeUntilFull(w, 0);
        assertThat(a.up()).isFalse();
        assertThat(taken).as("1/N of 20 with N = 2").isEqualTo(10);
        a.publish(new SharedFlag(SharedFlag.Kind.DISABLED, "p/k", Long.MAX_VALUE, "while down", a.instanceId()));

        store.down = false;
        await(a::up, "the keeper sees the store again");
        await(() -> store.delegate.lease("key:p/down", 20, 0, 0, 0, 0).requestsUsed() >= 10,
                "the outage's usage reported to the store");
        await(() -> store.delegate.flags().stream().anyMatch(f -> f.id().equals("p/k")),
                "the decision queued while down is published");
    }

    @Test
    void noCreditMeansWaitNotRefusal() {
        FlakyStore store = new FlakyStore();
        SharedWindow w = keeper(store).window("key:p/wait", 1_000, 0);
        assertThat(w.tryTake(0, Ticker.system().nanoTime())).isEqualTo(SharedWindow.WAIT);
        await(w::hasCredit, "credit leased");
        assertThat(w.tryTake(0, Ticker.system().nanoTime())).isEqualTo(SharedWindow.TAKEN);
    }

    @Test
    void unlimitedScopesAreNotShared() {
        StateKeeper k = keeper(new FlakyStore());
        assertThat(k.window("key:p/free", 0, 0)).isNull();
    }
}
