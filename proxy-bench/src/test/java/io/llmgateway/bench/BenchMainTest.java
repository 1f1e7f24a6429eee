package io.llmgateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchMainTest {

    @TempDir
    Path dir;

    @Test
    void parsesDurations() {
        assertThat(CliArgs.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(CliArgs.parseDuration("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(CliArgs.parseDuration("2")).isEqualTo(Duration.ofSeconds(2));
        assertThat(CliArgs.parseDuration("1.5m")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> CliArgs.parseDuration("soon")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesOptionsFlagsAndRepeats() {
        CliArgs a = CliArgs.parse(List.of("--url", "http://x/", "--stream", "--header", "A: 1", "--header=B: 2",
                "--rate", "2000"), Set.of("url", "header", "rate"), Set.of("stream"));

        assertThat(a.string("url", null)).isEqualTo("http://x/");
        assertThat(a.flag("stream")).isTrue();
        assertThat(a.all("header")).containsExactly("A: 1", "B: 2");
        assertThat(a.doubleValue("rate", 0)).isEqualTo(2000.0);
        assertThatThrownBy(() -> CliArgs.parse(List.of("--nope"), Set.of(), Set.of()))
                .hasMessage("unknown option: --nope");
        assertThatThrownBy(() -> CliArgs.parse(List.of("--url"), Set.of("url"), Set.of()))
                .hasMessage("--url: missing value");
    }

    @Test
    void badCommandLinesExitWithUsage() throws Exception {
        assertThat(BenchMain.run(new String[] {"frobnicate"})).isEqualTo(2);
        assertThat(BenchMain.run(new String[] {"load", "--concurrency", "4"})).isEqualTo(2);
        assertThat(BenchMain.run(new String[] {"mock", "--fault", "explode"})).isEqualTo(2);
        assertThat(BenchMain.run(new String[] {"help"})).isZero();
    }

    @Test
    void loadCommandWritesItsReports() throws Exception {
        try (MockUpstream mock = MockUpstream.start(MockOptions.defaults())) {
            Path json = dir.resolve("out.json");
            Path hgrm = dir.resolve("out.hgrm");
            int status = BenchMain.run(new String[] {"load", "--url", mock.baseUrl() + "/v1/chat/completions",
                "--concurrency", "2", "--requests", "20", "--stream", "--threads", "1",
                "--json", json.toString(), "--hgrm", hgrm.toString()});

            assertThat(status).isZero();
            assertThat(Files.readString(json)).contains("\"requests\" : 20");
            assertThat(hgrm).exists();
            assertThat(dir.resolve("out-ttft.hgrm")).exists();
        }
    }
}
