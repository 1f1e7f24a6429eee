package io.llmgateway.bench.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** What the suite reads from other programs: jstat, wrk (through scripts/wrk/*.lua), /proc. */
class ParsersTest {

    @Test
    void heapFromJstatGc() {
        String jstat = """
                 S0C      S1C      S0U      S1U       EC       EU        OC        OU       MC      MU    CCSC   CCSU   YGC  YGCT  FGC  FGCT  CGC  CGCT  GCT
                 0.0   2048.0      0.0   2048.0  30720.0  10240.0   32768.0   5120.5  9000.0  8800.0 1000.0  900.0    3 0.010    0 0.000     -      - 0.011
                """;

        JvmHeap heap = JvmHeap.parseJstatGc(jstat);

        assertThat(heap.usedKib()).isCloseTo(2048 + 10240 + 5120.5, within(1e-9));
        assertThat(heap.capacityKib()).isCloseTo(2048 + 30720 + 32768, within(1e-9));
        assertThat(JvmHeap.parseJstatGc("garbage").usedKib()).isNaN();
    }

    @Test
    void wrkResultFromTheLuaDoneHook() {
        String out = """
                Running 10s test @ http://127.0.0.1:8080/v1/chat/completions
                  1 threads and 64 connections
                {"wrk":1,"requests":123456,"duration_us":10000000,"p50_us":1295,"p90_us":2000,"p99_us":7875,"max_us":9000,"errors":2,"connect":0,"read":2,"write":0,"status":0,"timeout":0}
                """;

        WrkScenario.WrkResult r = WrkScenario.WrkResult.parse(out);

        assertThat(r.requests()).isEqualTo(123456);
        assertThat(r.requestsPerSecond()).isCloseTo(12345.6, within(1e-6));
        assertThat(r.p50Ms()).isCloseTo(1.295, within(1e-9));
        assertThat(r.p99Ms()).isCloseTo(7.875, within(1e-9));
        assertThat(r.errors()).isEqualTo(2);
        assertThatThrownBy(() -> WrkScenario.WrkResult.parse("unable to connect")).hasMessageContaining("no result line");
    }

    @Test
    void procStatsOfThisProcess() {
        long pid = ProcessHandle.current().pid();
        if (ProcStats.rssKib(pid) < 0) {
            return; // not Linux
        }
        assertThat(ProcStats.rssKib(pid)).isPositive();
        assertThat(ProcStats.openFds(pid)).isPositive();
        assertThat(ProcStats.cpuTicks(pid)).isNotNegative();
        assertThat(ProcStats.runQueueWaitNanos(pid)).isNotNegative();
        assertThat(ProcStats.openFileLimit()).isPositive();
        assertThat(ProcStats.machineTicks()[1]).isPositive();
    }

    @Test
    void memoryScenarioFitsTheDescriptorLimit() {
        assertThat(MemoryScenario.streamsFor(10_000, 65_536)).isEqualTo(10_000);
        assertThat(MemoryScenario.streamsFor(10_000, 20_000)).isEqualTo(9_744);
        assertThat(MemoryScenario.streamsFor(10_000, Long.MAX_VALUE)).isEqualTo(10_000);
    }
}
