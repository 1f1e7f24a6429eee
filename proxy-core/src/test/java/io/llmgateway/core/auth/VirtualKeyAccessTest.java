package io.llmgateway.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.limits.ConcurrentKeyLimits;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VirtualKeyAccessTest {

    private static final long NOW = 1_000_000_000_000L;
    private static final long WALL = Instant.parse("2026-12-07T10:00:00Z").toEpochMilli();

    private static VirtualKeySpec spec(List<String> models, long rpm, int parallel, Budget budget, String team) {
        return new VirtualKeySpec("vk_t", null, KeyHash.hex("k"), team, models, rpm, 0, parallel, budget, null,
                Map.of(), Instant.EPOCH, false, VirtualKeySpec.API);
    }

    private static VirtualKeyAccess key(VirtualKeySpec s, TeamAccess team) {
        return new VirtualKeyAccess(s, new ConcurrentKeyLimits(s.rpm(), s.tpm(), s.maxParallel()), new SpendMeter(),
                team);
    }

    @Test
    void aModelOutsideTheListIsNotAllowed() {
        VirtualKeyAccess k = key(spec(List.of("gpt-4o"), 0, 0, null, null), null);
        VirtualKeyLease lease = new VirtualKeyLease();
        assertThat(k.admit("claude", 10, NOW, WALL, lease)).isEqualTo(Admission.MODEL_NOT_ALLOWED);
        assertThat(lease.held()).isFalse();
        assertThat(k.admit("gpt-4o", 10, NOW, WALL, lease)).isEqualTo(Admission.ADMITTED);
        lease.release(5);
    }

    @Test
    void requestsPerMinuteRefuseWithATruthfulRetryAfter() {
        VirtualKeyAccess k = key(spec(List.of(), 2, 0, null, null), null);
        VirtualKeyLease lease = new VirtualKeyLease();
        for (int i = 0; i < 2; i++) {
            assertThat(k.admit("m", 1, NOW + i * 1_000_000_000L, WALL, lease)).isEqualTo(Admission.ADMITTED);
            lease.release(1);
        }
        assertThat(k.admit("m", 1, NOW + 10_000_000_000L, WALL, lease)).isEqualTo(Admission.RATE_LIMITED);
        assertThat(lease.retryAfterMs()).isEqualTo(50_000);
        assertThat(k.admit("m", 1, NOW + 60_000_000_000L, WALL, lease)).isEqualTo(Admission.ADMITTED);
        lease.release(1);
    }

    @Test
    void aParallelSlotIsTakenUntilReleasedOnce() {
        VirtualKeyAccess k = key(spec(List.of(), 0, 1, null, null), null);
        VirtualKeyLease first = new VirtualKeyLease();
        VirtualKeyLease second = new VirtualKeyLease();
        assertThat(k.admit("m", 1, NOW, WALL, first)).isEqualTo(Admission.ADMITTED);
        assertThat(k.admit("m", 1, NOW, WALL, second)).isEqualTo(Admission.RATE_LIMITED);
        assertThat(second.retryAfterMs()).isEqualTo(VirtualKeyAccess.CONCURRENCY_RETRY_MS);
        first.release(3);
        first.release(3);
        assertThat(k.limits().inFlight()).isZero();
        assertThat(k.admit("m", 1, NOW, WALL, second)).isEqualTo(Admission.ADMITTED);
        second.release(-1);
    }

    @Test
    void aSpentBudgetRefusesUntilThePeriodTurns() {
        VirtualKeyAccess k = key(spec(List.of(), 0, 0, new Budget(1.0, BudgetPeriod.DAY), null), null);
        VirtualKeyLease lease = new VirtualKeyLease();
        k.spend().add(0.6, WALL);
        assertThat(k.admit("m", 1, NOW, WALL, lease)).isEqualTo(Admission.ADMITTED);
        lease.release(1);
        k.spend().add(0.4, WALL);
        assertThat(k.admit("m", 1, NOW, WALL, lease)).isEqualTo(Admission.BUDGET_EXCEEDED);
        assertThat(lease.retryAfterMs()).isEqualTo(14 * 3_600_000L);
        assertThat(k.admit("m", 1, NOW, WALL + 14 * 3_600_000L, lease)).isEqualTo(Admission.ADMITTED);
        lease.release(1);
    }

    @Test
    void aTeamBudgetAndLimitApplyAcrossItsKeys() {
        TeamSpec ts = new TeamSpec("research", null, 0, 0, 1, new Budget(2.0, BudgetPeriod.MONTH), Map.of(),
                Instant.EPOCH, VirtualKeySpec.API);
        TeamAccess team = new TeamAccess(ts, new ConcurrentKeyLimits(0, 0, 1), new SpendMeter());
        VirtualKeyAccess a = key(spec(List.of(), 0, 0, null, "research"), team);
        VirtualKeyAccess b = key(spec(List.of(), 0, 0, null, "research"), team);
        VirtualKeyLease la = new VirtualKeyLease();
        VirtualKeyLease lb = new VirtualKeyLease();
        assertThat(a.admit("m", 1, NOW, WALL, la)).isEqualTo(Admission.ADMITTED);
        assertThat(b.admit("m", 1, NOW, WALL, lb)).as("the team's one parallel slot is taken")
                .isEqualTo(Admission.RATE_LIMITED);
        assertThat(b.limits().inFlight()).as("the key's slot was given back").isZero();
        la.release(1);
        team.spend().add(2.0, WALL);
        assertThat(b.admit("m", 1, NOW, WALL, lb)).isEqualTo(Admission.BUDGET_EXCEEDED);
        assertThat(a.admit("m", 1, NOW, WALL, la)).isEqualTo(Admission.BUDGET_EXCEEDED);
    }

    @Test
    void spendCountsPerUtcDayMonthAndInAll() {
        SpendMeter m = new SpendMeter();
        long dec31 = Instant.parse("2026-12-31T23:00:00Z").toEpochMilli();
        long jan1 = Instant.parse("2027-01-01T01:00:00Z").toEpochMilli();
        m.add(1.5, dec31);
        assertThat(m.spent(BudgetPeriod.DAY, dec31)).isEqualTo(1.5);
        assertThat(m.spent(BudgetPeriod.MONTH, dec31)).isEqualTo(1.5);
        assertThat(m.spent(BudgetPeriod.DAY, jan1)).isZero();
        assertThat(m.spent(BudgetPeriod.MONTH, jan1)).isZero();
        m.add(2, jan1);
        assertThat(m.spent(BudgetPeriod.MONTH, jan1)).isEqualTo(2);
        assertThat(m.spent(BudgetPeriod.TOTAL, jan1)).isEqualTo(3.5);
        assertThat(SpendMeter.periodEnd(BudgetPeriod.MONTH, dec31))
                .isEqualTo(Instant.parse("2027-01-01T00:00:00Z").toEpochMilli());
        assertThat(SpendMeter.periodEnd(BudgetPeriod.TOTAL, dec31)).isEqualTo(-1);
    }
}
