package io.llmgateway.core.balance;

import static io.llmgateway.core.balance.Fixtures.oneProvider;
import static io.llmgateway.core.balance.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.balance.Fixtures.ManualLoop;
import io.llmgateway.core.balance.Fixtures.Setup;
import io.llmgateway.core.balance.Lease.Outcome;
import io.llmgateway.core.routing.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BulkheadWaitTest {

    private final Setup s = new Setup(oneProvider("""
            - {id: a, secret: s, max_concurrent: 1}
            - {id: b, secret: s, max_concurrent: 1}
            """, "max_wait_ms: 500"));
    private final Route m = s.route("m");
    private final ManualLoop loop = new ManualLoop();
    private final List<Lease> ready = new ArrayList<>();

    private Lease acquire() {
        return s.balancer.acquire(m, request(1, 1), Set.of(), loop, ready::add);
    }

    @Test
    void aFreeSlotIsTakenAtOnce() {
        Lease l = acquire();
        assertThat(l.outcome()).isEqualTo(Outcome.ACQUIRED);
        l.release(Result.success(200, null, null));
        assertThat(ready).isEmpty();
    }

    @Test
    void aWaiterGetsTheNextSlotOnItsLoop() {
        Lease a = acquire();
        Lease b = acquire();
        Lease pending = acquire();
        assertThat(pending.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(s.key("p", "a").waiting() + s.key("p", "b").waiting()).isEqualTo(2);

        b.release(Result.success(200, null, null));
        assertThat(ready).as("completes on the loop, not on the releasing thread").isEmpty();
        loop.runAll();
        assertThat(ready).singleElement().satisfies(l -> {
            assertThat(l.outcome()).isEqualTo(Outcome.ACQUIRED);
            assertThat(l.deployment().key().id()).isEqualTo("b");
        });
        loop.advance(1_000);
        assertThat(ready).as("the timer was cancelled").hasSize(1);
        ready.get(0).release(Result.success(200, null, null));
        a.release(Result.success(200, null, null));
        loop.runAll();
        assertThat(ready).hasSize(1);
    }

    @Test
    void theWaitEndsWithBulkheadFull() {
        Lease a = acquire();
        Lease b = acquire();
        Lease pending = acquire();
        loop.advance(499);
        assertThat(ready).isEmpty();
        loop.advance(1);
        assertThat(ready).singleElement().satisfies(l -> {
            assertThat(l.outcome()).isEqualTo(Outcome.BULKHEAD_FULL);
            assertThat(l.retryAfterMs()).isPositive();
        });
        a.release(Result.success(200, null, null));
        loop.runAll();
        assertThat(ready).as("a finished waiter is not woken").hasSize(1);
        assertThat(s.key("p", "a").inFlight()).isZero();
        pending.release(Result.CANCELLED);
        b.release(Result.success(200, null, null));
    }

    @Test
    void releasingAPendingLeaseCancelsTheWait() {
        Lease a = acquire();
        Lease b = acquire();
        Lease pending = acquire();
        pending.release(Result.CANCELLED);
        a.release(Result.success(200, null, null));
        loop.advance(1_000);
        assertThat(ready).isEmpty();
        assertThat(s.key("p", "a").inFlight()).as("the freed slot stays free").isZero();
        b.release(Result.success(200, null, null));
    }

    @Test
    void waitersAreServedOneSlotEach() {
        Lease a = acquire();
        Lease b = acquire();
        Lease w1 = acquire();
        Lease w2 = acquire();
        assertThat(List.of(w1.outcome(), w2.outcome())).containsOnly(Outcome.PENDING);
        a.release(Result.success(200, null, null));
        loop.runAll();
        assertThat(ready).hasSize(1);
        b.release(Result.success(200, null, null));
        loop.runAll();
        assertThat(ready).hasSize(2).allSatisfy(l -> assertThat(l.outcome()).isEqualTo(Outcome.ACQUIRED));
        ready.forEach(l -> l.release(Result.success(200, null, null)));
    }

    @Test
    void withoutAWaitTheRefusalIsImmediate() {
        Setup noWait = new Setup(oneProvider("- {id: a, secret: s, max_concurrent: 1}", "max_wait_ms: 0"));
        Route r = noWait.route("m");
        Lease held = noWait.balancer.acquire(r, request(1, 1), Set.of(), loop, ready::add);
        assertThat(noWait.balancer.acquire(r, request(1, 1), Set.of(), loop, ready::add).outcome())
                .isEqualTo(Outcome.BULKHEAD_FULL);
        held.release(Result.success(200, null, null));
    }
}
