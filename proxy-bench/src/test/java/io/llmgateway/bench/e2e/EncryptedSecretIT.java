package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code enc:v1:} secrets through the real jar: {@code encrypt-secret} reads the secret from stdin,
 * the gateway started with its output and the master key reaches the upstream with the secret
 * itself, and a wrong or missing master key stops {@code validate} and {@code serve} with a problem
 * that names the YAML path and shows neither the secret nor the key.
 */
class EncryptedSecretIT {

    private static final String SECRET = "sk-ENCRYPTED-E2E-canary-7f3a9c";
    private static final String MASTER_KEY = randomKey();
    private static final String OTHER_KEY = randomKey();

    private static MockUpstream upstream;
    private static String sealed;

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @BeforeAll
    static void encrypt() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build());
        JarCommand command = JarCommand.runWithInput(Map.of("LLM_GATEWAY_MASTER_KEY", MASTER_KEY), SECRET + "\n",
                "encrypt-secret");
        assertThat(command.exitCode()).as(command.all()).isZero();
        assertThat(command.all()).doesNotContain(SECRET).doesNotContain(MASTER_KEY);
        sealed = command.out().strip();
        assertThat(sealed).startsWith("enc:v1:").doesNotContain("\n");
    }

    @AfterAll
    static void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }

    private static String config() {
        return GatewayConfigs.withProviders("""
                - id: mock
                  type: openai-compatible
                  base_url: "%s/v1"
                  keys:
                    - id: sealed
                      secret: "%s"
                """.formatted(upstream.baseUrl(), sealed), "gpt-4o: mock:gpt-4o");
    }

    @Test
    void theGatewayDecryptsTheSecretAndTheUpstreamReceivesIt() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(config(), Map.of("LLM_GATEWAY_MASTER_KEY", MASTER_KEY))) {
            gateway.treatAsSecret("the plaintext of providers[0].keys[0].secret", SECRET);
            upstream.clearRecordedRequests();
            OpenAIClient client = SdkCalls.client(gateway);
            try {
                client.chat().completions().create(ChatCompletionCreateParams.builder()
                        .model("gpt-4o").addUserMessage("hello").build());
            } finally {
                client.close();
            }

            assertThat(upstream.recordedRequests()).singleElement()
                    .satisfies(r -> assertThat(r.headers().get("authorization")).isEqualTo("Bearer " + SECRET));
            assertThat(String.join("\n", gateway.output())).doesNotContain(SECRET).doesNotContain(MASTER_KEY);
        }
    }

    @Test
    void aWrongMasterKeyIsAProblemAtThePathThatShowsNothingSecret() throws Exception {
        Path file = Files.createTempFile("gateway-enc-", ".yaml");
        try {
            Files.writeString(file, config());
            for (String command : new String[] {"validate", "serve"}) {
                JarCommand run = JarCommand.run(Map.of("LLM_GATEWAY_MASTER_KEY", OTHER_KEY), command, "--config",
                        file.toString());

                assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
                assertThat(run.err()).contains("providers[0].keys[0].secret (line ")
                        .contains("cannot decrypt this enc: value: the authentication tag does not match");
                assertThat(run.all()).doesNotContain(SECRET).doesNotContain(OTHER_KEY).doesNotContain(MASTER_KEY)
                        .doesNotContain(sealed.substring("enc:v1:".length()));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aMissingMasterKeyIsAProblemNamingTheVariable() throws Exception {
        Path file = Files.createTempFile("gateway-enc-", ".yaml");
        try {
            Files.writeString(file, config());
            JarCommand run = JarCommand.run(Map.of(), "validate", file.toString());

            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.err()).contains("providers[0].keys[0].secret (line ")
                    .contains("LLM_GATEWAY_MASTER_KEY is not set");
            assertThat(run.all()).doesNotContain(SECRET);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void encryptSecretWithoutAMasterKeyPrintsNothingButWhy() throws Exception {
        JarCommand run = JarCommand.runWithInput(Map.of(), SECRET, "encrypt-secret");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("encrypt-secret: LLM_GATEWAY_MASTER_KEY is not set").doesNotContain(SECRET);
    }
}
