package io.llmgateway.bench.mock;

/** Appends JSON string literals; the mock writes its few shapes by hand instead of through a tree. */
final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** Appends {@code value} as a quoted JSON string, escaping as RFC 8259 requires. */
    static StringBuilder quote(StringBuilder out, String value) {
        out.append('"');
        escape(out, value);
        return out.append('"');
    }

    /** Appends {@code value} escaped, without quotes. */
    static StringBuilder escape(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out;
    }

    /** {@code value} escaped, without quotes. */
    static String escape(String value) {
        return escape(new StringBuilder(value.length() + 8), value).toString();
    }
}
