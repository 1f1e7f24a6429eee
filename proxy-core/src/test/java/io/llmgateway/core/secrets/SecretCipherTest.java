package io.llmgateway.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    static final String MASTER_KEY = Base64.getEncoder().encodeToString(bytes(32, 7));
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString(bytes(32, 9));
    private static final String SECRET = "sk-live-CIPHERTEST-0123456789";

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    @Test
    void aValueEncryptedDecryptsToItself() {
        SecretCipher cipher = SecretCipher.fromMasterKey(MASTER_KEY);

        String sealed = cipher.encrypt(SECRET);

        assertThat(sealed).startsWith("enc:v1:").doesNotContain(SECRET).doesNotContain("=");
        assertThat(cipher.decrypt(sealed)).isEqualTo(SECRET);
        assertThat(SecretCipher.fromMasterKey(MASTER_KEY).decrypt(sealed)).as("a cipher of the same key").isEqualTo(SECRET);
    }

    @Test
    void unicodeAndEmptyValuesRoundTrip() {
        SecretCipher cipher = SecretCipher.fromMasterKey(MASTER_KEY);

        assertThat(cipher.decrypt(cipher.encrypt("clé-€-🔑"))).isEqualTo("clé-€-🔑");
        assertThat(cipher.decrypt(cipher.encrypt(""))).isEmpty();
    }

    @Test
    void everyEncryptionUsesAFreshNonce() {
        SecretCipher cipher = SecretCipher.fromMasterKey(MASTER_KEY);

        assertThat(cipher.encrypt(SECRET)).isNotEqualTo(cipher.encrypt(SECRET));
    }

    @Test
    void theUrlSafeAlphabetOfTheMasterKeyIsAccepted() {
        byte[] raw = new byte[32];
        java.util.Arrays.fill(raw, (byte) 0xFB); // '+' and '/' in the standard alphabet
        String standard = Base64.getEncoder().encodeToString(raw);
        String url = Base64.getUrlEncoder().encodeToString(raw);

        assertThat(url).isNotEqualTo(standard);
        assertThat(SecretCipher.fromMasterKey(url).decrypt(SecretCipher.fromMasterKey(standard).encrypt(SECRET)))
                .isEqualTo(SECRET);
    }

    @Test
    void aWrongMasterKeyIsRefusedWithoutShowingAnything() {
        String sealed = SecretCipher.fromMasterKey(MASTER_KEY).encrypt(SECRET);

        assertThatThrownBy(() -> SecretCipher.fromMasterKey(OTHER_KEY).decrypt(sealed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("authentication tag does not match")
                .hasMessageContaining("LLM_GATEWAY_MASTER_KEY")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain(sealed.substring(7))
                        .doesNotContain(OTHER_KEY).doesNotContain(MASTER_KEY));
    }

    @Test
    void aTamperedValueIsRefused() {
        String sealed = SecretCipher.fromMasterKey(MASTER_KEY).encrypt(SECRET);
        int at = sealed.length() - 10;
        String tampered = sealed.substring(0, at) + (sealed.charAt(at) == 'A' ? 'B' : 'A') + sealed.substring(at + 1);

        assertThatThrownBy(() -> SecretCipher.fromMasterKey(MASTER_KEY).decrypt(tampered))
                .hasMessageContaining("authentication tag does not match");
    }

    @Test
    void malformedValuesAreRefusedSayingWhatWasExpected() {
        SecretCipher cipher = SecretCipher.fromMasterKey(MASTER_KEY);

        assertThatThrownBy(() -> cipher.decrypt("enc:v2:AAAA")).hasMessageContaining("must start with 'enc:v1:'");
        assertThatThrownBy(() -> cipher.decrypt("enc:v1:not base64!")).hasMessageContaining("not base64url");
        assertThatThrownBy(() -> cipher.decrypt("enc:v1:AAAA")).hasMessage(
                "the encrypted value holds 3 bytes (expected: at least 28: nonce and tag; was it cut?)");
    }

    @Test
    void aMissingOrMalformedMasterKeyIsNamedButNeverShown() {
        assertThatThrownBy(() -> SecretCipher.fromMasterKey(null)).hasMessageStartingWith("LLM_GATEWAY_MASTER_KEY is not set");
        assertThatThrownBy(() -> SecretCipher.fromMasterKey(" ")).hasMessageStartingWith("LLM_GATEWAY_MASTER_KEY is not set");
        assertThatThrownBy(() -> SecretCipher.fromMasterKey("correct horse battery staple"))
                .hasMessageStartingWith("LLM_GATEWAY_MASTER_KEY is not valid base64")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("horse"));
        String short16 = Base64.getEncoder().encodeToString(bytes(16, 1));
        assertThatThrownBy(() -> SecretCipher.fromMasterKey(short16))
                .hasMessageStartingWith("LLM_GATEWAY_MASTER_KEY decodes to 16 bytes (expected: 32")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(short16));
    }

    @Test
    void toStringShowsNoKey() {
        assertThat(SecretCipher.fromMasterKey(MASTER_KEY).toString()).doesNotContain(MASTER_KEY)
                .isEqualTo("SecretCipher[AES-256-GCM, key not shown]");
    }
}
