package io.llmgateway.core.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.config.UpstreamConfig;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The three upstream timeouts on an embedded loop whose clock the test moves. */
class UpstreamTimeoutsTest {

    private static final UpstreamConfig LIMITS = new UpstreamConfig(1_000, 1_000, 300, 5_000, 1 << 20, 1 << 16, 8,
            60_000, "jdk", null);

    /** The case: a short idle timeout, a long first-byte one. */
    private static final UpstreamConfig SHORT_IDLE = new UpstreamConfig(1_000, 8_000, 1_500, 60_000, 1 << 20, 1 << 16,
            8, 60_000, "jdk", null);

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<String> fired = new ArrayList<>();
    private ExchangePhase phase = ExchangePhase.PICKING;
    private final UpstreamTimeouts timeouts = timeouts(LIMITS);
    private UpstreamTimeouts other;

    private UpstreamTimeouts timeouts(UpstreamConfig limits) {
        return new UpstreamTimeouts(channel.eventLoop(), limits, new UpstreamTimeouts.Listener() {
            @Override
            public ExchangePhase phase() {
                return phase;
            }

            @Override
            public void firstByteTimedOut() {
                fired.add("first byte");
            }

            @Override
            public void idleTimedOut() {
                fired.add("idle");
            }

            @Override
            public void totalTimedOut() {
                fired.add("total");
                phase = ExchangePhase.DONE;
            }
        });
    }

    UpstreamTimeoutsTest() {
        channel.freezeTime();
    }

    @AfterEach
    void close() {
        timeouts.stop();
        if (other != null) {
            other.stop();
        }
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    private void advance(long ms) {
        channel.advanceTimeBy(ms, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void theFirstByteTimeoutRunsFromTheRequestWhileNoHeadCame() {
        timeouts.start();
        advance(200);
        phase = ExchangePhase.AWAITING_HEAD;
        timeouts.requestSent();
        advance(999);
        assertThat(fired).isEmpty();
        advance(1);
        assertThat(fired).containsExactly("first byte");
    }

    @Test
    void theHeadStopsTheFirstByteTimeoutAndReportsItsLatency() {
        timeouts.start();
        phase = ExchangePhase.AWAITING_HEAD;
        timeouts.requestSent();
        advance(250);
        assertThat(timeouts.headArrived()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
        phase = ExchangePhase.RELAYING;
        timeouts.read();
        advance(299);
        assertThat(fired).isEmpty();
    }

    @Test
    void everyReadRestartsTheIdleTimeout() {
        timeouts.start();
        phase = ExchangePhase.AWAITING_HEAD;
        timeouts.requestSent();
        advance(10);
        timeouts.headArrived();
        phase = ExchangePhase.BUFFERING;
        for (int i = 0; i < 10; i++) {
            advance(299);
            timeouts.read();
        }
        assertThat(fired).isEmpty();
        advance(300);
        assertThat(fired).containsExactly("idle");
    }

    @Test
    void theIdleTimeoutCountsFromTheLastByteNotFromTheFirstBytesDeadline() {
        other = timeouts(SHORT_IDLE);
        other.start();
        phase = ExchangePhase.AWAITING_HEAD;
        other.requestSent();
        advance(100);
        other.headArrived();
        phase = ExchangePhase.RELAYING;
        advance(100);
        other.read();
        advance(100);
        other.read(); // two chunks, then silence
        advance(1_499);
        assertThat(fired).isEmpty();
        advance(1);
        assertThat(fired).as("1.5 s after the last byte, 1.8 s after the send: long before the 8 s first-byte deadline")
                .containsExactly("idle");
    }

    @Test
    void aHeadSlowerThanTheIdleTimeoutStartsItsOwnIdleTimeout() {
        other = timeouts(SHORT_IDLE);
        other.start();
        phase = ExchangePhase.AWAITING_HEAD;
        other.requestSent();
        advance(5_000);
        assertThat(fired).as("no idle timeout before the head: the first byte's deadline rules").isEmpty();
        other.headArrived();
        phase = ExchangePhase.RELAYING;
        advance(1_499);
        assertThat(fired).isEmpty();
        advance(1);
        assertThat(fired).as("1.5 s after the head, not at the first byte's deadline (8 s)").containsExactly("idle");
    }

    @Test
    void aSilenceAfterTheHeadOfABufferedAnswerIsAnIdleTimeout() {
        other = timeouts(SHORT_IDLE);
        other.start();
        phase = ExchangePhase.AWAITING_HEAD;
        other.requestSent();
        advance(200);
        other.headArrived();
        phase = ExchangePhase.BUFFERING;
        advance(1_500);
        assertThat(fired).containsExactly("idle");
    }

    @Test
    void theIdleTimeoutWaitsWhileTheClientHoldsTheUpstreamBack() {
        timeouts.start();
        phase = ExchangePhase.AWAITING_HEAD;
        timeouts.requestSent();
        timeouts.headArrived();
        phase = ExchangePhase.RELAYING;
        advance(100);
        timeouts.read();
        timeouts.readingPaused();
        advance(2_000);
        assertThat(fired).as("the silence is the client's, not the upstream's").isEmpty();
        timeouts.readingResumed();
        advance(299);
        assertThat(fired).isEmpty();
        advance(1);
        assertThat(fired).containsExactly("idle");
    }

    @Test
    void aWritabilityChangeWithoutAPauseDoesNotPostponeTheIdleTimeout() {
        timeouts.start();
        phase = ExchangePhase.AWAITING_HEAD;
        timeouts.requestSent();
        timeouts.headArrived();
        phase = ExchangePhase.RELAYING;
        advance(200);
        timeouts.readingResumed();
        advance(100);
        assertThat(fired).containsExactly("idle");
    }

    @Test
    void theTotalTimeoutCoversRetriesAndWaits() {
        timeouts.start();
        for (int attempt = 0; attempt < 4; attempt++) {
            phase = ExchangePhase.AWAITING_HEAD;
            timeouts.requestSent();
            advance(900);
            phase = ExchangePhase.PICKING; // failed; waiting to try again
            advance(300);
        }
        assertThat(fired).isEmpty();
        advance(200);
        assertThat(fired).containsExactly("total");
        advance(10_000);
        assertThat(fired).as("nothing after the end").containsExactly("total");
    }

    @Test
    void aStoppedExchangeHearsNothing() {
        timeouts.start();
        phase = ExchangePhase.AWAITING_HEAD;
        timeouts.requestSent();
        timeouts.stop();
        advance(10_000);
        assertThat(fired).isEmpty();
    }

    @Test
    void theMessagesNameTheSettingAndItsValue() {
        assertThat(timeouts.firstByteMessage("p")).isEqualTo("upstream 'p' did not answer within 1000 ms "
                + "(upstream.first_byte_timeout_ms)");
        assertThat(timeouts.idleMessage("p")).isEqualTo("upstream 'p' sent nothing for 300 ms (upstream.idle_timeout_ms)");
        assertThat(timeouts.totalMessage()).isEqualTo("the request did not complete within 5000 ms "
                + "(upstream.total_timeout_ms)");
    }
}
