package io.llmgateway.adapters.bedrock;

import static java.util.Objects.requireNonNull;

import io.llmgateway.codec.spi.AwsCredentials;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for request headers: the canonical request, the string to sign, the
 * signing key derived from the secret access key, the {@code Authorization} value.
 *
 * <pre>
 *   canonical request = METHOD \n canonical URI \n canonical query \n name:value\n... \n signed;names \n hex(sha256(body))
 *   string to sign    = AWS4-HMAC-SHA256 \n x-amz-date \n date/region/service/aws4_request \n hex(sha256(canonical request))
 *   signing key       = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")
 *   Authorization     = AWS4-HMAC-SHA256 Credential=id/scope, SignedHeaders=signed;names, Signature=hex(HMAC(key, string to sign))
 * </pre>
 *
 * <p>Also how the Bedrock mock checks what the gateway sent. CPU only: runs on the event loop,
 * never blocks. The signing key changes once a day per region and service: it is cached per thread
 * (the event loops), so a request costs two SHA-256 and one HMAC, not five HMACs. The caches are
 * thread-confined plain maps: no lock. Nothing here logs or puts a secret in an exception.
 */
public final class SigV4Signer {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** Keys a thread keeps before it starts its cache afresh (one per key, region and day in use). */
    private static final int MAX_CACHED_KEYS = 64;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static final FastThreadLocal<Scratch> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected Scratch initialValue() {
            return new Scratch();
        }
    };

    private SigV4Signer() {
    }

    /**
     * The {@code Authorization} header value.
     *
     * @param amzDate       the request's {@code x-amz-date} ({@code 20150830T123600Z}), also one of {@code headers}
     * @param canonicalUri  the canonical URI ({@link #canonicalUri})
     * @param canonicalQuery the canonical query ({@link #canonicalQuery}), {@code ""} when none
     * @param headers       the signed headers: lower-case names, sorted, values as sent
     * @param payloadHash   hex SHA-256 of the body ({@link #sha256Hex(ByteBuf)})
     */
    public static String authorization(AwsCredentials credentials, String region, String service, String amzDate,
            String method, String canonicalUri, String canonicalQuery, List<Map.Entry<String, String>> headers,
            String payloadHash) {
        requireNonNull(credentials, "credentials");
        String date = amzDate.substring(0, 8);
        String scope = date + '/' + region + '/' + service + "/aws4_request";
        StringBuilder signed = new StringBuilder(64);
        for (Map.Entry<String, String> h : headers) {
            if (signed.length() > 0) {
                signed.append(';');
            }
            signed.append(h.getKey());
        }
        String request = canonicalRequest(method, canonicalUri, canonicalQuery, headers, signed, payloadHash);
        String toSign = ALGORITHM + '\n' + amzDate + '\n' + scope + '\n'
                + sha256Hex(request.getBytes(StandardCharsets.UTF_8));
        byte[] key = signingKey(credentials.secretAccessKey(), date, region, service);
        String signature = hex(hmac(key, toSign));
        return ALGORITHM + " Credential=" + credentials.accessKeyId() + '/' + scope + ", SignedHeaders=" + signed
                + ", Signature=" + signature;
    }

    static String canonicalRequest(String method, String canonicalUri, String canonicalQuery,
            List<Map.Entry<String, String>> headers, CharSequence signedHeaders, String payloadHash) {
        StringBuilder b = new StringBuilder(256).append(method).append('\n').append(canonicalUri).append('\n')
                .append(canonicalQuery).append('\n');
        for (Map.Entry<String, String> h : headers) {
            b.append(h.getKey()).append(':').append(h.getValue().trim().replaceAll(" +", " ")).append('\n');
        }
        return b.append('\n').append(signedHeaders).append('\n').append(payloadHash).toString();
    }

    /**
     * The signing key of {@code secret} for one day, region and service, from the thread's cache.
     * The returned array is shared: never modify it.
     */
    static byte[] signingKey(String secret, String date, String region, String service) {
        Scratch s = SCRATCH.get();
        KeyScope scope = new KeyScope(secret, date, region, service);
        byte[] key = s.keys.get(scope);
        if (key == null) {
            key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
            key = hmac(key, region);
            key = hmac(key, service);
            key = hmac(key, "aws4_request");
            if (s.keys.size() >= MAX_CACHED_KEYS) {
                s.keys.clear();
            }
            s.keys.put(scope, key);
        }
        return key;
    }

    /**
     * The canonical URI of a path as sent: each byte but the unreserved ones and {@code /}
     * percent-encoded once more. For every AWS service but S3 the path is encoded twice this way:
     * Bedrock's {@code /model/a%3Ab/converse} is signed as {@code /model/a%253Ab/converse}.
     */
    public static String canonicalUri(String rawPath) {
        return rawPath.isEmpty() ? "/" : uriEncode(rawPath, false);
    }

    /**
     * The canonical query of a raw query string (null or {@code ""} for none): each name and value
     * decoded, encoded strictly, the pairs sorted by name then value.
     */
    public static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String p : rawQuery.split("&")) {
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String name = eq < 0 ? p : p.substring(0, eq);
            String value = eq < 0 ? "" : p.substring(eq + 1);
            pairs.add(new String[] {uriEncode(decode(name), true), uriEncode(decode(value), true)});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder b = new StringBuilder(rawQuery.length() + 8);
        for (String[] p : pairs) {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(p[0]).append('=').append(p[1]);
        }
        return b.toString();
    }

    /** RFC 3986 encoding as SigV4 wants it: unreserved kept, {@code /} kept unless {@code encodeSlash}, upper-case hex. */
    public static String uriEncode(String s, boolean encodeSlash) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(bytes.length + 8);
        for (byte x : bytes) {
            int c = x & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~' || c == '/' && !encodeSlash) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(HEX[c >> 4])).append(Character.toUpperCase(HEX[c & 0xf]));
            }
        }
        return b.toString();
    }

    /** Hex SHA-256 of the readable bytes of {@code body} (indexes untouched), read in place. */
    public static String sha256Hex(ByteBuf body) {
        MessageDigest d = SCRATCH.get().sha256;
        d.reset();
        int index = body.readerIndex();
        int length = body.readableBytes();
        if (body.hasArray()) {
            d.update(body.array(), body.arrayOffset() + index, length);
        } else {
            for (ByteBuffer b : body.nioBuffers(index, length)) {
                d.update(b);
            }
        }
        return hex(d.digest());
    }

    static String sha256Hex(byte[] bytes) {
        MessageDigest d = SCRATCH.get().sha256;
        d.reset();
        return hex(d.digest(bytes));
    }

    private static byte[] hmac(byte[] key, String data) {
        Mac mac = SCRATCH.get().hmac;
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 refused a " + key.length + "-byte key", e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** What a signing key depends on; the secret stays out of its string form. */
    private record KeyScope(String secret, String date, String region, String service) {
        @Override
        public String toString() {
            return date + '/' + region + '/' + service;
        }
    }

    /** A thread's digest, MAC and signing keys; confined to that thread. */
    private static final class Scratch {
        final MessageDigest sha256;
        final Mac hmac;
        final Map<KeyScope, byte[]> keys = new HashMap<>();

        Scratch() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
                hmac = Mac.getInstance("HmacSHA256");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JVM lacks SHA-256 or HmacSHA256", e);
            }
        }
    }
}
