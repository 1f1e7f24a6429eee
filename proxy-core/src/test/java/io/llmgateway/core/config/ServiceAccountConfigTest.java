package io.llmgateway.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.core.gcp.TestServiceAccounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code providers[].keys[].credentials_file}: read at load, every problem on the key's path, never the key itself. */
class ServiceAccountConfigTest {

    @TempDir
    Path dir;

    private static GatewayConfig parse(String keys, String extra) throws ConfigException {
        return new ConfigLoader(Map.<String, String>of()::get).parse("providers:\n  - id: vx\n    type: vertex\n"
                + "    project: p\n    location: us-central1\n" + extra + "    keys:\n" + keys, "test");
    }

    private static List<String> problems(String keys, String extra) {
        try {
            parse(keys, extra);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected problems");
    }

    @Test
    void aServiceAccountKeyStandsInForTheSecret() throws Exception {
        Path f = Files.writeString(dir.resolve("sa.json"), TestServiceAccounts.json(TestServiceAccounts.keyPair(),
                "gw@p.iam.gserviceaccount.com", "https://oauth2.googleapis.com/token"));
        GatewayConfig c = parse("      - {id: sa, credentials_file: \"" + f + "\", limit_req_per_min: 60}\n", "");
        KeyConfig k = c.provider("vx").keys().get(0);
        assertThat(k.enabled()).isTrue();
        assertThat(k.secret()).isEmpty();
        assertThat(k.limitReqPerMin()).isEqualTo(60);
        assertThat(k.serviceAccount().clientEmail()).isEqualTo("gw@p.iam.gserviceaccount.com");
        assertThat(k.toString()).contains("serviceAccount=gw@p.iam.gserviceaccount.com").doesNotContain("PRIVATE");
    }

    @Test
    void everyProblemNamesTheKeyAndTheFileButNeverItsContent() throws Exception {
        String pem = TestServiceAccounts.privateKeyPem(TestServiceAccounts.keyPair());
        Path notSa = Files.writeString(dir.resolve("user.json"), "{\"type\":\"authorized_user\",\"private_key\":\""
                + pem.replace("\n", "\\n") + "\"}");
        Path garbage = Files.writeString(dir.resolve("garbage.json"), pem);
        Path good = Files.writeString(dir.resolve("sa.json"), TestServiceAccounts.json(TestServiceAccounts.keyPair(),
                "a@b", "https://oauth2.googleapis.com/token"));
        List<String> problems = problems("      - {id: a, credentials_file: \"" + dir.resolve("missing.json") + "\"}\n"
                + "      - {id: b, credentials_file: \"" + notSa + "\"}\n"
                + "      - {id: c, credentials_file: \"" + garbage + "\"}\n"
                + "      - {id: d, credentials_file: \"" + good + "\", secret: s3cr3t-s3cr3t}\n", "");
        assertThat(problems).containsExactly(
                "providers[0].keys[0].credentials_file (line 7): cannot read '" + dir.resolve("missing.json")
                        + "': no such file",
                "providers[0].keys[1].credentials_file (line 8): '" + notSa + "' is not a usable service-account key: "
                        + "type: 'authorized_user' (expected: service_account — a service-account key file from the "
                        + "Cloud console)",
                "providers[0].keys[2].credentials_file (line 9): '" + garbage + "' is not a usable service-account key: "
                        + "not valid JSON at line 1, column 2 (expected: a service-account key file)",
                "providers[0].keys[3].credentials_file (line 10): and secret are both set (expected: one of them)");
        assertThat(String.join("\n", problems)).doesNotContain(pem.substring(30, 90)).doesNotContain("s3cr3t");
    }

    @Test
    void onlyForVertexWithBearerTokens() throws Exception {
        Path good = Files.writeString(dir.resolve("sa.json"), TestServiceAccounts.json(TestServiceAccounts.keyPair(),
                "a@b", "https://oauth2.googleapis.com/token"));
        assertThat(problems("      - {credentials_file: \"" + good + "\"}\n", "    auth_mode: api_key\n"))
                .anySatisfy(p -> assertThat(p).isEqualTo("providers[0].keys[0].credentials_file (line 8): needs "
                        + "auth_mode bearer (the provider says api_key: service-account tokens are bearer tokens)"));
        assertThatThrownBy(() -> new ConfigLoader(Map.<String, String>of()::get).parse("providers:\n  - id: g\n"
                + "    type: gemini\n    keys:\n      - {credentials_file: \"" + good + "\"}\n", "test"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "providers[0].keys[0].credentials_file (line 5): is for providers of type vertex only "
                                + "(this provider is of type gemini)"));
    }

    @Test
    void anUnsetVariableDisablesTheKeyWithAWarning() throws Exception {
        GatewayConfig c = parse("      - {id: sa, credentials_file: \"${SA_FILE}\"}\n      - {id: t, secret: tok-tok-tok}\n",
                "");
        assertThat(c.provider("vx").keys().get(0).enabled()).isFalse();
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("providers[0].keys[0].credentials_file")
                .contains("SA_FILE").contains("key 'sa' of provider 'vx' is disabled"));
    }
}
