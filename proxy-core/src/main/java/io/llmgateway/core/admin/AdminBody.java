package io.llmgateway.core.admin;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON object from an admin request, read field by field: every accessor names the field (as a
 * dotted path) in the {@link AdminException} it throws for a wrong type or range, and
 * {@link #finish()} refuses fields nobody read, so a misspelt field is an error rather than a
 * silent default. Read everything, then {@code finish()}, then change state: a bad request changes
 * nothing.
 */
public final class AdminBody {

    private final String prefix;
    private final Map<String, Object> fields;
    private final Set<String> read = new HashSet<>();

    private AdminBody(String prefix, Map<String, Object> fields) {
        this.prefix = prefix;
        this.fields = fields;
    }

    /** The body as a JSON object; see {@link AdminJson#parseObject}. */
    public static AdminBody parse(byte[] json) {
        return new AdminBody("", AdminJson.parseObject(json));
    }

    /** Whether the object has {@code field} (null counts as present: PATCH uses it to clear a value). */
    public boolean has(String field) {
        return fields.containsKey(field);
    }

    /** The field's dotted path, for messages. */
    public String path(String field) {
        return prefix + field;
    }

    /** A required, non-blank string. */
    public String string(String field) {
        String v = optionalString(field);
        if (v == null || v.isBlank()) {
            throw AdminException.invalid(path(field), "'" + path(field) + "' is required (a non-empty string)");
        }
        return v;
    }

    /** A string, or null when absent or null. */
    public String optionalString(String field) {
        Object v = take(field);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw wrongType(field, "a string", v);
    }

    /** A whole number in [min, max], or null when absent or null. */
    public Long optionalLong(String field, long min, long max) {
        Object v = take(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Long n && n >= min && n <= max) {
            return n;
        }
        throw wrongType(field, "a whole number from " + min + " to " + max, v);
    }

    /** A number in [min, max], or null when absent or null. */
    public Double optionalDouble(String field, double min, double max) {
        Object v = take(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n && n.doubleValue() >= min && n.doubleValue() <= max) {
            return n.doubleValue();
        }
        throw wrongType(field, "a number from " + min + " to " + max, v);
    }

    /** A boolean, or null when absent or null. */
    public Boolean optionalBoolean(String field) {
        Object v = take(field);
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        throw wrongType(field, "true or false", v);
    }

    /** A list of non-blank strings, or null when absent or null. */
    public List<String> optionalStrings(String field) {
        Object v = take(field);
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> l) {
            List<String> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                if (!(l.get(i) instanceof String s) || s.isBlank()) {
                    throw AdminException.invalid(path(field) + "[" + i + "]", "'" + path(field) + "[" + i
                            + "]' must be a non-empty string, got " + describe(l.get(i)));
                }
                out.add(s);
            }
            return List.copyOf(out);
        }
        throw wrongType(field, "a list of strings", v);
    }

    /** An object of string values (metadata), or null when absent or null. */
    public Map<String, String> optionalStringMap(String field) {
        Object v = take(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getValue() instanceof String s)) {
                    throw AdminException.invalid(path(field) + "." + e.getKey(), "'" + path(field) + "." + e.getKey()
                            + "' must be a string, got " + describe(e.getValue()));
                }
                out.put((String) e.getKey(), s);
            }
            return out;
        }
        throw wrongType(field, "an object of strings", v);
    }

    /** A nested object, read like this one (its fields' paths are prefixed), or null when absent or null. */
    @SuppressWarnings("unchecked")
    public AdminBody optionalObject(String field) {
        Object v = take(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Map<?, ?> m) {
            return new AdminBody(path(field) + ".", (Map<String, Object>) m);
        }
        throw wrongType(field, "an object", v);
    }

    /**
     * Refuses any field no accessor read.
     *
     * @throws AdminException naming the first unknown field and the known ones
     */
    public void finish() {
        for (String name : fields.keySet()) {
            if (!read.contains(name)) {
                throw AdminException.invalid(path(name), "unknown field '" + path(name) + "'");
            }
        }
    }

    private Object take(String field) {
        read.add(field);
        return fields.get(field);
    }

    private AdminException wrongType(String field, String expected, Object actual) {
        return AdminException.invalid(path(field), "'" + path(field) + "' must be " + expected + ", got "
                + describe(actual));
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return s.length() > 40 ? "a string of " + s.length() + " characters" : "'" + s + "'";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "a list";
        }
        return String.valueOf(v);
    }
}
