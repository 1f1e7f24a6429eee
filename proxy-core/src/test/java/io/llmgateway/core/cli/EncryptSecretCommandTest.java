package io.llmgateway.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.secrets.SecretCipher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncryptSecretCommandTest {

    private static final String MASTER_KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String SECRET = "sk-STDIN-secret-77";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String value, String stdin) {
        return EncryptSecretCommand.run(value, env::get, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theSecretOnStdinIsPrintedEncryptedWithoutItsLineBreak() {
        assertThat(run(Map.of("LLM_GATEWAY_MASTER_KEY", MASTER_KEY), null, SECRET + "\n")).isZero();

        assertThat(out()).startsWith("enc:v1:").endsWith(System.lineSeparator()).doesNotContain(SECRET);
        assertThat(SecretCipher.fromMasterKey(MASTER_KEY).decrypt(out().strip())).isEqualTo(SECRET);
        assertThat(err()).isEmpty();
    }

    @Test
    void aWindowsLineBreakIsDroppedToo() {
        assertThat(run(Map.of("LLM_GATEWAY_MASTER_KEY", MASTER_KEY), null, SECRET + "\r\n")).isZero();

        assertThat(SecretCipher.fromMasterKey(MASTER_KEY).decrypt(out().strip())).isEqualTo(SECRET);
    }

    @Test
    void valueTakesTheSecretFromTheCommandLine() {
        assertThat(run(Map.of("LLM_GATEWAY_MASTER_KEY", MASTER_KEY), SECRET, "ignored")).isZero();

        assertThat(SecretCipher.fromMasterKey(MASTER_KEY).decrypt(out().strip())).isEqualTo(SECRET);
    }

    @Test
    void withoutAMasterKeyNothingIsPrintedButWhy() {
        assertThat(run(Map.of(), null, SECRET)).isEqualTo(1);

        assertThat(out()).isEmpty();
        assertThat(err()).startsWith("encrypt-secret: LLM_GATEWAY_MASTER_KEY is not set").doesNotContain(SECRET);
    }

    @Test
    void anEmptySecretIsRefused() {
        assertThat(run(Map.of("LLM_GATEWAY_MASTER_KEY", MASTER_KEY), null, "\n")).isEqualTo(1);

        assertThat(out()).isEmpty();
        assertThat(err()).startsWith("encrypt-secret: the secret is empty");
    }

    @Test
    void aWholeFileOnStdinIsRefused() {
        assertThat(run(Map.of("LLM_GATEWAY_MASTER_KEY", MASTER_KEY), null, "x".repeat(70_000))).isEqualTo(1);

        assertThat(err()).contains("longer than 65536 bytes");
    }

    @Test
    void theCommandIsKnownToTheCommandLineWithItsHelp() throws Exception {
        assertThat(ArgumentParser.parse("encrypt-secret", "--value", "x").command()).isEqualTo(CommandName.ENCRYPT_SECRET);
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        assertThat(CommandLine.run(new String[] {"encrypt-secret", "--help"}, Map.<String, String>of()::get,
                new PrintStream(help, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isZero();
        assertThat(help.toString(StandardCharsets.UTF_8)).startsWith("usage: java -jar llm-gateway.jar encrypt-secret")
                .contains("--value SECRET").contains("LLM_GATEWAY_MASTER_KEY");
    }
}
