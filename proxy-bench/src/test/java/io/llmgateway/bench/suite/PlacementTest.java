package io.llmgateway.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementTest {

    @Test
    void parsesAndFormatsCpuLists() {
        assertThat(Placement.parseCpuList("0")).containsExactly(0);
        assertThat(Placement.parseCpuList("2-4,7")).containsExactly(2, 3, 4, 7);
        assertThat(Placement.format(List.of(0, 1, 2, 5, 7, 8))).isEqualTo("0-2,5,7-8");
        assertThatThrownBy(() -> Placement.parseCpuList("3-1")).hasMessageContaining("cpu list: 3-1");
        assertThatThrownBy(() -> Placement.parseCpuList(",")).hasMessageContaining("at least one CPU");
    }

    @Test
    void pinnedCommandsRunUnderTaskset() {
        Placement p = new Placement(List.of(0), List.of(1), "/usr/bin/taskset");

        assertThat(p.onProxyCpus(List.of("java", "-jar", "g.jar"))).containsExactly("/usr/bin/taskset", "-c", "1",
                "java", "-jar", "g.jar");
        assertThat(p.onLoadCpus(List.of("wrk"))).containsExactly("/usr/bin/taskset", "-c", "0", "wrk");
        assertThat(p.proxyThreads()).isEqualTo(1);
        assertThat(p.describe()).contains("CPU 0", "CPU 1", "one core each");
    }

    @Test
    void unpinnedCommandsRunAsGiven() {
        Placement p = Placement.unpinned();

        assertThat(p.onProxyCpus(List.of("nginx"))).containsExactly("nginx");
        assertThat(p.pinned()).isFalse();
        assertThat(p.describe()).startsWith("not pinned");
    }
}
