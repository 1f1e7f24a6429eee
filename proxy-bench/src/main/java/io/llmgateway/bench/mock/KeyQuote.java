package io.llmgateway.bench.mock;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * How the mock quotes the credential a request presented ({@code x-mock-quote-key}), as careless
 * upstreams do in error messages and headers: the forms a gateway's secret filter must see through.
 *
 * <pre>
 *   raw           sk-SECRET/xyz+789=
 *   json-slash    sk-SECRET\/xyz+789=                (JSON's optional escape of '/')
 *   json-unicode  \u0073\u006b\u002d...               (every character escaped)
 *   percent       %73%6B%2D...                        (every byte percent-encoded)
 *   basic         base64("mock-user:" + key)          (HTTP basic auth)
 * </pre>
 */
public enum KeyQuote {
    RAW("raw"),
    JSON_SLASH("json-slash"),
    JSON_UNICODE("json-unicode"),
    PERCENT("percent"),
    BASIC("basic");

    static final String EXPECTED = "raw, json-slash, json-unicode, percent or basic";

    /** A credential quoted in one form: as the content of a JSON string, and as a header value. */
    public record Quoted(String json, String header) {
    }

    private final String headerValue;

    KeyQuote(String headerValue) {
        this.headerValue = headerValue;
    }

    /** The spelling used in {@code x-mock-quote-key}. */
    public String headerValue() {
        return headerValue;
    }

    /** Parses the {@code x-mock-quote-key} spelling, case-insensitively. */
    public static KeyQuote parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (KeyQuote q : values()) {
            if (q.headerValue.equals(v)) {
                return q;
            }
        }
        throw new IllegalArgumentException(MockHeaders.QUOTE_KEY + ": " + value + " (expected: " + EXPECTED + ")");
    }

    /** {@code key} in this form. */
    public Quoted quote(String key) {
        return switch (this) {
            case RAW -> new Quoted(JsonText.escape(key), key);
            case JSON_SLASH -> {
                String json = JsonText.escape(key).replace("/", "\\/");
                yield new Quoted(json, json);
            }
            case JSON_UNICODE -> {
                StringBuilder sb = new StringBuilder(key.length() * 6);
                for (int i = 0; i < key.length(); i++) {
                    sb.append(String.format("\\u%04x", (int) key.charAt(i)));
                }
                yield new Quoted(sb.toString(), sb.toString());
            }
            case PERCENT -> {
                StringBuilder sb = new StringBuilder(key.length() * 3);
                for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
                    sb.append(String.format("%%%02X", b & 0xFF));
                }
                yield new Quoted(sb.toString(), sb.toString());
            }
            case BASIC -> {
                String b64 = Base64.getEncoder().encodeToString(("mock-user:" + key).getBytes(StandardCharsets.UTF_8));
                yield new Quoted(b64, "Basic " + b64);
            }
        };
    }

    @Override
    public String toString() {
        return headerValue;
    }
}
