package io.llmgateway.core.observe.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.config.ConfigException;
import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestLogTest {

    @TempDir
    Path dir;

    private static GatewayConfig config(String logging) {
        try {
            return new ConfigLoader(Map.<String, String>of()::get).parse("""
                    logging:
                    %s
                    providers:
                      - id: up
                        base_url: "http://127.0.0.1:9/v1"
                        keys:
                          - id: k1
                            secret: "sk-unused"
                    model_aliases:
                      gpt-4o: up:gpt-4o
                    """.formatted(logging.indent(2)), "test");
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static List<String> ids(RequestLog log) {
        return log.ring().read(RequestLogRing.Filter.newest(100)).stream()
                .map(e -> e.json().replaceFirst(".*\"request_id\":\"([^\"]+)\".*", "$1")).toList();
    }

    @Test
    void everyOutcomeGoesToTheRingAndTheFile() throws Exception {
        Path file = dir.resolve("logs/llm.log");
        RequestLog log = new RequestLog(config("""
                ring_size: 2
                file:
                  enabled: true
                  path: "%s"
                """.formatted(file)).logging());
        for (int i = 1; i <= 3; i++) {
            log.accept(LogFixtures.refused("r" + i, "app"));
        }
        log.close();

        assertThat(ids(log)).containsExactly("r3", "r2");
        assertThat(Files.readAllLines(file)).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("{\"timestamp\":"));
        assertThat(log.sinks().dropped()).isZero();
    }

    @Test
    void aReloadResizesTheRingKeepingItsEntriesAndMovesTheFile() throws Exception {
        Path first = dir.resolve("first.log");
        Path second = dir.resolve("second.log");
        RequestLog log = new RequestLog(config("""
                ring_size: 2
                file: {enabled: true, path: "%s"}
                """.formatted(first)).logging());
        log.accept(LogFixtures.refused("r1", null));
        log.accept(LogFixtures.refused("r2", null));

        log.reconfigure(config("""
                ring_size: 5
                file: {enabled: true, path: "%s"}
                """.formatted(second)));
        log.accept(LogFixtures.refused("r3", null));
        log.close();

        assertThat(ids(log)).containsExactly("r3", "r2", "r1");
        assertThat(Files.readAllLines(first)).hasSize(2);
        assertThat(Files.readAllLines(second)).hasSize(1).allSatisfy(l -> assertThat(l).contains("\"req_id\":\"r3\""));
    }

    @Test
    void withoutSinksTheRingEncodesAnEntryWhenItIsReadAsTheSinksWould() throws Exception {
        RequestLog lazy = new RequestLog(config("ring_size: 10").logging());
        Path file = dir.resolve("eager.log");
        RequestLog eager = new RequestLog(config("""
                ring_size: 10
                file:
                  enabled: true
                  path: "%s"
                """.formatted(file)).logging());
        var outcome = LogFixtures.retried(null);
        lazy.accept(outcome);
        eager.accept(outcome);
        eager.close();

        RequestLogEntry kept = lazy.ring().read(RequestLogRing.Filter.newest(1)).get(0);
        assertThat(kept.provider()).isEqualTo("b");
        assertThat(kept.keyId()).isEqualTo("k2");
        assertThat(kept.status()).isEqualTo(200);
        String line = Files.readAllLines(file).get(0);
        // the same line but for the timestamp, read from the wall clock at each accept
        assertThat(kept.json().replaceFirst("\"timestamp\":\"[^\"]+\"", ""))
                .isEqualTo(line.replaceFirst("\"timestamp\":\"[^\"]+\"", ""))
                .contains("\"request_id\":\"req-7\"", "\"overhead_us\":5000");
        assertThat(kept.json()).as("encoded once, then kept").isSameAs(kept.json());
    }

    @Test
    void aRingOfZeroWithoutSinksKeepsNothing() {
        RequestLog log = new RequestLog(config("ring_size: 0").logging());
        log.accept(LogFixtures.refused("r1", null));
        log.close();

        assertThat(log.ring().read(RequestLogRing.Filter.newest(10))).isEmpty();
    }

    @Test
    void theArrivalIsTheOutcomesNanoTimeReadingOnTheWallClock() {
        long before = System.currentTimeMillis();
        long arrival = RequestLog.arrivalEpochMillis(System.nanoTime() - 5_000_000_000L);
        long after = System.currentTimeMillis();

        assertThat(arrival).isBetween(before - 5_001, after - 4_999);
    }
}
