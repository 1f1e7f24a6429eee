package io.llmgateway.core.config;

import java.util.List;
import java.util.Map;

/**
 * One key of the configuration file: its YAML name, its type, its default and its bounds. Every
 * key is declared once, in {@link ConfigKeys}; the loader reads through these descriptors, unknown
 * keys are found from them, and tests compare them with {@code config.example.yaml} and README.
 *
 * <p>A key whose default is not a constant (the provider's {@code name} defaults to its {@code id})
 * has a null {@link #defaultValue()} and says in {@link #documentedDefault()} what happens instead.
 * Immutable once {@link ConfigKeys} is initialised.
 *
 * @param <T> the type of the value, boxed
 */
public abstract sealed class ConfigKey<T> permits ConfigKey.IntKey, ConfigKey.LongKey, ConfigKey.DoubleKey,
        ConfigKey.BoolKey, ConfigKey.StringKey, ConfigKey.ChoiceKey, ConfigKey.StringListKey, ConfigKey.StringMapKey {

    private final ConfigSection section;
    private final String name;
    private final T defaultValue;
    private final String documentedDefault;

    private ConfigKey(ConfigSection section, String name, T defaultValue, String documentedDefault) {
        this.section = section;
        this.name = name;
        this.defaultValue = defaultValue;
        this.documentedDefault = documentedDefault != null ? documentedDefault : render(defaultValue);
        section.add(this);
    }

    /** The YAML name, e.g. {@code max_request_bytes}. */
    public String name() {
        return name;
    }

    /** Where the key sits in the file, e.g. {@code server.max_request_bytes} or {@code providers[].keys[].id}. */
    public String path() {
        return section.prefix() + name;
    }

    public ConfigSection section() {
        return section;
    }

    /** The value used when the key is absent, or null when that depends on other keys. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default as README shows it: the YAML value, or what happens when the key is absent. */
    public String documentedDefault() {
        return documentedDefault;
    }

    /** This key's node in {@code section}, the node of its section. */
    ConfigNode node(ConfigNode section) {
        return section.get(name);
    }

    /** Whether {@code section} sets this key. */
    boolean isSetIn(ConfigNode section) {
        return node(section).present();
    }

    /** The value in {@code section} (boxed), problems recorded as {@link ConfigNode} does. */
    abstract T value(ConfigNode section);

    @Override
    public String toString() {
        return path();
    }

    /** The whole number in {@code n}, or {@code def} when absent or invalid (recorded). Underscores are allowed. */
    private static long parseLong(ConfigNode n, long def, long min, long max) {
        String v = n.text();
        if (v == null) {
            return def;
        }
        try {
            long l = Long.parseLong(v.trim().replace("_", ""));
            if (l < min || l > max) {
                n.problem("must be between " + min + " and " + max + ", got " + (n.fromEnvironment() ? n.shown() : l));
                return def;
            }
            return l;
        } catch (NumberFormatException e) {
            n.invalid(v, "an integer");
            return def;
        }
    }

    private static String render(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return Long.toString(d.longValue());
        }
        if (value instanceof String s && s.isEmpty()) {
            return "\"\"";
        }
        if (value instanceof List<?> l && l.isEmpty()) {
            return "[]";
        }
        if (value instanceof Map<?, ?> m && m.isEmpty()) {
            return "{}";
        }
        return String.valueOf(value);
    }

    /** A whole number held in an {@code int}, within {@code [min, max]}. */
    public static final class IntKey extends ConfigKey<Integer> {
        private final int min;
        private final int max;

        IntKey(ConfigSection section, String name, int def, int min, int max) {
            super(section, name, def, null);
            this.min = min;
            this.max = max;
        }

        int read(ConfigNode section) {
            return (int) parseLong(node(section), defaultValue(), min, max);
        }

        @Override
        Integer value(ConfigNode section) {
            return read(section);
        }
    }

    /** A whole number held in a {@code long}, within {@code [min, max]}. */
    public static final class LongKey extends ConfigKey<Long> {
        private final long min;
        private final long max;

        LongKey(ConfigSection section, String name, long def, long min, long max) {
            super(section, name, def, null);
            this.min = min;
            this.max = max;
        }

        long read(ConfigNode section) {
            return parseLong(node(section), defaultValue(), min, max);
        }

        /** The value, or {@code whenAbsent} when the key is not set (a default that depends on another key). */
        long read(ConfigNode section, long whenAbsent) {
            return parseLong(node(section), whenAbsent, min, max);
        }

        @Override
        Long value(ConfigNode section) {
            return read(section);
        }
    }

    /** A number within {@code [min, max]}. */
    public static final class DoubleKey extends ConfigKey<Double> {
        private final double min;
        private final double max;

        DoubleKey(ConfigSection section, String name, double def, double min, double max) {
            this(section, name, def, null, min, max);
        }

        /** {@code def} null: the value when absent depends on other keys, as {@code documentedDefault} says. */
        DoubleKey(ConfigSection section, String name, Double def, String documentedDefault, double min, double max) {
            super(section, name, def, documentedDefault);
            this.min = min;
            this.max = max;
        }

        double read(ConfigNode section) {
            return read(section, defaultValue());
        }

        /** The number, or {@code whenAbsent} when the key is absent or invalid (the problem recorded). */
        double read(ConfigNode section, double whenAbsent) {
            ConfigNode n = node(section);
            String v = n.text();
            if (v == null) {
                return whenAbsent;
            }
            try {
                double d = Double.parseDouble(v.trim());
                if (!(d >= min && d <= max)) {
                    n.problem("must be between " + min + " and " + max + ", got " + (n.fromEnvironment() ? n.shown() : v));
                    return whenAbsent;
                }
                return d;
            } catch (NumberFormatException e) {
                n.invalid(v, "a number");
                return whenAbsent;
            }
        }

        @Override
        Double value(ConfigNode section) {
            Double def = defaultValue();
            if (def == null) {
                return isSetIn(section) ? read(section, 0) : null;
            }
            return read(section);
        }
    }

    /** {@code true} or {@code false} (also yes/no, on/off). */
    public static final class BoolKey extends ConfigKey<Boolean> {

        BoolKey(ConfigSection section, String name, boolean def) {
            super(section, name, def, null);
        }

        boolean read(ConfigNode section) {
            ConfigNode n = node(section);
            String v = n.text();
            if (v == null) {
                return defaultValue();
            }
            switch (v.trim().toLowerCase()) {
                case "true", "yes", "on" -> {
                    return true;
                }
                case "false", "no", "off" -> {
                    return false;
                }
                default -> {
                    n.invalid(v, "true or false");
                    return defaultValue();
                }
            }
        }

        @Override
        Boolean value(ConfigNode section) {
            return read(section);
        }
    }

    /** Free text; its default may be null (then {@code documentedDefault} says what applies). */
    public static final class StringKey extends ConfigKey<String> {

        StringKey(ConfigSection section, String name, String def, String documentedDefault) {
            super(section, name, def, documentedDefault);
        }

        /** The text, the default when absent (null for a key without one). */
        String read(ConfigNode section) {
            return node(section).string(defaultValue());
        }

        /** The text, or null after recording a problem when it is absent or blank. */
        String required(ConfigNode section) {
            return node(section).requiredString();
        }

        @Override
        String value(ConfigNode section) {
            return read(section);
        }
    }

    /** One of a fixed set of words, compared case-insensitively; its default may be null. */
    public static final class ChoiceKey extends ConfigKey<String> {
        private final String[] allowed;

        ChoiceKey(ConfigSection section, String name, String def, String documentedDefault, String... allowed) {
            super(section, name, def, documentedDefault);
            this.allowed = allowed.clone();
        }

        /** The allowed words, in the order messages list them. */
        public List<String> allowed() {
            return List.of(allowed);
        }

        /** The word, lower-case; the default when absent or not allowed (recorded). */
        String read(ConfigNode section) {
            ConfigNode n = node(section);
            String v = n.text();
            if (v == null) {
                return defaultValue();
            }
            String lower = v.trim().toLowerCase();
            for (String a : allowed) {
                if (a.equals(lower)) {
                    return a;
                }
            }
            n.invalid(v, "one of " + String.join(", ", allowed));
            return defaultValue();
        }

        @Override
        String value(ConfigNode section) {
            return read(section);
        }
    }

    /** A list of strings (a single value counts as a list of one); absent is empty. */
    public static final class StringListKey extends ConfigKey<List<String>> {

        StringListKey(ConfigSection section, String name) {
            super(section, name, List.of(), null);
        }

        List<String> read(ConfigNode section) {
            return node(section).stringList();
        }

        @Override
        List<String> value(ConfigNode section) {
            return read(section);
        }
    }

    /** A mapping of strings to strings; absent is empty. */
    public static final class StringMapKey extends ConfigKey<Map<String, String>> {

        StringMapKey(ConfigSection section, String name) {
            super(section, name, Map.of(), null);
        }

        Map<String, String> read(ConfigNode section) {
            return node(section).stringMap();
        }

        @Override
        Map<String, String> value(ConfigNode section) {
            return read(section);
        }
    }
}
