package io.llmgateway.core.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.proxy.AttemptOutcome;
import io.llmgateway.core.proxy.ExchangeOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeTimesTest {

    private static final long MS = 1_000_000L;

    private static ExchangeOutcome outcome(long received, long clientHead, long end, AttemptOutcome... attempts) {
        return new ExchangeOutcome("r", null, "m", null, false, 200, null, List.of(attempts), received, 0, clientHead, end,
                null, false, 0, 0, false);
    }

    private static AttemptOutcome attempt(long start, long sent, long firstByte, long end) {
        return new AttemptOutcome(null, sent == 0 ? 0 : 200, sent == 0 ? ErrorKind.CONNECT : ErrorKind.NONE, start, sent,
                firstByte, end);
    }

    @Test
    void withoutAttemptsTheWholeExchangeIsTheGateways() {
        ExchangeOutcome o = outcome(100 * MS, 103 * MS, 104 * MS);

        assertThat(OutcomeTimes.latencyNanos(o)).isEqualTo(4 * MS);
        assertThat(OutcomeTimes.ttftNanos(o)).isEqualTo(3 * MS);
        assertThat(OutcomeTimes.overheadNanos(o)).isEqualTo(4 * MS);
    }

    @Test
    void upstreamWaitsFailedConnectionsAndBackoffAreNotTheGateways() {
        ExchangeOutcome o = outcome(100 * MS, 700 * MS, 1000 * MS,
                attempt(101 * MS, 0, 0, 150 * MS), // connection refused: waiting on the network
                attempt(350 * MS, 352 * MS, 700 * MS, 998 * MS)); // after 200 ms of backoff

        assertThat(OutcomeTimes.overheadNanos(o)).as("1 ms before, 2 ms preparing the second, 2 ms after")
                .isEqualTo(5 * MS);
        assertThat(OutcomeTimes.latencyNanos(o)).isEqualTo(900 * MS);
        assertThat(OutcomeTimes.ttftNanos(o)).isEqualTo(600 * MS);
    }

    @Test
    void nothingSentToTheClientHasNoTtft() {
        assertThat(OutcomeTimes.ttftNanos(outcome(100 * MS, 0, 104 * MS))).isEqualTo(-1);
    }
}
