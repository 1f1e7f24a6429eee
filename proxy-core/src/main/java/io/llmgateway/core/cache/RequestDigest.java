package io.llmgateway.core.cache;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@link CacheKey} of a request: a SHA-256 over its endpoint, the model the client asked for,
 * the client key when answers are not shared between keys, and a canonical form of its body —
 * every member sorted by name, whitespace gone, strings unescaped, numbers by value ({@code 1},
 * {@code 1.0} and {@code 1e0} are one number). Every body member counts (messages, tools,
 * tool_choice, response_format, sampling parameters, and any the gateway does not know) except
 * {@code model} (the alias is hashed instead), {@code stream} and {@code stream_options}: a stream
 * and a plain request that ask the same thing share one key.
 *
 * <p>The canonical form is length-prefixed and typed, so two different documents never write the
 * same bytes. Read with jackson-core's streaming parser; no tree. Allocates in proportion to the
 * body (a byte array per object member, for sorting): it runs once per cacheable request, on the
 * event loop. Thread-safe (no state).
 */
public final class RequestDigest {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();
    private static final Comparator<Member> BY_NAME = Comparator.comparing(Member::name);

    private RequestDigest() {
    }

    /**
     * The key of {@code body} (not consumed: its indexes do not move) sent to {@code endpoint} for
     * {@code model}; {@code clientKeyId} non-null scopes it to one client key.
     *
     * @return null when the body is not a JSON object (such a request is not cached)
     */
    public static CacheKey of(String endpoint, String model, String clientKeyId, ByteBuf body) {
        byte[] bytes;
        int offset;
        int length = body.readableBytes();
        if (body.hasArray()) {
            bytes = body.array();
            offset = body.arrayOffset() + body.readerIndex();
        } else {
            bytes = ByteBufUtil.getBytes(body, body.readerIndex(), length, false);
            offset = 0;
        }
        return of(endpoint, model, clientKeyId, bytes, offset, length);
    }

    /** As {@link #of(String, String, String, ByteBuf)}, for {@code length} bytes of {@code json} from {@code offset}. */
    public static CacheKey of(String endpoint, String model, String clientKeyId, byte[] json, int offset, int length) {
        Canonical out = new Canonical();
        try (JsonParser p = JSON.createParser(json, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            object(p, out, true);
            if (p.nextToken() != null) {
                return null;
            }
        } catch (IOException e) {
            return null; // not JSON: the upstream will say what is wrong with it
        }
        MessageDigest sha = sha256();
        update(sha, endpoint);
        update(sha, model);
        update(sha, clientKeyId == null ? "" : "k:" + clientKeyId);
        sha.update(out.buffer(), 0, out.size());
        return new CacheKey(sha.digest());
    }

    private static void update(MessageDigest sha, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        sha.update((byte) (b.length >>> 24));
        sha.update((byte) (b.length >>> 16));
        sha.update((byte) (b.length >>> 8));
        sha.update((byte) b.length);
        sha.update(b);
    }

    private static void value(JsonParser p, JsonToken t, Canonical out) throws IOException {
        switch (t) {
            case START_OBJECT -> object(p, out, false);
            case START_ARRAY -> {
                out.write('[');
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    value(p, e, out);
                }
                out.write(']');
            }
            case VALUE_STRING -> out.string('s', p.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.string('n', number(p.getDecimalValue()));
            case VALUE_TRUE -> out.write('t');
            case VALUE_FALSE -> out.write('f');
            case VALUE_NULL -> out.write('z');
            default -> throw new IOException("unexpected " + t);
        }
    }

    /** Scientific form without trailing zeros: never expands an exponent into its digits. */
    private static String number(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toString();
    }

    private static void object(JsonParser p, Canonical out, boolean top) throws IOException {
        List<Member> members = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (top && (name.equals("model") || name.equals("stream") || name.equals("stream_options"))) {
                p.skipChildren();
                continue;
            }
            Canonical member = new Canonical();
            value(p, v, member);
            members.add(new Member(name, member));
        }
        members.sort(BY_NAME);
        out.write('{');
        for (Member m : members) {
            out.string('m', m.name());
            out.write(m.value().buffer(), 0, m.value().size());
        }
        out.write('}');
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private record Member(String name, Canonical value) {
    }

    /** A byte array output whose buffer can be read without a copy. */
    private static final class Canonical extends ByteArrayOutputStream {

        Canonical() {
            super(64);
        }

        byte[] buffer() {
            return buf;
        }

        /** A tag, the UTF-8 length in 4 bytes, the UTF-8 bytes. */
        void string(char tag, String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            write(tag);
            write(b.length >>> 24);
            write(b.length >>> 16);
            write(b.length >>> 8);
            write(b.length);
            write(b, 0, b.length);
        }
    }
}
