package io.llmgateway.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.limits.ConcurrentKeyHealth.Gate;
import io.llmgateway.core.limits.ConcurrentKeyHealth.Phase;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentKeyHealthTest {

    private static final long S = TimeUnit.SECONDS.toNanos(1);
    private static final long COOLDOWN = 10 * S;
    private static final long RAMP = 30 * S;

    private final ConcurrentKeyHealth h = new ConcurrentKeyHealth();

    @Test
    void aRateLimitWithRetryAfterCoolsDownForExactlyThatLong() {
        h.onRateLimited(3 * S, 100 * S, COOLDOWN);
        assertThat(h.phase()).isEqualTo(Phase.COOLING_DOWN);
        assertThat(h.coolingUntil()).isEqualTo(103 * S);
        assertThat(h.gate(103 * S - 1)).isEqualTo(Gate.BLOCKED);
        assertThat(h.gate(103 * S)).isEqualTo(Gate.PROBE);
    }

    @Test
    void aRateLimitWithoutRetryAfterCoolsDownForTheConfiguredTime() {
        h.onRateLimited(-1, 100 * S, COOLDOWN);
        assertThat(h.coolingUntil()).isEqualTo(110 * S);
        h.onRateLimited(1 * S, 101 * S, COOLDOWN);
        assertThat(h.coolingUntil()).as("a shorter second cooldown does not cut the first").isEqualTo(110 * S);
    }

    @Test
    void consecutiveFailuresCoolDownAndASuccessResetsTheCount() {
        h.onFailure(false, S, COOLDOWN, 3, "HTTP 500");
        h.onFailure(false, S, COOLDOWN, 3, "HTTP 500");
        h.onSuccess(false, S, RAMP);
        h.onFailure(false, S, COOLDOWN, 3, "HTTP 500");
        h.onFailure(false, S, COOLDOWN, 3, "HTTP 500");
        assertThat(h.phase()).isEqualTo(Phase.HEALTHY);
        h.onFailure(false, 2 * S, COOLDOWN, 3, "HTTP 502");
        assertThat(h.phase()).isEqualTo(Phase.COOLING_DOWN);
        assertThat(h.coolingUntil()).isEqualTo(12 * S);
        assertThat(h.reason()).contains("3 consecutive failures").contains("HTTP 502");
    }

    @Test
    void aSuccessfulProbeRecoversWithARamp() {
        h.onRateLimited(-1, 0, COOLDOWN);
        assertThat(h.tryClaimProbe(COOLDOWN - 1)).isFalse();
        assertThat(h.tryClaimProbe(COOLDOWN)).isTrue();
        assertThat(h.phase()).isEqualTo(Phase.HALF_OPEN);
        assertThat(h.gate(COOLDOWN)).as("one probe at a time").isEqualTo(Gate.BLOCKED);
        assertThat(h.tryClaimProbe(COOLDOWN)).isFalse();

        h.onSuccess(true, 20 * S, RAMP);
        assertThat(h.phase()).isEqualTo(Phase.HEALTHY);
        assertThat(h.gate(20 * S)).isEqualTo(Gate.PASS);
        assertThat(h.rampFactor(20 * S)).isEqualTo(ConcurrentKeyHealth.RAMP_FLOOR);
        assertThat(h.rampFactor(35 * S)).isCloseTo(0.55, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(h.rampFactor(50 * S)).isEqualTo(1.0);
        assertThat(h.rampFactor(40 * S)).as("the ramp is over for good").isEqualTo(1.0);
    }

    @Test
    void aFailedProbeCoolsDownAgain() {
        h.onRateLimited(-1, 0, COOLDOWN);
        assertThat(h.tryClaimProbe(COOLDOWN)).isTrue();
        h.onFailure(true, 11 * S, COOLDOWN, 3, "timeout");
        assertThat(h.phase()).isEqualTo(Phase.COOLING_DOWN);
        assertThat(h.coolingUntil()).isEqualTo(21 * S);
        assertThat(h.reason()).contains("probe failed");
    }

    @Test
    void aCancelledProbeLetsAnotherGo() {
        h.onRateLimited(-1, 0, COOLDOWN);
        assertThat(h.tryClaimProbe(COOLDOWN)).isTrue();
        h.onNeutral(true);
        assertThat(h.gate(COOLDOWN)).isEqualTo(Gate.PROBE);
        assertThat(h.tryClaimProbe(COOLDOWN)).isTrue();
    }

    @Test
    void repeatedAuthFailuresDisableUntilEnabled() {
        h.onAuthFailure(false, S, COOLDOWN, 5, 3, 401);
        h.onAuthFailure(false, S, COOLDOWN, 5, 3, 401);
        assertThat(h.phase()).isEqualTo(Phase.HEALTHY);
        h.onAuthFailure(false, S, COOLDOWN, 5, 3, 403);
        assertThat(h.phase()).isEqualTo(Phase.DISABLED);
        assertThat(h.gate(1_000 * S)).isEqualTo(Gate.DISABLED);
        assertThat(h.reason()).contains("3 consecutive 403");
        h.onRateLimited(-1, 2 * S, COOLDOWN);
        assertThat(h.phase()).as("a disabled key stays disabled").isEqualTo(Phase.DISABLED);

        h.reenableIfDisabled(5 * S, RAMP);
        assertThat(h.phase()).isEqualTo(Phase.HEALTHY);
        assertThat(h.rampFactor(5 * S)).isEqualTo(ConcurrentKeyHealth.RAMP_FLOOR);
    }

    @Test
    void anAuthFailureBelowTheThresholdCountsAsAFailure() {
        h.onAuthFailure(false, S, COOLDOWN, 1, 3, 401);
        assertThat(h.phase()).isEqualTo(Phase.COOLING_DOWN);
    }

    @Test
    void theListenerHearsEachChangeOfPhaseOnce() {
        java.util.List<String> heard = new java.util.ArrayList<>();
        h.watch((from, to, reason, cooldownNanos) -> heard.add(from + ">" + to + " " + reason + " " + cooldownNanos));
        h.onRateLimited(-1, 0, COOLDOWN);
        h.onRateLimited(20 * S, 0, COOLDOWN);
        assertThat(h.tryClaimProbe(20 * S)).isTrue();
        h.onFailure(true, 20 * S, COOLDOWN, 3, "HTTP 500");
        assertThat(h.tryClaimProbe(30 * S)).isTrue();
        h.onSuccess(true, 30 * S, RAMP);
        h.onSuccess(false, 31 * S, RAMP);
        h.onAuthFailure(false, 32 * S, COOLDOWN, 3, 2, 401);
        h.onAuthFailure(false, 32 * S, COOLDOWN, 3, 2, 403);
        h.disable("again");
        h.reenableIfDisabled(33 * S, RAMP);
        h.enable(34 * S, RAMP);
        assertThat(heard).containsExactly(
                "HEALTHY>COOLING_DOWN rate limited (429) " + COOLDOWN,
                "COOLING_DOWN>HALF_OPEN rate limited (429) 0",
                "HALF_OPEN>COOLING_DOWN probe failed: HTTP 500 " + COOLDOWN,
                "COOLING_DOWN>HALF_OPEN probe failed: HTTP 500 0",
                "HALF_OPEN>HEALTHY its probe succeeded 0",
                "HEALTHY>DISABLED 2 consecutive 403 responses 0",
                "DISABLED>HEALTHY the config was reloaded 0");
    }
}
