package io.llmgateway.core.gcp;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.core.secrets.PublishedSecretMatcher;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * A Google service-account key, as the JSON file the Cloud console downloads holds it
 * ({@code "type": "service_account"}, {@code client_email}, {@code private_key} as PKCS#8 PEM,
 * {@code private_key_id}, {@code token_uri}): what {@link JwtAssertion} signs with and
 * {@link ServiceAccountTokenSource} exchanges for access tokens.
 *
 * <p>Immutable. Two keys are equal when their {@link #fingerprint()}s are (same account, key and
 * token endpoint), so a reload that reads an unchanged file keeps the token it already has.
 * {@link #toString()} and every message of {@link #parse} leave the private key out.
 *
 * @param clientEmail  the account ({@code iss} of the assertion)
 * @param privateKeyId the key's id ({@code kid} of the assertion's header); empty when the file has none
 * @param tokenUri     where the assertion is exchanged ({@code aud} of the assertion)
 * @param privateKey   the RSA private key
 * @param fingerprint  SHA-256 over the fields above, hex
 * @param issuedTokens the matcher of the access tokens issued to the account now (the current one
 *                     and the one it replaced), which its {@link ServiceAccountTokenSource} keeps up
 *                     to date: the deployments of this key search what upstreams send with it. Not
 *                     part of the key's identity
 */
public record ServiceAccountKey(String clientEmail, String privateKeyId, URI tokenUri, PrivateKey privateKey,
        String fingerprint, PublishedSecretMatcher issuedTokens) {

    /** Google's token endpoint, for a file without {@code token_uri}. */
    public static final String DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";

    public ServiceAccountKey {
        requireNonNull(clientEmail, "clientEmail");
        requireNonNull(privateKeyId, "privateKeyId");
        requireNonNull(tokenUri, "tokenUri");
        requireNonNull(privateKey, "privateKey");
        requireNonNull(fingerprint, "fingerprint");
        requireNonNull(issuedTokens, "issuedTokens");
    }

    /**
     * Reads a service-account JSON file's content.
     *
     * @throws IllegalArgumentException what is wrong, naming the field and what was expected, never
     *                                  quoting the private key
     */
    public static ServiceAccountKey parse(byte[] json) {
        Map<String, String> fields = topLevelStrings(json);
        String type = fields.get("type");
        if (!"service_account".equals(type)) {
            throw new IllegalArgumentException("type: " + (type == null ? "absent" : "'" + type + "'")
                    + " (expected: service_account — a service-account key file from the Cloud console)");
        }
        String email = fields.get("client_email");
        if (email == null || email.isBlank()) {
            throw new IllegalArgumentException("client_email: absent (expected: the service account's e-mail address)");
        }
        String pem = fields.get("private_key");
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("private_key: absent (expected: a PKCS#8 PEM RSA private key)");
        }
        PrivateKey key = privateKey(pem);
        String tokenUri = fields.getOrDefault("token_uri", DEFAULT_TOKEN_URI);
        URI uri;
        try {
            uri = new URI(tokenUri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("token_uri: '" + tokenUri + "' is not a URL (expected: "
                    + DEFAULT_TOKEN_URI + ")");
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("token_uri: '" + tokenUri + "' (expected: an http(s) URL such as "
                    + DEFAULT_TOKEN_URI + ")");
        }
        String keyId = fields.getOrDefault("private_key_id", "");
        return new ServiceAccountKey(email, keyId, uri, key, fingerprint(email, keyId, tokenUri, key),
                new PublishedSecretMatcher());
    }

    private static Map<String, String> topLevelStrings(byte[] json) {
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object (expected: a service-account key file)");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    out.put(name, p.getText());
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // The parser's message may quote the text around the error, which may be the key: only its place.
            String at = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                    ? " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() : "";
            throw new IllegalArgumentException("not valid JSON" + at + " (expected: a service-account key file)");
        }
        return out;
    }

    private static PrivateKey privateKey(String pem) {
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            String hint = pem.contains("BEGIN RSA PRIVATE KEY") ? " (found a PKCS#1 key: convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt')" : "";
            throw new IllegalArgumentException("private_key: not a PKCS#8 PEM block (expected: '" + begin + "' ... '"
                    + end + "')" + hint);
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("private_key: not a readable RSA private key (expected: a PKCS#8 PEM "
                    + "RSA private key, as the Cloud console writes it)");
        }
    }

    private static String fingerprint(String email, String keyId, String tokenUri, PrivateKey key) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String s : new String[] {email, keyId, tokenUri}) {
                d.update(s.getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
            }
            d.update(key.getEncoded());
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServiceAccountKey k && fingerprint.equals(k.fingerprint);
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return "ServiceAccountKey[client_email=" + clientEmail + ", private_key_id=" + privateKeyId + ", token_uri="
                + tokenUri + ']';
    }
}
