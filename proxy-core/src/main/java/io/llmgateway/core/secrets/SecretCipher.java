package io.llmgateway.core.secrets;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts a config value into {@code enc:v1:<base64url(nonce | ciphertext | tag)>} and back, with
 * AES-256-GCM under the master key ({@value #MASTER_KEY_VARIABLE}: the standard or URL-safe base64
 * of 32 random bytes, e.g. {@code openssl rand -base64 32}). A fresh 12-byte random nonce per value
 * and a 128-bit tag; the version prefix is authenticated as associated data, so a value cannot be
 * moved to another format version unnoticed.
 *
 * <pre>
 *   SecretCipher cipher = SecretCipher.fromMasterKey(System.getenv(SecretCipher.MASTER_KEY_VARIABLE));
 *   String stored = cipher.encrypt("sk-live-...");   // "enc:v1:..."
 *   String secret = cipher.decrypt(stored);         // IllegalArgumentException: wrong key, altered, malformed
 * </pre>
 *
 * <p>The master key is used as is rather than derived from a passphrase: a passphrase-derived key
 * needs a salt stored beside every value and a slow KDF at every start, and an operator who can set
 * an environment variable can as easily set 32 random bytes. No message of this class ever holds
 * the master key, the plaintext or the ciphertext. Immutable and thread-safe ({@link Cipher}
 * instances are made per call).
 */
public final class SecretCipher {

    /** The environment variable holding the master key. */
    public static final String MASTER_KEY_VARIABLE = "LLM_GATEWAY_MASTER_KEY";
    /** What every encrypted value starts with; anything after it is decrypted or refused. */
    public static final String PREFIX = "enc:";
    private static final String V1 = "enc:v1:";
    private static final byte[] V1_AAD = V1.getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MIN_SEALED_BYTES = NONCE_BYTES + TAG_BITS / 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * The cipher of {@code masterKey}, the base64 of 32 bytes.
     *
     * @throws IllegalArgumentException when it is null, blank, not base64 or not 32 bytes long; the
     *         message names {@value #MASTER_KEY_VARIABLE} and never shows the value
     */
    public static SecretCipher fromMasterKey(String masterKey) {
        if (masterKey == null || masterKey.isBlank()) {
            throw new IllegalArgumentException(MASTER_KEY_VARIABLE + " is not set (expected: the base64 of "
                    + KEY_BYTES + " random bytes, e.g. from 'openssl rand -base64 32')");
        }
        byte[] raw;
        try {
            String trimmed = masterKey.strip();
            raw = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(MASTER_KEY_VARIABLE + " is not valid base64 (expected: the base64 of "
                    + KEY_BYTES + " random bytes, e.g. from 'openssl rand -base64 32')");
        }
        if (raw.length != KEY_BYTES) {
            int length = raw.length;
            Arrays.fill(raw, (byte) 0);
            throw new IllegalArgumentException(MASTER_KEY_VARIABLE + " decodes to " + length + " bytes (expected: "
                    + KEY_BYTES + ", e.g. from 'openssl rand -base64 32')");
        }
        SecretCipher cipher = new SecretCipher(raw);
        Arrays.fill(raw, (byte) 0);
        return cipher;
    }

    /** Whether {@code value} is meant to be decrypted (starts with {@value #PREFIX}). */
    public static boolean isEncrypted(String value) {
        return value.startsWith(PREFIX);
    }

    /** {@code plaintext} sealed as {@code enc:v1:...}, under a fresh random nonce. */
    public String encrypt(String plaintext) {
        requireNonNull(plaintext, "plaintext");
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] clear = plaintext.getBytes(StandardCharsets.UTF_8);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, nonce);
            byte[] sealed = new byte[NONCE_BYTES + c.getOutputSize(clear.length)];
            System.arraycopy(nonce, 0, sealed, 0, NONCE_BYTES);
            c.doFinal(clear, 0, clear.length, sealed, NONCE_BYTES);
            return V1 + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM: " + e.getClass().getSimpleName(), e);
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    /**
     * The plaintext of {@code value}, an {@code enc:v1:...} value.
     *
     * @throws IllegalArgumentException when the version is unknown, the value is malformed, or the
     *         tag does not match (a wrong master key, or an altered value); the message shows neither
     */
    public String decrypt(String value) {
        requireNonNull(value, "value");
        if (!value.startsWith(V1)) {
            throw new IllegalArgumentException("an encrypted value must start with '" + V1 + "' (the only format "
                    + "version), got one starting with '" + PREFIX + "' and another version");
        }
        byte[] sealed;
        try {
            sealed = Base64.getUrlDecoder().decode(value.substring(V1.length()).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the encrypted value is not base64url after '" + V1
                    + "' (expected: the output of encrypt-secret, whole)");
        }
        if (sealed.length < MIN_SEALED_BYTES) {
            throw new IllegalArgumentException("the encrypted value holds " + sealed.length + " bytes (expected: at least "
                    + MIN_SEALED_BYTES + ": nonce and tag; was it cut?)");
        }
        byte[] clear = null;
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(sealed, NONCE_BYTES));
            clear = c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(clear)).toString();
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("the authentication tag does not match (expected: the "
                    + MASTER_KEY_VARIABLE + " it was encrypted with, and the value unaltered)");
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the decrypted value is not UTF-8 text");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM: " + e.getClass().getSimpleName(), e);
        } finally {
            if (clear != null) {
                Arrays.fill(clear, (byte) 0);
            }
        }
    }

    private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(V1_AAD);
        return c;
    }

    @Override
    public String toString() {
        return "SecretCipher[AES-256-GCM, key not shown]";
    }
}
