package io.llmgateway.core.cache;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.llmgateway.codec.spi.Endpoint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@link CacheKey} of a request: a SHA-256 over its endpoint, the model the client asked for,
 * the client key when answers are not shared between keys, the headers that change the answer when
 * the operation has any (Messages: {@code anthropic-version}, {@code anthropic-beta}), and a
 * canonical form of its body —
 * members in name order, whitespace gone, strings unescaped, numbers by value ({@code 1},
 * {@code 1.0} and {@code 1e0} are one number). Every body member counts (messages, tools,
 * tool_choice, response_format, sampling parameters, and any the gateway does not know) except
 * {@code model} (the alias is hashed instead), {@code stream} and {@code stream_options}: a stream
 * and a plain request that ask the same thing share one key.
 *
 * <p>A {@code /responses} request has no key when its answer is state held by the provider rather
 * than a function of the request: {@code store} not {@code false} (OpenAI stores a Response unless
 * told not to, and the client may fetch or continue it by its id), a {@code previous_response_id},
 * or {@code background: true} (the answer is a queued Response to poll).
 *
 * <p>The form is typed and length-prefixed, so two different documents never hash the same
 * input. Order independence without buffering: each object member's value is hashed on its own,
 * and an object hashes its members' names and digests in name order (a Merkle tree of the
 * document's objects); arrays and scalars stream straight into the digest of the object around
 * them. Read with jackson-core's streaming parser from the buffer itself (no copy of the body, no
 * tree); strings are hashed as their UTF-16 code units through a scratch array.
 *
 * <p>Runs once per cacheable request on the event loop. Allocates per object member (its name's
 * entry and 32-byte digest) and per number, not per byte: each thread keeps its digests and
 * scratch ({@link ThreadLocal}). Thread-safe.
 */
public final class RequestDigest {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();
    private static final Comparator<Member> BY_NAME = Comparator.comparing(Member::name);
    private static final String RESPONSES = Endpoint.RESPONSES.suffix();
    private static final ThreadLocal<Hasher> HASHERS = ThreadLocal.withInitial(Hasher::new);

    private RequestDigest() {
    }

    /**
     * The key of {@code body} (not consumed: its indexes do not move) sent to {@code endpoint} for
     * {@code model}; {@code clientKeyId} non-null scopes it to one client key.
     *
     * @return null when the body is not one JSON object, or is a {@code /responses} request whose
     *         answer is stored state (such a request is not cached)
     */
    public static CacheKey of(String endpoint, String model, String clientKeyId, ByteBuf body) {
        return of(endpoint, model, clientKeyId, null, body);
    }

    /**
     * As {@link #of(String, String, String, ByteBuf)}, with {@code headers} non-null: the request
     * headers that change the answer ({@code anthropic-version}, {@code anthropic-beta}), as one string.
     */
    public static CacheKey of(String endpoint, String model, String clientKeyId, String headers, ByteBuf body) {
        requireNonNull(endpoint, "endpoint");
        try (InputStream in = new ByteBufInputStream(body.duplicate(), false)) {
            return of(endpoint, model, clientKeyId, headers, JSON.createParser(in));
        } catch (IOException e) {
            return null; // not JSON: the upstream will say what is wrong with it
        }
    }

    /** As {@link #of(String, String, String, ByteBuf)}, for {@code length} bytes of {@code json} from {@code offset}. */
    public static CacheKey of(String endpoint, String model, String clientKeyId, byte[] json, int offset, int length) {
        try {
            return of(endpoint, model, clientKeyId, null, JSON.createParser(json, offset, length));
        } catch (IOException e) {
            return null;
        }
    }

    private static CacheKey of(String endpoint, String model, String clientKeyId, String headers, JsonParser parser)
            throws IOException {
        Hasher h = HASHERS.get();
        try (JsonParser p = parser) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            MessageDigest top = h.digest(0);
            h.string(top, 'e', endpoint);
            h.string(top, 'a', model);
            h.string(top, 'k', clientKeyId == null ? "" : clientKeyId);
            if (headers != null) {
                h.string(top, 'h', headers); // tagged, and absent without: other keys stay as they were
            }
            h.responses = endpoint.equals(RESPONSES);
            h.stateful = false;
            h.unstored = false;
            object(p, h, top, 0);
            if (p.nextToken() != null || h.responses && (h.stateful || !h.unstored)) {
                return null;
            }
            return new CacheKey(top.digest());
        }
    }

    private static void value(JsonParser p, JsonToken t, Hasher h, MessageDigest into, int depth) throws IOException {
        switch (t) {
            case START_OBJECT -> object(p, h, into, depth);
            case START_ARRAY -> {
                into.update((byte) '[');
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    value(p, e, h, into, depth);
                }
                into.update((byte) ']');
            }
            case VALUE_STRING -> h.text(into, 's', p);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> h.string(into, 'n', number(p.getDecimalValue()));
            case VALUE_TRUE -> into.update((byte) 't');
            case VALUE_FALSE -> into.update((byte) 'f');
            case VALUE_NULL -> into.update((byte) 'z');
            default -> throw new IOException("unexpected " + t);
        }
    }

    /** Whether a top-level member of a {@code /responses} request makes its answer stored state. */
    private static boolean stateful(String name, JsonToken value) {
        return switch (name) {
            case "previous_response_id" -> value != JsonToken.VALUE_NULL;
            case "background" -> value == JsonToken.VALUE_TRUE;
            default -> false;
        };
    }

    /** Scientific form without trailing zeros: never expands an exponent into its digits. */
    private static String number(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toString();
    }

    /** Hashes the object the parser is in into {@code into}: its members' names and digests, in name order. */
    private static void object(JsonParser p, Hasher h, MessageDigest into, int depth) throws IOException {
        List<Member> members = new ArrayList<>();
        MessageDigest member = h.digest(depth + 1);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (depth == 0 && (name.equals("model") || name.equals("stream") || name.equals("stream_options"))) {
                p.skipChildren();
                continue;
            }
            if (depth == 0 && h.responses) {
                h.unstored |= name.equals("store") && v == JsonToken.VALUE_FALSE;
                h.stateful |= stateful(name, v);
            }
            member.reset();
            value(p, v, h, member, depth + 1);
            byte[] digest = new byte[32];
            try {
                member.digest(digest, 0, 32);
            } catch (DigestException e) {
                throw new IllegalStateException("a SHA-256 is 32 bytes", e);
            }
            members.add(new Member(name, digest));
        }
        members.sort(BY_NAME);
        into.update((byte) '{');
        for (Member m : members) {
            h.string(into, 'm', m.name());
            into.update(m.digest());
        }
        into.update((byte) '}');
    }

    private record Member(String name, byte[] digest) {
    }

    /** A thread's digests (one per object depth) and scratch, reused from request to request. */
    private static final class Hasher {

        private final List<MessageDigest> digests = new ArrayList<>();
        /** The request is a {@code /responses} one: its state fields are looked at. */
        boolean responses;
        /** A state field said the answer is stored state: no key. */
        boolean stateful;
        /** The request said {@code store: false}: without it, OpenAI keeps the Response. */
        boolean unstored;
        private final byte[] scratch = new byte[1024];

        /** The digest for values at {@code depth}, reset. */
        MessageDigest digest(int depth) {
            while (digests.size() <= depth) {
                digests.add(sha256());
            }
            MessageDigest d = digests.get(depth);
            d.reset();
            return d;
        }

        /** A tag, the length in code units, and the UTF-16 code units of the parser's current text. */
        void text(MessageDigest into, char tag, JsonParser p) throws IOException {
            chars(into, tag, p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        }

        void string(MessageDigest into, char tag, String s) {
            if (s.length() <= scratch.length / 2) {
                int n = s.length();
                header(into, tag, n);
                for (int i = 0; i < n; i++) {
                    char c = s.charAt(i);
                    scratch[2 * i] = (byte) (c >>> 8);
                    scratch[2 * i + 1] = (byte) c;
                }
                into.update(scratch, 0, 2 * n);
                return;
            }
            char[] chars = s.toCharArray();
            chars(into, tag, chars, 0, chars.length);
        }

        private void chars(MessageDigest into, char tag, char[] chars, int offset, int length) {
            header(into, tag, length);
            int half = scratch.length / 2;
            for (int from = 0; from < length; from += half) {
                int n = Math.min(half, length - from);
                for (int i = 0; i < n; i++) {
                    char c = chars[offset + from + i];
                    scratch[2 * i] = (byte) (c >>> 8);
                    scratch[2 * i + 1] = (byte) c;
                }
                into.update(scratch, 0, 2 * n);
            }
        }

        private void header(MessageDigest into, char tag, int length) {
            scratch[0] = (byte) tag;
            scratch[1] = (byte) (length >>> 24);
            scratch[2] = (byte) (length >>> 16);
            scratch[3] = (byte) (length >>> 8);
            scratch[4] = (byte) length;
            into.update(scratch, 0, 5);
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }
    }
}
