package io.llmgateway.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MetricTest {

    @Test
    void statsAreMedianAndRangeIgnoringMissingRounds() {
        Stats s = Stats.of(Arrays.asList(3.0, Double.NaN, 1.0, 2.0, 10.0));

        assertThat(s.n()).isEqualTo(4);
        assertThat(s.median()).isEqualTo(2.5);
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.max()).isEqualTo(10.0);
        assertThat(s.spreadPercent()).isCloseTo(180, within(1e-9));
        assertThat(Stats.of(Arrays.asList(Double.NaN)).isEmpty()).isTrue();
    }

    @Test
    void latencyIsComparedRoundByRoundAsADifference() {
        Metric m = new Metric("latency p50", "ms", Metric.Kind.LATENCY)
                .put("direct", 0, 0.10).put("gateway", 0, 0.15)
                .put("direct", 1, 0.30).put("gateway", 1, 0.32)
                .put("gateway", 2, 0.50); // no direct in round 2: not paired

        Stats added = m.paired("gateway", "direct");

        assertThat(added.n()).isEqualTo(2);
        assertThat(added.median()).isCloseTo(0.035, within(1e-9));
        assertThat(m.stats("gateway").median()).isEqualTo(0.32);
    }

    @Test
    void throughputIsComparedRoundByRoundAsARatio() {
        Metric m = new Metric("throughput", "req/s", Metric.Kind.THROUGHPUT)
                .put("nginx", 0, 100).put("gateway", 0, 50)
                .put("nginx", 1, 100).put("gateway", 1, 150)
                .put("nginx", 2, 100).put("gateway", 2, 90);

        assertThat(m.paired("gateway", "nginx").median()).isCloseTo(0.9, within(1e-9));
    }
}
