package io.llmgateway.adapters.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.codec.spi.TranslationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON tree for request translation and non-stream responses, which need random access
 * (system messages lifted, tool names looked up). Objects are {@link LinkedHashMap}s, arrays
 * {@link ArrayList}s, strings {@link String}s, numbers {@link Num} (their original text, so they are
 * written back exactly), booleans {@link Boolean}s and null {@link #NULL}. Per request, not per
 * stream event: the stream hot path uses the streaming parser directly.
 */
public final class JsonTree {

    /** JSON {@code null}, distinct from an absent key (Java {@code null}). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A JSON number kept as its text. */
    public record Num(String text) {

        public static Num of(long v) {
            return new Num(Long.toString(v));
        }

        public double asDouble() {
            return Double.parseDouble(text);
        }

        /** The value as a long, or {@code Long.MIN_VALUE} if it has a fraction or exponent. */
        public long asLong() {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                double d = asDouble();
                return d == Math.rint(d) && Math.abs(d) < 9.0e15 ? (long) d : Long.MIN_VALUE;
            }
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private JsonTree() {
    }

    /** Parses the readable bytes of {@code buf} (indexes untouched). */
    public static Object parse(ByteBuf buf) throws IOException {
        try (JsonParser p = Json.parser(buf)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IOException("empty JSON document");
            }
            Object v = read(p);
            if (p.nextToken() != null) {
                throw new IOException("trailing data after the JSON document");
            }
            return v;
        }
    }

    /**
     * A provider's whole response body as a JSON object, or null when it is JSON but not an object;
     * a body that is not JSON is a {@link TranslationException} naming the provider.
     */
    public static Map<String, Object> responseObject(ByteBuf body, String provider) throws TranslationException {
        try {
            return asObject(parse(body));
        } catch (IOException e) {
            throw new TranslationException(provider + ": response is not valid JSON");
        }
    }

    /** Reads the value at the parser's current token, leaving the parser on its last token. */
    public static Object read(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, read(p));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(read(p));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Num(p.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return NULL;
            default:
                throw new IOException("unexpected token " + p.currentToken());
        }
    }

    /** Writes a tree value. */
    public static void write(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getValue() == null) {
                    continue;
                }
                g.writeFieldName((String) e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Num n) {
            g.writeNumber(n.text());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v == NULL) {
            g.writeNull();
        } else {
            throw new IllegalArgumentException("not a JSON tree value: " + v.getClass().getName());
        }
    }

    /** The value as a new buffer from {@code alloc}, owned by the caller. */
    public static ByteBuf toByteBuf(Object v, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(256);
        boolean ok = false;
        try (JsonGenerator g = Json.generator(out)) {
            write(g, v);
            ok = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!ok) {
                out.release();
            }
        }
        return out;
    }

    /** Compact JSON text of a value (tool arguments are JSON-encoded strings in OpenAI's shapes). */
    public static String toJson(Object v) {
        StringWriter w = new StringWriter(64);
        try (JsonGenerator g = Json.FACTORY.createGenerator(w)) {
            write(g, v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** A new ordered object, for building output trees. */
    public static Map<String, Object> object() {
        return new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> asObject(Object v) {
        return v instanceof Map<?, ?> ? (Map<String, Object>) v : null;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> asArray(Object v) {
        return v instanceof List<?> ? (List<Object>) v : null;
    }

    public static String asString(Object v) {
        return v instanceof String s ? s : null;
    }

    /** The long value of a number, or {@code dflt} when absent, null or not an integer. */
    public static long asLong(Object v, long dflt) {
        if (v instanceof Num n) {
            long l = n.asLong();
            return l == Long.MIN_VALUE ? dflt : l;
        }
        return dflt;
    }

    /** Follows a path of object keys; null when any step is missing or not an object. */
    public static Object path(Object root, String... keys) {
        Object cur = root;
        for (String k : keys) {
            Map<String, Object> m = asObject(cur);
            if (m == null) {
                return null;
            }
            cur = m.get(k);
        }
        return cur;
    }
}
