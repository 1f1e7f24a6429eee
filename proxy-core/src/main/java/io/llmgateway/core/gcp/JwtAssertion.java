package io.llmgateway.core.gcp;

import io.llmgateway.codec.error.OpenAiErrors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;

/**
 * The signed JWT a service account trades for an access token (Google's "OAuth 2.0 for Server to
 * Server Applications", RFC 7523): header {@code {"alg":"RS256","typ":"JWT","kid":<private_key_id>}},
 * claims {@code iss} (the account), {@code scope}, {@code aud} (the token URI), {@code iat} and
 * {@code exp} ({@value #LIFETIME_SECONDS} s later, the longest Google accepts), signed with
 * SHA256withRSA; each part base64url without padding.
 *
 * <pre>
 *   String jwt = JwtAssertion.sign(key, JwtAssertion.CLOUD_PLATFORM_SCOPE, nowEpochSeconds);
 *   // POST token_uri: grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&amp;assertion=jwt
 * </pre>
 *
 * Stateless; runs on the token refresh thread, never on an event loop.
 */
public final class JwtAssertion {

    /** What Vertex AI needs. */
    public static final String CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    /** The assertion's lifetime: Google refuses one over an hour. */
    public static final long LIFETIME_SECONDS = 3600;

    private JwtAssertion() {
    }

    /** The compact JWS of the assertion of {@code key} for {@code scope}, issued at {@code nowEpochSeconds}. */
    public static String sign(ServiceAccountKey key, String scope, long nowEpochSeconds) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\""
                + (key.privateKeyId().isEmpty() ? "" : ",\"kid\":" + json(key.privateKeyId())) + '}';
        String claims = "{\"iss\":" + json(key.clientEmail()) + ",\"scope\":" + json(scope) + ",\"aud\":"
                + json(key.tokenUri().toString()) + ",\"iat\":" + nowEpochSeconds + ",\"exp\":"
                + (nowEpochSeconds + LIFETIME_SECONDS) + '}';
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + '.'
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key.privateKey());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + '.' + b64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            // The exception names the algorithm or the key's size, never the key.
            throw new IllegalStateException("cannot sign the JWT of service account " + key.clientEmail() + ": "
                    + e.getMessage(), e);
        }
    }

    private static String json(String s) {
        ByteBuf b = Unpooled.buffer(s.length() + 2);
        try {
            OpenAiErrors.writeJsonString(b, s);
            return b.toString(StandardCharsets.UTF_8);
        } finally {
            b.release();
        }
    }
}
