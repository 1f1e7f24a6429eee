package io.llmgateway.codec.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random request bodies for differential tests: valid JSON shaped like OpenAI requests (routing
 * fields of every type and length, escaped keys, deep and long values, every kind of string
 * content), mutations of them that are mostly invalid, and random ways to cut them into buffers.
 * Deterministic for a seed.
 */
final class RandomJson {

    private static final String[] WHITESPACE = {"", "", "", " ", "\n", "\t", "\r\n", "  "};
    private static final String[] MODEL_KEYS = {"model", "model", "model", "mod\\u0065l", "\\u006dodel", "modeL", "model "};
    private static final String[] OTHER_KEYS = {"messages", "tools", "input", "temperature", "n", "stop", "x", "",
        "stream_options ", "max_tokens\\u0000", "tags", "include_usage", "mo\\\"del", "k\u00e9y", "\ud83d\ude00"};
    /**
     * Bytes a mutation inserts or overwrites with: structure, string syntax, digits, controls,
     * UTF-8. Not 0xFF: jackson pads the last 4-byte group of a key with 0xFF bytes, so once it has
     * seen {@code "model"} it reads the invalid {@code "mode\xFFl"} as {@code "model"} (the
     * scanner rejects it, see {@code RequestFieldScannerTest}); the oracle would disagree.
     */
    private static final int[] MUTATION_BYTES = {'{', '}', '[', ']', ':', ',', '"', '\\', '/', ' ', '\n', '0', '1', '-',
        '+', '.', 'e', 'E', 't', 'n', 'u', 'x', 0x00, 0x01, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xED, 0xF0, 0xF4,
        0xF8, 0xFE};

    private final Random random;

    RandomJson(long seed) {
        random = new Random(seed);
    }

    /** A request-shaped body, valid JSON (unless a routing field is of the wrong type, which is still JSON). */
    byte[] request() {
        StringBuilder sb = new StringBuilder(256);
        if (random.nextInt(50) == 0) {
            sb.append('\ufeff');
        }
        sb.append(ws()).append('{');
        int members = random.nextInt(9);
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                sb.append(ws()).append(',');
            }
            member(sb);
        }
        sb.append(ws()).append('}').append(ws());
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void member(StringBuilder sb) {
        String key;
        String value;
        switch (random.nextInt(12)) {
            case 0, 1 -> {
                key = pick(MODEL_KEYS);
                value = random.nextInt(8) == 0 ? value(2) : string(random.nextInt(20) == 0 ? 300 : 12);
            }
            case 2 -> {
                key = "stream";
                value = random.nextInt(6) == 0 ? value(1) : pick(new String[] {"true", "false", "null"});
            }
            case 3 -> {
                key = "stream_options";
                value = random.nextInt(5) == 0 ? value(2)
                        : "{" + ws() + "\"include_usage\"" + ws() + ':' + ws()
                                + (random.nextInt(5) == 0 ? value(1) : pick(new String[] {"true", "false", "null"})) + ws()
                                + (random.nextBoolean() ? ",\"nested\":{\"include_usage\":1}" : "") + '}';
            }
            case 4 -> {
                key = pick(new String[] {"max_tokens", "max_completion_tokens", "max_output_tokens"});
                value = random.nextInt(5) == 0 ? value(1) : number();
            }
            case 5 -> {
                key = "user";
                value = random.nextInt(6) == 0 ? value(1) : string(random.nextInt(20) == 0 ? 300 : 10);
            }
            case 6 -> {
                key = "metadata";
                value = metadata();
            }
            case 7, 8 -> {
                key = "messages";
                value = messages();
            }
            default -> {
                key = pick(OTHER_KEYS);
                value = value(4);
            }
        }
        sb.append(ws()).append('"').append(key).append('"').append(ws()).append(':').append(ws()).append(value);
    }

    private String metadata() {
        if (random.nextInt(6) == 0) {
            return value(2);
        }
        StringBuilder sb = new StringBuilder("{\"user\":\"u\"");
        if (random.nextBoolean()) {
            sb.append(",\"tags\":").append(string(random.nextInt(20) == 0 ? 600 : 20).replace('q', ','));
        } else {
            sb.append(",\"tags\":[");
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "" : ",").append(random.nextInt(10) == 0 ? value(1) : string(random.nextInt(30) == 0 ? 600 : 8));
            }
            sb.append(']');
        }
        if (random.nextBoolean()) {
            sb.append(",\"other\":").append(value(2));
        }
        return sb.append('}').toString();
    }

    private String messages() {
        StringBuilder sb = new StringBuilder("[");
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":")
                    .append(string(random.nextInt(4) == 0 ? 4000 : 60)).append(",\"model\":").append(value(1)).append('}');
        }
        return sb.append(']').toString();
    }

    /** Any JSON value, nested at most {@code depth} deep. */
    private String value(int depth) {
        int kind = random.nextInt(depth > 0 ? 8 : 6);
        return switch (kind) {
            case 0, 1 -> string(random.nextInt(10) == 0 ? 2000 : 16);
            case 2 -> number();
            case 3 -> "true";
            case 4 -> random.nextBoolean() ? "false" : "null";
            case 5 -> random.nextInt(30) == 0 ? "[".repeat(60) + "]".repeat(60) : "[]";
            case 6 -> {
                StringBuilder sb = new StringBuilder("[").append(ws());
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ",").append(ws()).append(value(depth - 1)).append(ws());
                }
                yield sb.append(']').toString();
            }
            default -> {
                StringBuilder sb = new StringBuilder("{").append(ws());
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ",").append(ws()).append(string(6)).append(ws()).append(':').append(ws())
                            .append(value(depth - 1));
                }
                yield sb.append(ws()).append('}').toString();
            }
        };
    }

    /** A JSON string literal of up to {@code length} chars of every kind, quotes included. */
    private String string(int length) {
        StringBuilder sb = new StringBuilder(length + 16).append('"');
        int n = random.nextInt(length + 1);
        boolean plain = random.nextInt(3) == 0;
        for (int i = 0; i < n; i++) {
            if (plain) {
                sb.append((char) ('a' + random.nextInt(26)));
                continue;
            }
            switch (random.nextInt(16)) {
                case 0 -> sb.append(pick(new String[] {"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"}));
                case 1 -> sb.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", random.nextInt(0x10000)));
                case 2 -> sb.append(pick(new String[] {"\u00e9", "\u20ac", "\u4e2d", "\ud83d\ude00", "\u00a0", "\u007f"}));
                default -> {
                    char c;
                    do {
                        c = (char) (0x20 + random.nextInt(0x5F));
                    } while (c == '"' || c == '\\');
                    sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    private String number() {
        return switch (random.nextInt(8)) {
            case 0 -> "0";
            case 1 -> "-0";
            case 2 -> Integer.toString(random.nextInt(100_000));
            case 3 -> "-" + (1 + random.nextInt(1000));
            case 4 -> digits(19 + random.nextInt(8));
            case 5 -> random.nextInt(1000) + "." + random.nextInt(1000);
            case 6 -> (random.nextBoolean() ? "-" : "") + (1 + random.nextInt(9)) + pick(new String[] {"e", "E"})
                    + pick(new String[] {"", "+", "-"}) + random.nextInt(30);
            default -> Long.toString(Long.MAX_VALUE - random.nextInt(3) + random.nextInt(3));
        };
    }

    private String digits(int n) {
        StringBuilder sb = new StringBuilder(n).append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < n; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    private String ws() {
        return pick(WHITESPACE);
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    /**
     * {@code body} with one to three random edits: a byte deleted, inserted, replaced, a slice
     * repeated, or the end cut off. Never a zero byte or a UTF-16/32 byte order mark among the
     * first four bytes, from which jackson's blocking parser would guess another encoding
     * (the gateway reads UTF-8 only).
     */
    byte[] mutate(byte[] body) {
        byte[] b = body;
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = b.length == 0 ? 0 : random.nextInt(b.length);
            byte by = (byte) MUTATION_BYTES[random.nextInt(MUTATION_BYTES.length)];
            if (at < 4 && (by == 0 || by == (byte) 0xFE || by == (byte) 0xFF)) {
                by = ' ';
            }
            b = switch (random.nextInt(5)) {
                case 0 -> b.length == 0 ? b : concat(b, 0, at, new byte[0], b, at + 1);
                case 1 -> concat(b, 0, at, new byte[] {by}, b, at);
                case 2 -> {
                    byte[] copy = b.clone();
                    if (copy.length > 0) {
                        copy[at] = by;
                    }
                    yield copy;
                }
                case 3 -> {
                    int to = Math.min(b.length, at + 1 + random.nextInt(8));
                    byte[] slice = Arrays.copyOfRange(b, at, to);
                    yield concat(b, 0, to, slice, b, to);
                }
                default -> Arrays.copyOf(b, at);
            };
        }
        return b;
    }

    private static byte[] concat(byte[] a, int from, int to, byte[] middle, byte[] c, int cFrom) {
        byte[] out = new byte[(to - from) + middle.length + (c.length - cFrom)];
        System.arraycopy(a, from, out, 0, to - from);
        System.arraycopy(middle, 0, out, to - from, middle.length);
        System.arraycopy(c, cFrom, out, to - from + middle.length, c.length - cFrom);
        return out;
    }

    /** {@code body} cut into pieces of random sizes: single bytes, small, medium, or whole. */
    List<byte[]> pieces(byte[] body) {
        int max = switch (random.nextInt(4)) {
            case 0 -> 1;
            case 1 -> 1 + random.nextInt(16);
            case 2 -> 1 + random.nextInt(700);
            default -> Math.max(1, body.length);
        };
        List<byte[]> pieces = new ArrayList<>();
        for (int from = 0; from < body.length; ) {
            int to = Math.min(body.length, from + 1 + random.nextInt(max));
            pieces.add(Arrays.copyOfRange(body, from, to));
            from = to;
        }
        return pieces;
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }
}
