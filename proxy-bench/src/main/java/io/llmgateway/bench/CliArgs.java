package io.llmgateway.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} and {@code --flag} arguments of one sub-command. Unknown names, missing
 * values and unparsable numbers fail with a message naming the option.
 */
final class CliArgs {

    private final Map<String, List<String>> values = new HashMap<>();

    private CliArgs() {
    }

    /**
     * Parses {@code args}. {@code flags} take no value; {@code options} take one (and may repeat).
     * {@code --name=value} is accepted too.
     */
    static CliArgs parse(List<String> args, Set<String> options, Set<String> flags) {
        CliArgs parsed = new CliArgs();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                parsed.values.computeIfAbsent(name, n -> new ArrayList<>()).add(inline == null ? "true" : inline);
            } else if (options.contains(name)) {
                String value = inline;
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--" + name + ": missing value");
                    }
                    value = args.get(++i);
                }
                parsed.values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } else {
                throw new IllegalArgumentException("unknown option: --" + name);
            }
        }
        return parsed;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name, String fallback) {
        List<String> v = values.get(name);
        return v == null ? fallback : v.get(v.size() - 1);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(string(name, "false"));
    }

    long longValue(String name, long fallback) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": " + v + " (expected: an integer)", e);
        }
    }

    int intValue(String name, int fallback) {
        long v = longValue(name, fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + name + ": " + v + " (expected: an int)");
        }
        return (int) v;
    }

    double doubleValue(String name, double fallback) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": " + v + " (expected: a number)", e);
        }
    }

    Duration duration(String name, Duration fallback) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return parseDuration(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + name + ": " + v + " (expected: e.g. 500ms, 10s, 2m, 1h)", e);
        }
    }

    /** {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}; a bare number is seconds. */
    static Duration parseDuration(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        int unitStart = 0;
        while (unitStart < v.length() && (Character.isDigit(v.charAt(unitStart)) || v.charAt(unitStart) == '.')) {
            unitStart++;
        }
        if (unitStart == 0) {
            throw new IllegalArgumentException("no number in " + text);
        }
        double amount = Double.parseDouble(v.substring(0, unitStart));
        double nanosPerUnit = switch (v.substring(unitStart)) {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "", "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            default -> throw new IllegalArgumentException("unknown unit in " + text);
        };
        return Duration.ofNanos(Math.round(amount * nanosPerUnit));
    }
}
