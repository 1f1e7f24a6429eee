package io.llmgateway.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.core.secrets.SecretCipher;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code enc:v1:} values in the config: decrypted on load, never shown in a problem. */
class EncryptedValuesTest {

    private static final String MASTER_KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    private static final String SECRET = "sk-ENCRYPTED-config-4242";
    private static final String SEALED = SecretCipher.fromMasterKey(MASTER_KEY).encrypt(SECRET);

    private static String yaml(String secretValue, String port) {
        return """
                server:
                  listen: "127.0.0.1:%s"
                  admin_api_key: "%s"
                providers:
                  - id: p
                    base_url: "http://h/v1"
                    keys:
                      - secret: "%s"
                model_aliases:
                  m: p:model
                """.formatted(port, secretValue, secretValue);
    }

    private static GatewayConfig load(Map<String, String> env, String yaml) throws ConfigException {
        return new ConfigLoader(env::get).parse(yaml, "t.yaml");
    }

    @Test
    void anEncryptedValueIsDecryptedWhereverAScalarIsRead() throws Exception {
        GatewayConfig cfg = load(Map.of("LLM_GATEWAY_MASTER_KEY", MASTER_KEY), yaml(SEALED, "0"));

        assertThat(cfg.provider("p").keys().get(0).secret()).isEqualTo(SECRET);
        assertThat(cfg.server().adminApiKey()).isEqualTo(SECRET);
    }

    @Test
    void aMissingMasterKeyIsAProblemAtThePathShowingNeitherValue() {
        assertThatThrownBy(() -> load(Map.of(), yaml(SEALED, "0")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .anySatisfy(p -> assertThat(p).startsWith("providers[0].keys[0].secret (line 8): cannot decrypt "
                                + "this enc: value: LLM_GATEWAY_MASTER_KEY is not set"))
                        .anySatisfy(p -> assertThat(p).startsWith("server.admin_api_key (line 3): cannot decrypt")))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain(SEALED.substring(7)));
    }

    @Test
    void aWrongMasterKeyIsAProblemAtThePath() {
        assertThatThrownBy(() -> load(Map.of("LLM_GATEWAY_MASTER_KEY", OTHER_KEY), yaml(SEALED, "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("providers[0].keys[0].secret (line 8): cannot decrypt this enc: value: the "
                        + "authentication tag does not match")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain(SEALED.substring(7))
                        .doesNotContain(OTHER_KEY));
    }

    @Test
    void aTamperedValueIsAProblemAtThePath() {
        String tampered = SEALED.substring(0, SEALED.length() - 3) + (SEALED.endsWith("AAA") ? "BBB" : "AAA");

        assertThatThrownBy(() -> load(Map.of("LLM_GATEWAY_MASTER_KEY", MASTER_KEY), yaml(tampered, "0")))
                .hasMessageContaining("providers[0].keys[0].secret (line 8): cannot decrypt this enc: value: the "
                        + "authentication tag does not match");
    }

    @Test
    void aDecryptedValueIsNeverPrintedInAProblemAboutIt() {
        String notAPort = SecretCipher.fromMasterKey(MASTER_KEY).encrypt("not-a-port-SECRETISH");
        String yaml = yaml(SEALED, "0").replace("port: ", "").replace("admin_api_key: \"" + SEALED + "\"",
                "max_connections: \"" + notAPort + "\"");

        assertThatThrownBy(() -> load(Map.of("LLM_GATEWAY_MASTER_KEY", MASTER_KEY), yaml))
                .hasMessageContaining("server.max_connections (line 3): must be")
                .hasMessageContaining("an enc: value (decrypted, not shown)")
                .hasMessageNotContaining("SECRETISH")
                .hasMessageNotContaining(notAPort);
    }
}
