package io.llmgateway.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentTokenWindowTest {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void reservesUpToTheBudget() {
        ConcurrentTokenWindow w = ConcurrentTokenWindow.perMinute(1_000);
        long t = 10 * MINUTE;
        assertThat(w.tryReserve(600, t)).isNotEqualTo(ConcurrentTokenWindow.REJECTED);
        assertThat(w.tryReserve(400, t)).isNotEqualTo(ConcurrentTokenWindow.REJECTED);
        assertThat(w.tryReserve(1, t)).isEqualTo(ConcurrentTokenWindow.REJECTED);
        assertThat(w.used(t)).isEqualTo(1_000);
        assertThat(w.remaining(t)).isZero();
    }

    @Test
    void settlingGivesBackWhatWasNotUsedAndChargesWhatWasUsedBeyond() {
        ConcurrentTokenWindow w = ConcurrentTokenWindow.perMinute(1_000);
        long t = 10 * MINUTE;
        long epoch = w.tryReserve(900, t);
        w.settle(epoch, 900, 250);
        assertThat(w.used(t + SECOND)).isEqualTo(250);
        assertThat(w.tryReserve(750, t + SECOND)).isNotEqualTo(ConcurrentTokenWindow.REJECTED);

        long e2 = w.tryReserve(0, t + SECOND);
        w.settle(e2, 0, 100); // more than reserved: real usage counts, even over the budget
        assertThat(w.used(t + SECOND)).isEqualTo(1_100);
    }

    @Test
    void tokensStayCountedForAtLeastAWindowAndAtMostOneSliceMore() {
        ConcurrentTokenWindow w = ConcurrentTokenWindow.perMinute(100);
        long t0 = 10 * MINUTE + SECOND / 2; // mid-slice
        w.tryReserve(100, t0);
        assertThat(w.tryReserve(1, t0 + MINUTE - 1)).isEqualTo(ConcurrentTokenWindow.REJECTED);
        assertThat(w.tryReserve(1, t0 + MINUTE)).as("60 s exactly: still in the slice's lifetime")
                .isEqualTo(ConcurrentTokenWindow.REJECTED);
        assertThat(w.nextFreeAt(1, t0 + MINUTE)).isEqualTo(10 * MINUTE + MINUTE + SECOND);
        assertThat(w.tryReserve(100, 10 * MINUTE + MINUTE + SECOND)).isNotEqualTo(ConcurrentTokenWindow.REJECTED);
    }

    @Test
    void aSettlementAfterItsSliceExpiredIsDropped() {
        ConcurrentTokenWindow w = ConcurrentTokenWindow.perMinute(1_000);
        long t = 10 * MINUTE;
        long epoch = w.tryReserve(500, t);
        long later = t + 2 * MINUTE;
        assertThat(w.used(later)).isZero();
        w.settle(epoch, 500, 700);
        assertThat(w.used(later)).isZero();
    }

    @Test
    void aReservationLargerThanTheBudgetWaitsForAnEmptyWindow() {
        ConcurrentTokenWindow w = ConcurrentTokenWindow.perMinute(1_000);
        long t = 10 * MINUTE;
        assertThat(w.clampUnits(5_000)).isEqualTo(1_000);
        assertThat(w.tryReserve(5_000, t)).isNotEqualTo(ConcurrentTokenWindow.REJECTED);
        assertThat(w.used(t)).isEqualTo(1_000);
    }

    @Test
    void nextFreeAtWalksTheSlicesUntilEnoughLeave() {
        ConcurrentTokenWindow w = ConcurrentTokenWindow.perMinute(1_000);
        long t0 = 20 * MINUTE;
        w.tryReserve(300, t0);
        w.tryReserve(300, t0 + 10 * SECOND);
        w.tryReserve(400, t0 + 20 * SECOND);
        long now = t0 + 30 * SECOND;
        assertThat(w.nextFreeAt(1, now)).isEqualTo(t0 + MINUTE + SECOND);
        assertThat(w.nextFreeAt(500, now)).isEqualTo(t0 + 10 * SECOND + MINUTE + SECOND);
        assertThat(w.emptyAt(now)).isEqualTo(t0 + 20 * SECOND + MINUTE + SECOND);
    }

    @Test
    void aLongIdleGapForgetsEverything() {
        ConcurrentTokenWindow w = ConcurrentTokenWindow.perMinute(1_000);
        w.tryReserve(1_000, MINUTE);
        assertThat(w.used(MINUTE + TimeUnit.DAYS.toNanos(3))).isZero();
        assertThat(w.tryReserve(1_000, MINUTE + TimeUnit.DAYS.toNanos(3))).isNotEqualTo(ConcurrentTokenWindow.REJECTED);
    }

    @Test
    void unlimitedCountsWithoutRefusing() {
        ConcurrentTokenWindow w = ConcurrentTokenWindow.perMinute(ConcurrentTokenWindow.UNLIMITED);
        for (int i = 0; i < 100; i++) {
            assertThat(w.tryReserve(1_000_000, MINUTE)).isNotEqualTo(ConcurrentTokenWindow.REJECTED);
        }
        assertThat(w.used(MINUTE)).isEqualTo(100_000_000);
        assertThat(w.remaining(MINUTE)).isEqualTo(ConcurrentTokenWindow.UNLIMITED);
    }

    @Test
    void aNewWindowCarriesTheUsageOfTheOldOne() {
        ConcurrentTokenWindow old = ConcurrentTokenWindow.perMinute(1_000);
        old.tryReserve(800, MINUTE);
        ConcurrentTokenWindow next = new ConcurrentTokenWindow(500, MINUTE, 60, old, MINUTE + SECOND);
        assertThat(next.used(MINUTE + SECOND)).isEqualTo(800);
        assertThat(next.tryReserve(1, MINUTE + SECOND)).isEqualTo(ConcurrentTokenWindow.REJECTED);
    }
}
