package io.llmgateway.core.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A text table for a terminal: a header row and aligned columns two spaces apart. A column of
 * figures ({@code 12}, {@code 12/500}, {@code $1.50}, {@code 0.5%}; missing ones aside) is aligned
 * right, so that figures line up; a missing value is {@code -}.
 *
 * <pre>
 *   new Table("ID", "NAME", "RPM").row("vk_1", "ci-bot", "60").print(out);
 * </pre>
 */
final class Table {

    static final String NONE = "-";
    private static final Pattern FIGURE = Pattern.compile("\\$?[0-9][0-9.,/%]*");

    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = headers.clone();
    }

    /** Adds a row of {@code cells} (one per header; null is shown as {@value #NONE}). */
    Table row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells (expected: " + headers.length
                    + ", one per header)");
        }
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = cells[i] == null ? NONE : String.valueOf(cells[i]);
        }
        rows.add(row);
        return this;
    }

    void print(PrintStream out) {
        int[] widths = new int[headers.length];
        boolean[] right = new boolean[headers.length];
        for (int c = 0; c < headers.length; c++) {
            widths[c] = headers[c].length();
            boolean figures = true;
            boolean any = false;
            for (String[] row : rows) {
                widths[c] = Math.max(widths[c], row[c].length());
                boolean missing = row[c].equals(NONE);
                figures &= missing || FIGURE.matcher(row[c]).matches();
                any |= !missing;
            }
            right[c] = figures && any;
        }
        line(out, headers, widths, right);
        for (String[] row : rows) {
            line(out, row, widths, right);
        }
    }

    private static void line(PrintStream out, String[] cells, int[] widths, boolean[] right) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                line.append("  ");
            }
            String pad = " ".repeat(widths[c] - cells[c].length());
            if (right[c]) {
                line.append(pad).append(cells[c]);
            } else {
                line.append(cells[c]);
                if (c < cells.length - 1) {
                    line.append(pad);
                }
            }
        }
        out.println(line);
    }
}
