package io.llmgateway.core.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.TimeZone;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class OneLineFormatterTest {

    private final OneLineFormatter formatter = new OneLineFormatter();

    private static LogRecord record(Level level, String message) {
        LogRecord r = new LogRecord(level, message);
        r.setInstant(Instant.parse("2025-03-04T05:06:07.089Z"));
        r.setLoggerName("io.llmgateway.core.Test");
        return r;
    }

    @Test
    void theTimestampIsUtcWhateverTheDefaultTimeZone() {
        TimeZone before = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
            assertThat(formatter.format(record(Level.INFO, "hello")))
                    .isEqualTo("2025-03-04T05:06:07.089Z info  [io.llmgateway.core.Test] hello\n");
        } finally {
            TimeZone.setDefault(before);
        }
    }

    @Test
    void levelsAreNamedAsOnTheCommandLine() {
        assertThat(formatter.format(record(Level.SEVERE, "x"))).contains("Z error [");
        assertThat(formatter.format(record(Level.WARNING, "x"))).contains("Z warn  [");
        assertThat(formatter.format(record(Level.INFO, "x"))).contains("Z info  [");
        assertThat(formatter.format(record(Level.CONFIG, "x"))).contains("Z debug [");
        assertThat(formatter.format(record(Level.FINE, "x"))).contains("Z debug [");
        assertThat(formatter.format(record(Level.FINEST, "x"))).contains("Z debug [");
    }

    @Test
    void aMultiLineMessageAndAStackTraceStayOnOneLine() {
        LogRecord r = record(Level.SEVERE, "reload rejected:\n  - a\r\n  - b\tc \\ d");
        r.setThrown(new IOException("boom"));
        String line = formatter.format(r);
        assertThat(line).endsWith("\n");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n").doesNotContain("\r");
        assertThat(line).contains("reload rejected:\\n  - a\\r\\n  - b\\tc \\\\ d | java.io.IOException: boom\\n\\tat ")
                .contains("OneLineFormatterTest");
    }

    @Test
    void controlCharactersCannotForgeALine() {
        String line = formatter.format(record(Level.WARNING, "model 'x\u001b[31m\u0000'"));
        assertThat(line).contains("model 'x\\u001b[31m\\u0000'");
    }

    @Test
    void parametersOfJdkLoggersAreFilledIn() {
        LogRecord r = record(Level.INFO, "{0} of {1}");
        r.setParameters(new Object[] {"one", "two"});
        assertThat(formatter.format(r)).contains("] one of two\n");
    }

    @Test
    void logLevelsParseCaseInsensitivelyAndNameTheirSource() {
        assertThat(LogLevel.parse("WARN", "--log-level")).isEqualTo(LogLevel.WARN);
        assertThat(LogLevel.parse(" debug ", "--log-level")).isEqualTo(LogLevel.DEBUG);
        assertThatThrownBy(() -> LogLevel.parse("warning", "$LLM_GATEWAY_LOG_LEVEL"))
                .hasMessage("$LLM_GATEWAY_LOG_LEVEL: 'warning' is not a log level (expected one of: error, warn, info, "
                        + "debug)");
    }
}
