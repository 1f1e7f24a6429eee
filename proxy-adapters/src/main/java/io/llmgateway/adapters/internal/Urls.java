package io.llmgateway.adapters.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Path and query helpers for origin-form request targets. */
public final class Urls {

    private Urls() {
    }

    /** Percent-encodes one path segment (a model or deployment name). */
    public static String segment(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean safe = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '~' || c == '@' || c == '!' || c == '$'
                    || c == '\'' || c == '(' || c == ')' || c == '*' || c == '+' || c == ',' || c == ';' || c == '=';
            if (safe) {
                if (b != null) {
                    b.append(c);
                }
                continue;
            }
            if (b == null) {
                b = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            for (byte x : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                b.append('%').append(Character.toUpperCase(Character.forDigit((x >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(x & 0xF, 16)));
            }
        }
        return b == null ? s : b.toString();
    }

    /**
     * Appends {@code key=value} pairs to {@code target}, starting with {@code ?} or {@code &} as
     * {@code target} requires. Null values are skipped.
     */
    public static StringBuilder query(StringBuilder target, Map<String, String> params) {
        params.forEach((k, v) -> param(target, k, v));
        return target;
    }

    public static StringBuilder param(StringBuilder target, String key, String value) {
        if (value == null) {
            return target;
        }
        target.append(target.indexOf("?") < 0 ? '?' : '&')
                .append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        return target;
    }
}
