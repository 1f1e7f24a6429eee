package io.llmgateway.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadReportTest {

    @TempDir
    Path dir;

    private static LoadResult result() {
        Histogram latency = LoopStats.newHistogram();
        Histogram ttft = LoopStats.newHistogram();
        Histogram gap = LoopStats.newHistogram();
        for (int i = 1; i <= 100; i++) {
            latency.recordValue(i * 1000L);
            ttft.recordValue(i * 100L);
            gap.recordValue(i * 10L);
        }
        LoadOptions options = LoadOptions.builder("http://127.0.0.1:1/v1/chat/completions").rate(50).requests(101).build();
        return new LoadResult(options, Map.of(Outcome.OK, 100L, Outcome.TIMEOUT, 1L), Map.of(200, 100L),
                2_000_000_000L, 12345, latency, ttft, gap);
    }

    @Test
    void textSummaryHasRateErrorsAndPercentiles() {
        String text = LoadReport.text(result());

        assertThat(text).contains("requests 101 in 2.00 s = 50.5 req/s")
                .contains("timeouts 1")
                .contains("latency (from intended send)")
                .contains("p50 50.015").contains("p99.9").contains("max 100.031 ms")
                .contains("time to first token");
    }

    @Test
    void jsonSummaryParses() throws IOException {
        Path file = dir.resolve("out.json");
        LoadReport.writeJson(result(), file);

        Set<String> fields = new HashSet<>();
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    fields.add(p.currentName());
                }
            }
        }
        assertThat(fields).contains("requests_per_second", "errors", "timeouts", "truncated_streams",
                "latency_ms", "ttft_ms", "gap_ms", "p50", "p99_9", "max");
    }

    @Test
    void hgrmFilesForLatencyTtftAndGaps() throws IOException {
        Path file = dir.resolve("run.hgrm");
        LoadReport.writeHgrm(result(), file);

        assertThat(Files.readString(file)).contains("Value     Percentile").contains("#[Max     =      100.031");
        assertThat(dir.resolve("run-ttft.hgrm")).exists();
        assertThat(dir.resolve("run-gap.hgrm")).exists();
    }
}
