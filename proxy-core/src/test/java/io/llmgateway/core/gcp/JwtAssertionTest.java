package io.llmgateway.core.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class JwtAssertionTest {

    @Test
    void signedWithTheAccountsKeyAndCarriesGooglesClaims() throws Exception {
        KeyPair pair = TestServiceAccounts.keyPair();
        ServiceAccountKey key = TestServiceAccounts.key(pair, "gw@proj.iam.gserviceaccount.com",
                "https://oauth2.googleapis.com/token");
        String jwt = JwtAssertion.sign(key, JwtAssertion.CLOUD_PLATFORM_SCOPE, 1_765_000_000L);

        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(jwt).doesNotContain("=").doesNotContain("+").doesNotContain("/");
        Base64.Decoder d = Base64.getUrlDecoder();
        assertThat(new String(d.decode(parts[0]), StandardCharsets.UTF_8))
                .isEqualTo("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"0123456789abcdef\"}");
        assertThat(new String(d.decode(parts[1]), StandardCharsets.UTF_8))
                .isEqualTo("{\"iss\":\"gw@proj.iam.gserviceaccount.com\","
                        + "\"scope\":\"https://www.googleapis.com/auth/cloud-platform\","
                        + "\"aud\":\"https://oauth2.googleapis.com/token\",\"iat\":1765000000,\"exp\":1765003600}");

        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(pair.getPublic());
        rsa.update((parts[0] + '.' + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(d.decode(parts[2]))).isTrue();

        rsa.initVerify(TestServiceAccounts.newKeyPair().getPublic());
        rsa.update((parts[0] + '.' + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(d.decode(parts[2]))).as("another key's signature").isFalse();
    }

    @Test
    void aFileWithoutKeyIdSendsNoKid() throws Exception {
        String json = TestServiceAccounts.json(TestServiceAccounts.keyPair(), "a@b.c", "http://127.0.0.1:1/token")
                .replace("\"private_key_id\": \"0123456789abcdef\",", "");
        ServiceAccountKey key = ServiceAccountKey.parse(json.getBytes(StandardCharsets.UTF_8));
        String header = new String(Base64.getUrlDecoder().decode(JwtAssertion.sign(key, "s", 1).split("\\.")[0]),
                StandardCharsets.UTF_8);
        assertThat(header).isEqualTo("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
    }
}
