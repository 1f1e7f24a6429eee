package io.llmgateway.core.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.balance.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {

    private final RetryPolicy retry = new RetryPolicy(2, 100, 1_000, 30_000, () -> 0.5);

    @ParameterizedTest
    @CsvSource({
        "200, false", "400, false", "401, false", "403, false", "404, false", "413, false", "422, false",
        "408, true", "429, true", "500, true", "502, true", "503, true", "504, true", "529, true",
    })
    void onlyFailuresAnotherDeploymentMayNotRepeatAreRetried(int status, boolean retried) {
        assertThat(retry.shouldRetry(FailureClassifier.ofStatus(status), 1, 0)).isEqualTo(retried);
    }

    @Test
    void connectionErrorsAndTimeoutsBeforeTheFirstByteAreRetriedButNothingAfterIt() {
        assertThat(retry.shouldRetry(ErrorKind.CONNECT, 1, 0)).isTrue();
        assertThat(retry.shouldRetry(ErrorKind.TIMEOUT, 1, 0)).isTrue();
        assertThat(retry.shouldRetry(ErrorKind.STREAM_ERROR, 1, 0)).isFalse();
        assertThat(retry.shouldRetry(ErrorKind.CONTEXT_LENGTH, 1, 0)).isFalse();
        assertThat(retry.shouldRetry(ErrorKind.CANCELLED, 1, 0)).isFalse();
    }

    @Test
    void retriesStopAtTheConfiguredCountAndTheBudget() {
        ErrorKind r = FailureClassifier.ofStatus(503);
        assertThat(retry.shouldRetry(r, 1, 0)).isTrue();
        assertThat(retry.shouldRetry(r, 2, 0)).isTrue();
        assertThat(retry.shouldRetry(r, 3, 0)).as("2 retries = 3 attempts").isFalse();
        assertThat(retry.shouldRetry(r, 1, 30_000)).isFalse();
    }

    @Test
    void backoffDoublesUpToTheCapWithJitterInTheUpperHalf() {
        assertThat(retry.backoffMs(1)).isEqualTo(75); // cap 100: 50 + 0.5 × 51
        assertThat(retry.backoffMs(2)).isEqualTo(150);
        assertThat(retry.backoffMs(3)).isEqualTo(300);
        assertThat(retry.backoffMs(5)).isEqualTo(750); // capped at 1000
        assertThat(retry.backoffMs(60)).isEqualTo(750);
        RetryPolicy low = new RetryPolicy(2, 100, 1_000, 30_000, () -> 0.0);
        RetryPolicy high = new RetryPolicy(2, 100, 1_000, 30_000, () -> 0.999_999);
        for (int attempt = 1; attempt < 8; attempt++) {
            long cap = Math.min(1_000, 100L << (attempt - 1));
            assertThat(low.backoffMs(attempt)).isEqualTo(cap / 2);
            assertThat(high.backoffMs(attempt)).isEqualTo(cap);
        }
        assertThat(new RetryPolicy(2, 0, 0, 1, () -> 0.5).backoffMs(3)).isZero();
    }
}
