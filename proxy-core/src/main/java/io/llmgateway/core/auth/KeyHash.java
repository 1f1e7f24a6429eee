package io.llmgateway.core.auth;

import io.netty.util.concurrent.FastThreadLocal;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Virtual keys: how they are made and how they are stored. A key is {@code sk-gw-} and 32
 * base62 characters from {@link SecureRandom} (190 bits); the gateway keeps only its SHA-256.
 *
 * <p>Why a plain SHA-256 and not a password hash or a constant-time compare: the key is
 * high-entropy random, so a fast hash cannot be brute-forced backwards (2^190 guesses), and the
 * lookup is by hash, so the time it takes depends on the hash of what the client sent, never on
 * how much of a real key it guessed. A slow hash (bcrypt, argon2) would cost milliseconds per
 * request for no gain on such keys.
 *
 * <p>Hot path: {@link #hash(CharSequence, int, int, long[])} hashes the bearer token with a
 * per-thread digest and scratch buffers, allocating nothing.
 */
public final class KeyHash {

    /** The prefix of a generated key. */
    public static final String PREFIX = "sk-gw-";
    /** The longest key hashed on the request path; longer tokens are no virtual key. */
    public static final int MAX_KEY_CHARS = 512;

    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int RANDOM_CHARS = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private static final FastThreadLocal<Scratch> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected Scratch initialValue() {
            return new Scratch();
        }
    };

    private KeyHash() {
    }

    /** A new random key, {@code sk-gw-} + 32 base62 characters. */
    public static String generate() {
        char[] out = new char[PREFIX.length() + RANDOM_CHARS];
        PREFIX.getChars(0, PREFIX.length(), out, 0);
        for (int i = PREFIX.length(); i < out.length; i++) {
            out[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return new String(out);
    }

    /** SHA-256 of {@code key} (UTF-8), as 64 lower-case hex digits: what is stored. */
    public static String hex(String key) {
        return HexFormat.of().formatHex(newDigest().digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code hash} is 64 hex digits (a stored key hash). */
    public static boolean isHex(String hash) {
        if (hash.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            if (Character.digit(hash.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The four longs of a 64-hex-digit hash, as {@link #hash(CharSequence, int, int, long[])} gives them. */
    public static long[] longs(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        long[] out = new long[4];
        for (int i = 0; i < 4; i++) {
            out[i] = (long) LONGS.get(b, i * 8);
        }
        return out;
    }

    /**
     * SHA-256 of {@code text[from, to)} into {@code out} (four longs, big-endian). Allocates nothing.
     *
     * @return false, leaving {@code out} as it was, when the token cannot be a key: longer than
     *         {@link #MAX_KEY_CHARS} or not ASCII (keys are generated in base62; a YAML key that is
     *         not ASCII is refused at load)
     */
    public static boolean hash(CharSequence text, int from, int to, long[] out) {
        int n = to - from;
        if (n <= 0 || n > MAX_KEY_CHARS) {
            return false;
        }
        Scratch s = SCRATCH.get();
        byte[] in = s.in;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(from + i);
            if (c > 0x7f) {
                return false;
            }
            in[i] = (byte) c;
        }
        MessageDigest md = s.digest;
        md.update(in, 0, n);
        try {
            md.digest(s.out, 0, 32);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 into a 32-byte buffer", e);
        }
        for (int i = 0; i < 4; i++) {
            out[i] = (long) LONGS.get(s.out, i * 8);
        }
        return true;
    }

    /** Whether {@code key} may be a YAML key: printable ASCII, 16 to {@link #MAX_KEY_CHARS} characters. */
    public static boolean acceptable(String key) {
        if (key.length() < 16 || key.length() > MAX_KEY_CHARS) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static final class Scratch {
        final MessageDigest digest = newDigest();
        final byte[] in = new byte[MAX_KEY_CHARS];
        final byte[] out = new byte[32];
    }
}
