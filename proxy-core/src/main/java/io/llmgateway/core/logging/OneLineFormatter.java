package io.llmgateway.core.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Formats every log record as exactly one line, so that a line-based collector (journald, a
 * container runtime, Fluent Bit, Vector) keeps an event whole without a multi-line parser:
 *
 * <pre>
 *   2025-06-01T12:00:00.123Z warn  [io.llmgateway.core.balance.KeyStateRegistry] key 'oa-1' of provider 'openai' ...
 * </pre>
 *
 * <ul>
 *   <li>The timestamp is the event's instant in UTC, as its {@code Z} says, with milliseconds.</li>
 *   <li>The level is {@code error}, {@code warn}, {@code info} or {@code debug}: the names of
 *       {@code --log-level} (see {@link LogLevel#labelOf}).</li>
 *   <li>A line break inside the message or the stack trace of an attached exception is written
 *       as the two characters {@code \n} (tab as {@code \t}, other control characters as
 *       {@code \}{@code uXXXX}, a backslash as {@code \\}). Besides keeping an event on one line,
 *       this stops a value from a request (a header, a model name) from forging a log line.
 *       The stack trace follows the message after {@code " | "}.</li>
 * </ul>
 *
 * <p>Thread-safe and stateless: the JDK calls it from whichever thread logs.
 */
public final class OneLineFormatter extends Formatter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    @Override
    public String format(LogRecord record) {
        String message = formatMessage(record);
        StringBuilder out = new StringBuilder(80 + (message == null ? 4 : message.length()));
        TIME.formatTo(record.getInstant(), out);
        String level = LogLevel.labelOf(record.getLevel());
        out.append(' ').append(level);
        for (int pad = level.length(); pad < 5; pad++) {
            out.append(' ');
        }
        out.append(" [").append(record.getLoggerName()).append("] ");
        appendEscaped(out, String.valueOf(message));
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter w = new PrintWriter(trace)) {
                thrown.printStackTrace(w);
            }
            out.append(" | ");
            appendEscaped(out, trace.toString().stripTrailing());
        }
        return out.append('\n').toString();
    }

    /** Appends {@code text} with every control character and backslash escaped. */
    static void appendEscaped(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
