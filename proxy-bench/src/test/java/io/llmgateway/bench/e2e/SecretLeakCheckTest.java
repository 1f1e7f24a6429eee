package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SecretLeakCheck}: finds the config's secrets in any form, and nothing else. */
class SecretLeakCheckTest {

    private static final String YAML = """
            server:
              admin_api_key: "adm-LEAKCHECK-0001"
              api_keys: ["cli-LEAKCHECK-0002", "short"]
            providers:
              - id: p
                headers: { x-api-key: "hdr-LEAKCHECK-0003", anthropic-version: "2023-06-01" }
                keys:
                  - secret: "${P_SECRET}"
                  - secret: "enc:v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            """;
    private static final Map<String, String> ENV = Map.of("P_SECRET", "env-LEAKCHECK-0004",
            "LLM_GATEWAY_MASTER_KEY", "bWFzdGVyLWtleS1MRUFLQ0hFQ0stMDAwNQ==", "PLAIN_SETTING", "not-a-secret-at-all");

    private static List<String> leaks(String... lines) throws Exception {
        return SecretLeakCheck.of(YAML, ENV).leaks(List.of(lines), YAML, -1);
    }

    @Test
    void everyCredentialOfTheConfigAndTheEnvironmentIsSearched() {
        SecretLeakCheck check = SecretLeakCheck.of(YAML, ENV);

        assertThat(check.size()).as("admin key, one client key, x-api-key, ${P_SECRET}, $P_SECRET, master key")
                .isEqualTo(6);
    }

    @Test
    void aSecretInAnyFormIsALeakNamedByItsOrigin() throws Exception {
        assertThat(leaks("ok", "upstream said: hdr-LEAKCHECK-0003")).containsExactly(
                "the secret of providers[0].headers.x-api-key is in line 2 of the gateway's output");
        assertThat(leaks("{\"k\":\"adm-LEAKCHECK\\u002d0001\"}")).singleElement().asString()
                .startsWith("the secret of server.admin_api_key");
        assertThat(leaks("key env-LEAKCHECK-0004")).hasSize(2); // as ${P_SECRET} and as $P_SECRET
    }

    @Test
    void whatIsNoCredentialIsNoLeak() throws Exception {
        assertThat(leaks("short", "anthropic-version 2023-06-01", "not-a-secret-at-all",
                "enc:v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).isEmpty();
    }

    @Test
    void aDeclaredSecretIsSearchedToo() throws Exception {
        SecretLeakCheck check = SecretLeakCheck.of(YAML, ENV);
        check.add("the plaintext", "plain-LEAKCHECK-0006");

        assertThat(check.leaks(List.of("x plain-LEAKCHECK-0006"), YAML, -1)).containsExactly(
                "the secret of the plaintext is in line 1 of the gateway's output");
    }

    @Test
    void whatAClientReadFromTheGatewaysPortIsSearched() throws Exception {
        SecretLeakCheck.portTaken(1);
        SecretLeakCheck.received(1, "HTTP/1.1 200 OK\r\n\r\n{\"admin\":\"adm-LEAKCHECK-0001\"}");

        assertThat(SecretLeakCheck.of(YAML, ENV).leaks(List.of(), YAML, 1)).containsExactly(
                "the secret of server.admin_api_key is in response 1 read from port 1");
        SecretLeakCheck.portTaken(1);
        assertThat(SecretLeakCheck.of(YAML, ENV).leaks(List.of(), YAML, 1)).isEmpty();
    }
}
