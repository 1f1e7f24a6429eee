package io.llmgateway.core.observe.metrics;

import static io.llmgateway.core.observe.metrics.MetricsFixtures.answered;
import static io.llmgateway.core.observe.metrics.MetricsFixtures.attempt;
import static io.llmgateway.core.observe.metrics.MetricsFixtures.deployment;
import static io.llmgateway.core.observe.metrics.MetricsFixtures.exchange;
import static io.llmgateway.core.observe.metrics.MetricsFixtures.ms;
import static io.llmgateway.core.observe.metrics.MetricsFixtures.retriedOnFallback;
import static io.llmgateway.core.observe.metrics.MetricsFixtures.streamed;
import static io.llmgateway.core.observe.metrics.MetricsFixtures.unknownModel;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.balance.ErrorKind;
import io.llmgateway.core.observe.ExchangeTimings;
import io.llmgateway.core.routing.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The definitions of duration, time to first token and overhead, on hand-timed outcomes. */
class ExchangeTimingsTest {

    private static final Deployment K1 = deployment("openai", "k1", "gpt-4o-2024");

    @Test
    void durationRunsFromTheHeadToTheEnd() {
        assertThat(ExchangeTimings.durationNanos(answered())).isEqualTo(ms(51.5));
        assertThat(ExchangeTimings.durationNanos(streamed())).isEqualTo(ms(500));
    }

    @Test
    void timeToFirstTokenIsForStreamsThatBegan() {
        assertThat(ExchangeTimings.timeToFirstTokenNanos(streamed())).isEqualTo(ms(80.5));
        assertThat(ExchangeTimings.timeToFirstTokenNanos(answered())).isEqualTo(ExchangeTimings.NONE);
        assertThat(ExchangeTimings.timeToFirstTokenNanos(exchange("gpt-4o", true, 0, null, List.of(attempt(K1, 0,
                ErrorKind.CANCELLED, 0.1, 0, 0, 30)), 0, 30, null))).isEqualTo(ExchangeTimings.NONE);
    }

    @Test
    void overheadLeavesOutTheUpstreamWaitAndTheBackoff() {
        assertThat(ExchangeTimings.overheadNanos(answered())).isEqualTo(ms(1));
        assertThat(ExchangeTimings.overheadNanos(streamed())).isEqualTo(ms(0.5));
        assertThat(ExchangeTimings.overheadNanos(retriedOnFallback())).isEqualTo(ms(0.9));
    }

    @Test
    void anAttemptWithoutAnAnswerCountsWhole() {
        // Connect refused after 2 ms, 50 ms of backoff, then 20 ms upstream; head out at 73.5 ms.
        assertThat(ExchangeTimings.overheadNanos(exchange("gpt-4o", false, 200, null, List.of(
                attempt(K1, 0, ErrorKind.CONNECT, 0.5, 0, 0, 2.5),
                attempt(K1, 200, ErrorKind.NONE, 52.5, 53, 73, 74)), 73.5, 74, null))).isEqualTo(ms(1.5));
        // Every attempt timed out: the 504 went out 0.2 ms after the last one ended.
        assertThat(ExchangeTimings.overheadNanos(exchange("gpt-4o", false, 504, "upstream_timeout", List.of(
                attempt(K1, 0, ErrorKind.TIMEOUT, 0.3, 0, 0, 1000.3)), 1000.5, 1000.5, null))).isEqualTo(ms(0.5));
    }

    @Test
    void noAttemptOrNoResponseHasNoOverhead() {
        assertThat(ExchangeTimings.overheadNanos(unknownModel("gpt-9"))).isEqualTo(ExchangeTimings.NONE);
        assertThat(ExchangeTimings.overheadNanos(exchange("gpt-4o", false, 0, null, List.of(attempt(K1, 0,
                ErrorKind.CANCELLED, 0.1, 0, 0, 30)), 0, 30, null))).isEqualTo(ExchangeTimings.NONE);
    }
}
