package io.llmgateway.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.limits.ConcurrentCircuitBreaker.Gate;
import io.llmgateway.core.limits.ConcurrentCircuitBreaker.Phase;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentCircuitBreakerTest {

    private static final long S = TimeUnit.SECONDS.toNanos(1);

    private final ConcurrentCircuitBreaker b = new ConcurrentCircuitBreaker(0.5, 4, 60 * S, 30 * S, 2);

    @Test
    void opensWhenTheFailureRateIsReachedOverEnoughRequests() {
        long t = 100 * S;
        b.onFailure(false, t);
        b.onFailure(false, t);
        assertThat(b.phase()).as("2 requests < min 4").isEqualTo(Phase.CLOSED);
        b.onSuccess(false, t);
        b.onSuccess(false, t);
        b.onSuccess(false, t);
        b.onFailure(false, t);
        assertThat(b.phase()).as("3 of 6 = 0.5").isEqualTo(Phase.OPEN);
        assertThat(b.gate(t)).isEqualTo(Gate.BLOCKED);
        assertThat(b.blockedUntil(t)).isEqualTo(t + 30 * S);
    }

    @Test
    void oldOutcomesLeaveTheWindow() {
        long t = 100 * S;
        for (int i = 0; i < 3; i++) {
            b.onFailure(false, t);
        }
        b.onSuccess(false, t + 61 * S);
        b.onSuccess(false, t + 61 * S);
        b.onSuccess(false, t + 61 * S);
        b.onFailure(false, t + 61 * S);
        assertThat(b.phase()).as("1 of 4 in the window").isEqualTo(Phase.CLOSED);
    }

    @Test
    void halfOpenLetsABoundedNumberOfProbesAndClosesWhenAllSucceed() {
        open(0);
        long t = 30 * S;
        assertThat(b.gate(t - 1)).isEqualTo(Gate.BLOCKED);
        assertThat(b.gate(t)).isEqualTo(Gate.PROBE);
        assertThat(b.tryClaimProbe(t)).isTrue();
        assertThat(b.phase()).isEqualTo(Phase.HALF_OPEN);
        assertThat(b.tryClaimProbe(t)).isTrue();
        assertThat(b.tryClaimProbe(t)).as("2 probes at most").isFalse();
        assertThat(b.gate(t)).isEqualTo(Gate.BLOCKED);
        b.onSuccess(true, t + S);
        assertThat(b.phase()).isEqualTo(Phase.HALF_OPEN);
        b.onSuccess(true, t + S);
        assertThat(b.phase()).isEqualTo(Phase.CLOSED);
        assertThat(b.failureRate(t + S)).as("closing forgets the window").isZero();
    }

    @Test
    void aFailedProbeOpensAgain() {
        open(0);
        long t = 30 * S;
        assertThat(b.tryClaimProbe(t)).isTrue();
        b.onFailure(true, t + S);
        assertThat(b.phase()).isEqualTo(Phase.OPEN);
        assertThat(b.blockedUntil(t + S)).isEqualTo(t + 31 * S);
    }

    @Test
    void aNeutralProbeFreesItsSlotAndLostProbesExpire() {
        open(0);
        long t = 30 * S;
        assertThat(b.tryClaimProbe(t)).isTrue();
        assertThat(b.tryClaimProbe(t)).isTrue();
        b.onNeutral(true);
        assertThat(b.tryClaimProbe(t)).isTrue();
        assertThat(b.gate(t + 30 * S)).as("probes that never report are given up on").isEqualTo(Gate.PROBE);
        assertThat(b.tryClaimProbe(t + 30 * S)).isTrue();
    }

    private void open(long t) {
        for (int i = 0; i < 4; i++) {
            b.onFailure(false, t);
        }
        assertThat(b.phase()).isEqualTo(Phase.OPEN);
    }
}
