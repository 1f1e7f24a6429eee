package io.llmgateway.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.codec.spi.AwsCredentials;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.core.config.KeyConfig;
import io.llmgateway.core.config.ProviderConfig;
import io.llmgateway.core.gcp.ServiceAccountKey;
import io.llmgateway.core.gcp.TestServiceAccounts;
import io.llmgateway.core.secrets.SecretMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentTest {

    private static Deployment deployment(KeyConfig key) {
        ProviderConfig provider = new ProviderConfig("p", "p", "http://h/v1",
                ProviderSettings.of("p", "openai-compatible", false, "h", 80, "/v1"), List.of(key), List.of());
        return new Deployment(provider, key, "m", null);
    }

    @Test
    void aKeysSecretAndItsAwsSessionTokenAreBothCredentials() {
        KeyConfig key = new KeyConfig("k", "aws-secret-access-key", 0, 0, 0, 1.0, true,
                new AwsCredentials("AKIDEXAMPLE", "aws-secret-access-key", "session-token-value"));
        SecretMatcher m = deployment(key).secretMatcher();
        assertThat(m.foundIn("bad signature for aws-secret-access-key")).isTrue();
        assertThat(m.foundIn("x-amz-security-token: session-token-value")).isTrue();
        assertThat(m.foundIn("AKIDEXAMPLE is not a secret")).isFalse();
    }

    @Test
    void aServiceAccountKeyMatchesTheTokensItsSourcePublishesWhileTheDeploymentLives() {
        ServiceAccountKey account = TestServiceAccounts.key(TestServiceAccounts.keyPair(), "gw@p.iam",
                "https://oauth2.example/token");
        Deployment d = deployment(new KeyConfig("sa", "", 0, 0, 0, 1.0, true, null, account));
        assertThat(d.secretMatcher().searched()).as("no token issued yet").isFalse();

        account.issuedTokens().publish(SecretMatcher.of("ya29.issued-later"));
        assertThat(d.secretMatcher().foundIn("Bearer ya29.issued-later")).isTrue();
    }
}
