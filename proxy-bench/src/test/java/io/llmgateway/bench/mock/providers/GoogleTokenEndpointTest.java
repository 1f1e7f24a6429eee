package io.llmgateway.bench.mock.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.gcp.JwtAssertion;
import io.llmgateway.core.gcp.ServiceAccountKey;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GoogleTokenEndpointTest {

    private static final String EMAIL = "gw@p.iam.gserviceaccount.com";
    private static final String AUD = "http://127.0.0.1:9/token";
    private static final KeyPair PAIR = keyPair();

    private long now = 1_765_000_000_000L;
    private final GoogleTokenEndpoint endpoint = new GoogleTokenEndpoint(PAIR.getPublic(), EMAIL, 3, () -> now);

    GoogleTokenEndpointTest() {
        endpoint.audience(AUD);
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ServiceAccountKey key(KeyPair pair, String email, String tokenUri) {
        String pem = "-----BEGIN PRIVATE KEY-----\\n" + Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\\n-----END PRIVATE KEY-----\\n";
        return ServiceAccountKey.parse(("{\"type\":\"service_account\",\"client_email\":\"" + email
                + "\",\"private_key\":\"" + pem + "\",\"token_uri\":\"" + tokenUri + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private String post(String form) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/token",
                Unpooled.copiedBuffer(form, StandardCharsets.UTF_8));
        try {
            FullHttpResponse r = endpoint.exchange(request).response(null, ByteBufAllocator.DEFAULT);
            try {
                return r.status().code() + " " + r.content().toString(StandardCharsets.UTF_8);
            } finally {
                r.release();
            }
        } finally {
            request.release();
        }
    }

    private String exchange(ServiceAccountKey key, long iatSeconds) {
        return post("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion="
                + JwtAssertion.sign(key, JwtAssertion.CLOUD_PLATFORM_SCOPE, iatSeconds));
    }

    @Test
    void aGoodAssertionGetsATokenThatVertexTakesUntilItExpires() {
        String answer = exchange(key(PAIR, EMAIL, AUD), now / 1000);
        Matcher m = Pattern.compile("200 \\{\"access_token\":\"(ya29\\.mock-sa-[0-9a-f]+)\",\"expires_in\":3,"
                + "\"token_type\":\"Bearer\"}").matcher(answer);
        assertThat(m.matches()).as(answer).isTrue();
        String token = m.group(1);
        assertThat(endpoint.exchanges()).isEqualTo(1);
        assertThat(endpoint.issuedTokens()).containsExactly(token);
        assertThat(endpoint.valid(token)).isTrue();
        now += 2_999;
        assertThat(endpoint.valid(token)).isTrue();
        now += 1;
        assertThat(endpoint.valid(token)).isFalse();
        assertThat(endpoint.expiredUses()).isEqualTo(1);
        assertThat(endpoint.valid("ya29.never-issued")).isFalse();
    }

    @Test
    void whatGoogleRefusesIsRefused() {
        assertThat(exchange(key(keyPair(), EMAIL, AUD), now / 1000))
                .isEqualTo("400 {\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
        assertThat(exchange(key(PAIR, "other@p.iam.gserviceaccount.com", "http://elsewhere/token"), now / 1000))
                .isEqualTo("400 {\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT: claims iss, aud do "
                        + "not match the service account\"}");
        assertThat(exchange(key(PAIR, EMAIL, AUD), now / 1000 - 3_601))
                .startsWith("400 {\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT: Token must be a "
                        + "short-lived token");
        assertThat(post("grant_type=client_credentials&assertion=x"))
                .isEqualTo("400 {\"error\":\"unsupported_grant_type\",\"error_description\":\"Invalid grant_type: "
                        + "client_credentials\"}");
        assertThat(endpoint.refusals()).isEqualTo(4);
        assertThat(endpoint.exchanges()).isZero();
    }
}
