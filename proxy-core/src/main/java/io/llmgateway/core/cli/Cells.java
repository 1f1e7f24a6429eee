package io.llmgateway.core.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How the admin API's JSON values are shown in a {@link Table} cell. */
final class Cells {

    private Cells() {
    }

    /** A string or number as it is; null as {@value Table#NONE}. */
    static String text(Object value) {
        if (value == null) {
            return Table.NONE;
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(value);
    }

    /** {@code $1.23}. */
    static String usd(Object value) {
        return value instanceof Number n ? String.format(Locale.ROOT, "$%.2f", n.doubleValue()) : Table.NONE;
    }

    /** A whole number of milliseconds, or {@value Table#NONE}. */
    static String millis(Object value) {
        return value instanceof Number n ? Long.toString(Math.round(n.doubleValue())) : Table.NONE;
    }

    /** A share (0.012) as a percentage ({@code 1.2%}). */
    static String percent(Object value) {
        return value instanceof Number n ? String.format(Locale.ROOT, "%.1f%%", n.doubleValue() * 100) : Table.NONE;
    }

    /** {@code used/limit} from {@code {"used":12,"limit":500}}; a limit of 0 (none) shows the use alone. */
    static String usage(Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            return Table.NONE;
        }
        String used = text(m.get("used"));
        Object limit = m.get("limit");
        return limit instanceof Number n && n.doubleValue() > 0 ? used + '/' + text(limit) : used;
    }

    /** {@code p50/p99} of a percentile object, in whole milliseconds. */
    static String percentiles(Object value) {
        if (!(value instanceof Map<?, ?> m) || m.get("p50") == null) {
            return Table.NONE;
        }
        return millis(m.get("p50")) + '/' + millis(m.get("p99"));
    }

    /** A list of strings joined by commas; empty or null as {@code empty}. */
    static String list(Object value, String empty) {
        if (!(value instanceof List<?> l) || l.isEmpty()) {
            return empty;
        }
        StringBuilder out = new StringBuilder();
        for (Object o : l) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(o);
        }
        return out.toString();
    }
}
