package io.llmgateway.adapters.internal;

import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of an OpenAI request tree that reject wrong types with a 400 naming the field
 * ({@code param}), as the OpenAI API does.
 */
public final class Requests {

    private Requests() {
    }

    public static RequestRejectedException reject(String param, String message) {
        return new RequestRejectedException(param + ": " + message, param);
    }

    public static String string(Map<String, Object> m, String key, String param) throws RequestRejectedException {
        Object v = m.get(key);
        if (v == null || v == JsonTree.NULL) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        throw reject(param, "expected a string");
    }

    /**
     * {@code m.outer.inner} as a string, or null when either is absent or null; {@code param} names
     * {@code m} ({@code messages[1].content[0]}), the 400s name the field.
     */
    public static String string(Map<String, Object> m, String outer, String inner, String param)
            throws RequestRejectedException {
        Map<String, Object> o = object(m, outer, param + '.' + outer);
        return o == null ? null : string(o, inner, param + '.' + outer + '.' + inner);
    }

    public static Map<String, Object> object(Map<String, Object> m, String key, String param) throws RequestRejectedException {
        Object v = m.get(key);
        if (v == null || v == JsonTree.NULL) {
            return null;
        }
        Map<String, Object> o = JsonTree.asObject(v);
        if (o == null) {
            throw reject(param, "expected an object");
        }
        return o;
    }

    public static List<Object> array(Map<String, Object> m, String key, String param) throws RequestRejectedException {
        Object v = m.get(key);
        if (v == null || v == JsonTree.NULL) {
            return null;
        }
        List<Object> l = JsonTree.asArray(v);
        if (l == null) {
            throw reject(param, "expected an array");
        }
        return l;
    }

    public static Map<String, Object> objectAt(List<Object> l, int i, String param) throws RequestRejectedException {
        Map<String, Object> o = JsonTree.asObject(l.get(i));
        if (o == null) {
            throw reject(param, "expected an object");
        }
        return o;
    }

    /** A JSON number, or null when absent or null. */
    public static JsonTree.Num number(Map<String, Object> m, String key, String param) throws RequestRejectedException {
        Object v = m.get(key);
        if (v == null || v == JsonTree.NULL) {
            return null;
        }
        if (v instanceof JsonTree.Num n) {
            return n;
        }
        throw reject(param, "expected a number");
    }

    /** A non-negative integer, or -1 when absent or null. */
    public static long integer(Map<String, Object> m, String key, String param) throws RequestRejectedException {
        JsonTree.Num n = number(m, key, param);
        if (n == null) {
            return -1;
        }
        long l = n.asLong();
        if (l == Long.MIN_VALUE || l < 0) {
            throw reject(param, n + " (expected: an integer >= 0)");
        }
        return l;
    }

    public static Boolean bool(Map<String, Object> m, String key, String param) throws RequestRejectedException {
        Object v = m.get(key);
        if (v == null || v == JsonTree.NULL) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw reject(param, "expected a boolean");
    }

    /** {@code stop}: a string or an array of strings; null when absent. */
    public static List<String> stop(Map<String, Object> m) throws RequestRejectedException {
        Object v = m.get("stop");
        if (v == null || v == JsonTree.NULL) {
            return null;
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        List<Object> l = JsonTree.asArray(v);
        if (l == null) {
            throw reject("stop", "expected a string or an array of strings");
        }
        java.util.ArrayList<String> out = new java.util.ArrayList<>(l.size());
        for (Object o : l) {
            if (!(o instanceof String s)) {
                throw reject("stop", "expected a string or an array of strings");
            }
            out.add(s);
        }
        return out;
    }

    /** A data URL split into media type and base64 payload, or null if {@code url} is not one. */
    public record DataUrl(String mediaType, String data) {

        public static DataUrl parse(String url) {
            if (!url.startsWith("data:")) {
                return null;
            }
            int comma = url.indexOf(',');
            if (comma < 0) {
                return null;
            }
            String meta = url.substring(5, comma);
            if (!meta.endsWith(";base64")) {
                return null;
            }
            String type = meta.substring(0, meta.length() - 7);
            return new DataUrl(type.isEmpty() ? null : type, url.substring(comma + 1));
        }
    }
}
