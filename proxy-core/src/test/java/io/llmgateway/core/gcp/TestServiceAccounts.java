package io.llmgateway.core.gcp;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Throwaway service accounts made at test time: an RSA key pair, and the key file the Cloud console would write. */
public final class TestServiceAccounts {

    private static KeyPair shared;

    private TestServiceAccounts() {
    }

    /** One 2048-bit key pair per test JVM (generating one takes a while). */
    public static synchronized KeyPair keyPair() {
        if (shared == null) {
            shared = newKeyPair();
        }
        return shared;
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PKCS#8 PEM of the private key, with the line breaks the console writes. */
    public static String privateKeyPem(KeyPair pair) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** A service-account key file's JSON. */
    public static String json(KeyPair pair, String email, String tokenUri) {
        return "{\n  \"type\": \"service_account\",\n  \"project_id\": \"test-project\",\n"
                + "  \"private_key_id\": \"0123456789abcdef\",\n  \"private_key\": \""
                + privateKeyPem(pair).replace("\n", "\\n") + "\",\n  \"client_email\": \"" + email + "\",\n"
                + "  \"client_id\": \"1234567890\",\n  \"auth_uri\": \"https://accounts.google.com/o/oauth2/auth\",\n"
                + "  \"token_uri\": \"" + tokenUri + "\",\n  \"universe_domain\": \"googleapis.com\"\n}\n";
    }

    public static ServiceAccountKey key(KeyPair pair, String email, String tokenUri) {
        return ServiceAccountKey.parse(json(pair, email, tokenUri).getBytes(StandardCharsets.UTF_8));
    }
}
