package io.llmgateway.core.logging;

import java.util.Locale;
import java.util.logging.Level;

/**
 * The four levels an operator chooses with {@code --log-level}, and the names every log line
 * prints: a line says {@code warn} where {@code --log-level warn} shows it, never the JDK's
 * {@code WARNING} or {@code FINE}.
 */
public enum LogLevel {
    ERROR(Level.SEVERE),
    WARN(Level.WARNING),
    INFO(Level.INFO),
    DEBUG(Level.FINE);

    private final Level jul;
    private final String label;

    LogLevel(Level jul) {
        this.jul = jul;
        this.label = name().toLowerCase(Locale.ROOT);
    }

    /** The JDK logging level this one maps to. */
    public Level jul() {
        return jul;
    }

    /** The name as written on the command line and in log lines. */
    public String label() {
        return label;
    }

    /**
     * Parses a level name, case-insensitively.
     *
     * @param source where the value came from ({@code --log-level}, an environment variable), for the message
     * @throws IllegalArgumentException naming the value, its source and the accepted names
     */
    public static LogLevel parse(String value, String source) {
        for (LogLevel l : values()) {
            if (l.label.equalsIgnoreCase(value.trim())) {
                return l;
            }
        }
        throw new IllegalArgumentException(source + ": '" + value + "' is not a log level (expected one of: "
                + "error, warn, info, debug)");
    }

    /** The label of a JDK level: at or above SEVERE error, WARNING warn, INFO info, anything finer debug. */
    public static String labelOf(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return ERROR.label;
        }
        if (v >= Level.WARNING.intValue()) {
            return WARN.label;
        }
        return v >= Level.INFO.intValue() ? INFO.label : DEBUG.label;
    }
}
