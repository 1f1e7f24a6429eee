package io.llmgateway.core.observe.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileSinkTest {

    @TempDir
    Path dir;

    /** A line of 20 bytes with its newline: {"n":"line-0001"} */
    private static RequestLogEntry line(int n) {
        return new RequestLogEntry("p", 200, "k", null, "{\"n\":\"line-%04d\"}".formatted(n));
    }

    private static List<String> lines(Path p) throws IOException {
        return Files.exists(p) ? Files.readAllLines(p) : List.of();
    }

    @Test
    void writesOneLinePerEntryCreatingItsDirectories() throws IOException {
        Path file = dir.resolve("a/b/llm.log");
        RotatingFileSink sink = new RotatingFileSink(file, 1 << 20, 5, 100).start();
        for (int i = 1; i <= 3; i++) {
            sink.offer(line(i));
        }
        sink.close();

        assertThat(lines(file)).containsExactly("{\"n\":\"line-0001\"}", "{\"n\":\"line-0002\"}", "{\"n\":\"line-0003\"}");
        assertThat(sink.written()).isEqualTo(3);
        assertThat(sink.dropped()).isZero();
    }

    @Test
    void rotatesAtTheSizeKeepingMaxBackupsAndDroppingTheOldest() throws IOException {
        Path file = dir.resolve("llm.log");
        RotatingFileSink sink = new RotatingFileSink(file, 60, 2, 100).start(); // three lines a file
        for (int i = 1; i <= 11; i++) {
            sink.offer(line(i));
        }
        sink.close();

        assertThat(lines(file)).containsExactly("{\"n\":\"line-0010\"}", "{\"n\":\"line-0011\"}");
        assertThat(lines(dir.resolve("llm.log.1"))).containsExactly("{\"n\":\"line-0007\"}", "{\"n\":\"line-0008\"}",
                "{\"n\":\"line-0009\"}");
        assertThat(lines(dir.resolve("llm.log.2"))).containsExactly("{\"n\":\"line-0004\"}", "{\"n\":\"line-0005\"}",
                "{\"n\":\"line-0006\"}");
        assertThat(dir.resolve("llm.log.3")).doesNotExist();
        for (Path p : List.of(file, dir.resolve("llm.log.1"), dir.resolve("llm.log.2"))) {
            assertThat(Files.size(p)).as(p.toString()).isLessThanOrEqualTo(60);
        }
    }

    @Test
    void withoutBackupsTheFileStartsAgain() throws IOException {
        Path file = dir.resolve("llm.log");
        RotatingFileSink sink = new RotatingFileSink(file, 40, 0, 100).start();
        for (int i = 1; i <= 5; i++) {
            sink.offer(line(i));
        }
        sink.close();

        assertThat(lines(file)).containsExactly("{\"n\":\"line-0005\"}");
        assertThat(dir.resolve("llm.log.1")).doesNotExist();
    }

    @Test
    void anExistingFileIsAppendedToAndCountsTowardsItsSize() throws IOException {
        Path file = dir.resolve("llm.log");
        Files.writeString(file, "{\"n\":\"line-0000\"}\n{\"n\":\"line-0000\"}\n");
        RotatingFileSink sink = new RotatingFileSink(file, 60, 1, 100).start();
        sink.offer(line(1));
        sink.offer(line(2));
        sink.close();

        assertThat(lines(dir.resolve("llm.log.1"))).containsExactly("{\"n\":\"line-0000\"}", "{\"n\":\"line-0000\"}",
                "{\"n\":\"line-0001\"}");
        assertThat(lines(file)).containsExactly("{\"n\":\"line-0002\"}");
    }

    @Test
    void aFileThatCannotBeWrittenDropsAndCountsWithoutStoppingTheSink() throws IOException {
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "x");
        RotatingFileSink sink = new RotatingFileSink(blocker.resolve("llm.log"), 1 << 20, 1, 100).start();
        for (int i = 1; i <= 4; i++) {
            sink.offer(line(i));
        }
        sink.close();

        assertThat(sink.dropped()).isEqualTo(4);
        assertThat(sink.written()).isZero();
    }

    @Test
    void aFullQueueDropsTheNewestAndCounts() throws IOException {
        Path file = dir.resolve("llm.log");
        RotatingFileSink sink = new RotatingFileSink(file, 1 << 20, 1, 4); // not started: nothing drains
        for (int i = 1; i <= 10; i++) {
            sink.offer(line(i));
        }
        assertThat(sink.dropped()).isEqualTo(6);
        sink.start().close();

        assertThat(lines(file)).containsExactly("{\"n\":\"line-0001\"}", "{\"n\":\"line-0002\"}", "{\"n\":\"line-0003\"}",
                "{\"n\":\"line-0004\"}");
    }
}
