package io.llmgateway.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.codec.spi.AwsCredentials;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bedrock's {@code api} and the AWS credential of a key ({@code access_key_id}, {@code session_token}). */
class BedrockKeysConfigTest {

    private static GatewayConfig load(String providers, Map<String, String> env) throws ConfigException {
        return new ConfigLoader(env::get).parse("providers:\n" + providers + "model_aliases:\n  m: br:x\n", "test");
    }

    @Test
    void aKeyWithAnAccessKeyIdIsAnAwsCredentialFromTheEnvironment() throws Exception {
        GatewayConfig cfg = load("""
                  - id: br
                    type: bedrock
                    api: converse
                    region: eu-west-1
                    keys:
                      - id: aws
                        access_key_id: "${AWS_ACCESS_KEY_ID}"
                        secret: "${AWS_SECRET_ACCESS_KEY}"
                        session_token: "${AWS_SESSION_TOKEN}"
                      - id: api-key
                        secret: "br-api-key-1234"
                """, Map.of("AWS_ACCESS_KEY_ID", "AKIDCONFIG", "AWS_SECRET_ACCESS_KEY", "cfg-secret-access-key",
                "AWS_SESSION_TOKEN", "cfg-session-token"));

        ProviderConfig br = cfg.provider("br");
        assertThat(br.settings().api()).isEqualTo("converse");
        assertThat(br.settings().host()).isEqualTo("bedrock-runtime.eu-west-1.amazonaws.com");
        assertThat(br.keys().get(0).aws())
                .isEqualTo(new AwsCredentials("AKIDCONFIG", "cfg-secret-access-key", "cfg-session-token"));
        assertThat(br.keys().get(0).toString()).contains("AKIDCONFIG").doesNotContain("cfg-secret-access-key")
                .doesNotContain("cfg-session-token");
        assertThat(br.keys().get(1).aws()).as("no access_key_id: a Bedrock API key").isNull();
    }

    @Test
    void aSessionTokenWithoutAnAccessKeyIdAndApiOnAnotherTypeAreProblems() {
        assertThatThrownBy(() -> load("""
                  - id: br
                    type: bedrock
                    region: us-east-1
                    keys: [{secret: s-123456789, session_token: t-123456789}]
                  - id: oa
                    type: openai
                    api: converse
                    keys: [{secret: sk-1}]
                """, Map.of())).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                .anySatisfy(p -> assertThat(p).startsWith("providers[0].keys[0].session_token")
                        .contains("needs access_key_id"))
                .anySatisfy(p -> assertThat(p).startsWith("providers[1].api")
                        .contains("applies to providers of type bedrock only (this one is openai)"))
                .noneSatisfy(p -> assertThat(p).contains("t-123456789")));
    }

    @Test
    void apiIsOpenAiOrConverse() {
        assertThatThrownBy(() -> load("""
                  - id: br
                    type: bedrock
                    api: invoke
                    region: us-east-1
                    keys: [{secret: s}]
                """, Map.of())).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                .anySatisfy(p -> assertThat(p).startsWith("providers[0].api").contains("invoke")
                        .contains("openai").contains("converse")));
    }
}
