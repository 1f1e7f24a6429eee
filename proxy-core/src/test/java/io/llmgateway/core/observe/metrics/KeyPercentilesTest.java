package io.llmgateway.core.observe.metrics;

import static io.llmgateway.core.observe.metrics.MetricsFixtures.CONFIG;
import static io.llmgateway.core.observe.metrics.MetricsFixtures.answered;
import static io.llmgateway.core.observe.metrics.MetricsFixtures.retriedOnFallback;
import static io.llmgateway.core.observe.metrics.MetricsFixtures.streamed;
import static io.llmgateway.core.observe.metrics.MetricsFixtures.unknownModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.llmgateway.core.balance.KeyStateRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Upstream latency and time to first token per provider key, per attempt, bounded by the config. */
class KeyPercentilesTest {

    private final KeyPercentiles keys = new KeyPercentiles(CONFIG);

    @Test
    void eachAttemptCountsOnItsOwnKeyFromTheRequestSentUpstream() {
        for (int i = 0; i < 9; i++) {
            keys.record(answered()); // k1: sent 0.2, end 51
        }
        keys.record(retriedOnFallback()); // k1: sent 0.2, end 10.5 (a 500); b1: sent 110.7, end 131
        keys.record(streamed()); // k2: sent 0.3, head 80.3, end 500
        keys.record(unknownModel("gpt-9"));
        MetricsSnapshot s = new MetricsSnapshot(new byte[0], new byte[0], keys.render(), 0);

        KeyTimings k1 = s.key("openai", "k1");
        assertThat(k1.latencyMs().count()).isEqualTo(10);
        assertThat(k1.latencyMs().p50()).isCloseTo(50.8, withinPercentage(1));
        assertThat(k1.latencyMs().p90()).isCloseTo(50.8, withinPercentage(1));
        assertThat(k1.latencyMs().p99()).isCloseTo(50.8, withinPercentage(1));
        assertThat(k1.ttftMs()).as("no stream on k1").isEqualTo(KeyTimings.Percentiles.NONE);

        KeyTimings k2 = s.key("openai", "k2");
        assertThat(k2.latencyMs().p50()).isCloseTo(499.7, withinPercentage(1));
        assertThat(k2.ttftMs().count()).isEqualTo(1);
        assertThat(k2.ttftMs().p99()).isCloseTo(80, withinPercentage(1));
        assertThat(s.key("backup", "b1").latencyMs().p50()).isCloseTo(20.3, withinPercentage(1));
        assertThat(s.key("backup", "nope")).isEqualTo(KeyTimings.NONE);
    }

    @Test
    void aReloadKeepsTheKeysThatStayAndDropsTheOthers() {
        keys.record(answered());
        keys.record(streamed());
        keys.record(retriedOnFallback());
        keys.reconfigure(MetricsFixtures.config("""
                providers:
                  - id: openai
                    type: openai
                    base_url: "http://h/v1"
                    keys:
                      - {id: k1, secret: s}
                model_aliases:
                  gpt-4o: openai:gpt-4o-2024
                """));
        keys.record(streamed()); // k2 has left the config: not counted
        Map<String, Map<String, KeyTimings>> r = keys.render();
        assertThat(r).containsOnlyKeys("openai");
        assertThat(r.get("openai")).containsOnlyKeys("k1");
        assertThat(r.get("openai").get("k1").latencyMs().count()).isEqualTo(2);
    }

    @Test
    void renderingWithoutNewSamplesGivesTheSameMap() {
        keys.record(answered());
        Map<String, Map<String, KeyTimings>> first = keys.render();
        assertThat(keys.render()).isSameAs(first);
        keys.record(answered());
        assertThat(keys.render()).isNotSameAs(first);
    }

    @Test
    void theConsumerPublishesThemInItsSnapshot() {
        MetricsConsumer metrics = MetricsConsumer.create(CONFIG, new KeyStateRegistry(), PooledByteBufAllocator.DEFAULT);
        assertThat(metrics.snapshot().key("openai", "k1")).isEqualTo(KeyTimings.NONE);
        metrics.accept(answered());
        assertThat(metrics.render(System.nanoTime()).key("openai", "k1").latencyMs().count()).isEqualTo(1);
        assertThat(metrics.snapshot().key("openai", "k1").latencyMs().p50()).isCloseTo(50.8, withinPercentage(1));
    }
}
