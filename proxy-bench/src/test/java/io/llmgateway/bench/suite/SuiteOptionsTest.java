package io.llmgateway.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.bench.suite.SuiteOptions.ScenarioId;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteOptionsTest {

    @Test
    void everyScenarioAndTheFullProfileByDefault() {
        SuiteOptions o = SuiteOptions.parse(List.of());

        assertThat(o.scenarios()).containsExactly(ScenarioId.values());
        assertThat(o.profile()).isEqualTo(Profile.FULL);
        assertThat(o.rounds()).isEqualTo(3);
        assertThat(o.outDir().toString()).startsWith("bench-results");
        assertThat(o.gatewayJavaOptions()).isEmpty();
    }

    @Test
    void scenariosRunInTheirOwnOrderWhateverTheOrderGiven() {
        SuiteOptions o = SuiteOptions.parse(List.of("wrk", "c", "A", "--quick", "--rounds", "5", "--out", "x",
                "--gateway-java-opts", " -Xmx256m  -XX:+UseSerialGC ", "--no-nginx", "--no-wrk"));

        assertThat(o.scenarios()).containsExactly(ScenarioId.A, ScenarioId.C, ScenarioId.WRK);
        assertThat(o.profile()).isEqualTo(Profile.QUICK);
        assertThat(o.rounds()).isEqualTo(5);
        assertThat(o.outDir()).isEqualTo(Path.of("x"));
        assertThat(o.gatewayJavaOptions()).containsExactly("-Xmx256m", "-XX:+UseSerialGC");
        assertThat(o.nginx()).isNull();
        assertThat(o.wrk()).isNull();
        assertThat(o.targetNames()).containsExactly(Target.DIRECT, Target.GATEWAY);
    }

    @Test
    void badArgumentsNameTheProblem() {
        assertThatThrownBy(() -> SuiteOptions.parse(List.of("z"))).hasMessageContaining("scenario: z");
        assertThatThrownBy(() -> SuiteOptions.parse(List.of("--rounds", "0"))).hasMessageContaining("--rounds: 0");
        assertThatThrownBy(() -> SuiteOptions.parse(List.of("--rounds", "two"))).hasMessageContaining("--rounds: two");
        assertThatThrownBy(() -> SuiteOptions.parse(List.of("--out"))).hasMessage("--out: missing value");
        assertThatThrownBy(() -> SuiteOptions.parse(List.of("--nope"))).hasMessage("unknown option: --nope");
        assertThatThrownBy(() -> SuiteOptions.parse(List.of("--quick", "--smoke"))).hasMessageContaining("choose one");
    }
}
