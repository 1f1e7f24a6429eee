package io.llmgateway.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Start-up and validation messages name what failed — the unset variable behind an empty secret or
 * URL — and never print a value that came from the environment or a secret.
 */
class ConfigMessagesTest {

    private static GatewayConfig load(String yaml, Map<String, String> env) throws ConfigException {
        return new ConfigLoader(env::get).parse(yaml, "t.yaml");
    }

    private static List<String> problems(String yaml, Map<String, String> env) {
        try {
            load(yaml, env);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected the configuration to be refused:\n" + yaml);
    }

    @Test
    void aKeyDisabledAtLoadIsAWarningNamingItsVariable() throws Exception {
        GatewayConfig cfg = load("""
                providers:
                  - id: openai
                    keys:
                      - {id: oa-1, secret: "${OPENAI_KEY_1}"}
                      - id: oa-2
                        secret: "${OPENAI_KEY_2}"
                      - {id: oa-3, secret: "${OPENAI_KEY_3}"}
                      - {id: oa-4, secret: ""}
                      - {id: oa-5}
                      - {id: oa-6, secret: "${OPENAI_KEY_6:-}"}
                      - {id: oa-7, secret: "${OPENAI_KEY_7}", enabled: false}
                      - {id: oa-8, secret: "", enabled: false}
                model_aliases:
                  m: openai:gpt-4o
                """, Map.of("OPENAI_KEY_1", "sk-1", "OPENAI_KEY_3", ""));

        assertThat(cfg.provider("openai").enabledKeys()).extracting(KeyConfig::id).containsExactly("oa-1");
        assertThat(cfg.warnings()).containsExactly(
                "providers[0].keys[1].secret (line 6): ${OPENAI_KEY_2} is not set: key 'oa-2' of provider 'openai' is disabled",
                "providers[0].keys[2].secret (line 7): ${OPENAI_KEY_3} is empty: key 'oa-3' of provider 'openai' is disabled",
                "providers[0].keys[3].secret (line 8): the secret is empty: key 'oa-4' of provider 'openai' is disabled",
                "providers[0].keys[4] (line 9): no secret: key 'oa-5' of provider 'openai' is disabled",
                "providers[0].keys[5].secret (line 10): '${OPENAI_KEY_6:-}' is empty: key 'oa-6' of provider 'openai' is disabled");
    }

    @Test
    void theMetricsListenerAndEndpointAreChecked() throws Exception {
        String providers = """
                providers:
                  - {id: p, base_url: "http://h/v1", keys: [{secret: s}]}
                model_aliases:
                  m: p:x
                """;
        assertThat(problems("""
                server:
                  metrics_listen: "127.0.0.1:nine"
                logging:
                  prometheus: {endpoint: "/v1/metrics"}
                """ + providers, Map.of()))
                .anySatisfy(p -> assertThat(p).startsWith("server.metrics_listen (line 2)")
                        .contains("must be host:port or :port, got '127.0.0.1:nine'"))
                .anySatisfy(p -> assertThat(p).startsWith("logging.prometheus.endpoint (line 4)")
                        .contains("must not be under /v1/, /health/ or /admin/"));
        ServerConfig server = load("""
                server:
                  metrics_listen: "127.0.0.1:9090"
                """ + providers, Map.of()).server();
        assertThat(server.separateMetricsListener()).isTrue();
        assertThat(server.metricsHost()).isEqualTo("127.0.0.1");
        assertThat(server.metricsPort()).isEqualTo(9090);
        assertThat(load(providers, Map.of()).server().separateMetricsListener()).isFalse();
    }

    @Test
    void anUnsetUrlVariableIsNamed() throws Exception {
        String required = """
                providers:
                  - id: local
                    type: openai-compatible
                    base_url: "${VLLM_URL}"
                    keys: [{secret: s}]
                model_aliases:
                  m: local:llama
                """;
        assertThat(problems(required, Map.of())).contains(
                "providers[0].base_url (line 4): ${VLLM_URL} is not set (expected: the base URL, required for "
                        + "providers of type openai-compatible)");

        GatewayConfig cfg = load(required.replace("openai-compatible", "openai"), Map.of());
        assertThat(cfg.provider("local").settings().host()).isEqualTo("api.openai.com");
        assertThat(cfg.warnings()).containsExactly(
                "providers[0].base_url (line 4): ${VLLM_URL} is not set: using the default base URL of type openai");

        assertThat(problems(required.replace("\"${VLLM_URL}\"", "\"http://${VLLM_HOST}/v1\""), Map.of()))
                .contains("providers[0].base_url (line 4): must be an http:// or https:// URL with a host, got "
                        + "'http://${VLLM_HOST}/v1' (${VLLM_HOST} is not set)");
    }

    @Test
    void unsetClientAndAdminKeysAreWarnings() throws Exception {
        GatewayConfig cfg = load("""
                server:
                  admin_api_key: "${ADMIN_KEY}"
                  api_keys: ["${CLIENT_KEY_1}", "${CLIENT_KEY_2}"]
                providers:
                  - {id: p, base_url: "http://h/v1", keys: [{secret: s}]}
                model_aliases:
                  m: p:model
                """, Map.of("CLIENT_KEY_1", "ck-1"));
        assertThat(cfg.server().apiKeys()).containsExactly("ck-1");
        assertThat(cfg.server().adminApiKey()).isEmpty();
        assertThat(cfg.warnings()).containsExactly(
                "server.admin_api_key (line 2): ${ADMIN_KEY} is not set: the admin API is off",
                "server.api_keys[1] (line 3): ${CLIENT_KEY_2} is not set: this client key is ignored");

        // Every client key missing: refused, rather than started without client authentication.
        assertThat(problems("""
                server:
                  admin_api_key: "${ADMIN_KEY:-}"
                  api_keys: ["${CLIENT_KEY}"]
                providers:
                  - {id: p, base_url: "http://h/v1", keys: [{secret: s}]}
                model_aliases:
                  m: p:model
                """, Map.of())).containsExactly("server.api_keys (line 3): no client key is left, so any client "
                + "would be let in (expected: at least one key; remove api_keys to run without client authentication)");
    }

    @Test
    void anUnsetVariableWhereAValueIsExpectedIsNamed() {
        assertThat(problems("""
                server:
                  io_threads: ${THREADS}
                  transport: ${TRANSPORT}
                providers:
                  - id: p
                    base_url: "http://h/v1"
                    keys: [{secret: s, limit_req_per_min: "${RPM}", enabled: "${ON}"}]
                model_aliases:
                  m: {targets: [{target: "${TARGET}"}]}
                """, Map.of())).containsExactlyInAnyOrder(
                "server.io_threads (line 2): ${THREADS} is not set (expected: an integer)",
                "server.transport (line 3): ${TRANSPORT} is not set (expected: one of auto, epoll, io_uring, nio)",
                "providers[0].keys[0].limit_req_per_min (line 7): ${RPM} is not set (expected: an integer)",
                "providers[0].keys[0].enabled (line 7): ${ON} is not set (expected: true or false)",
                "model_aliases.m.targets[0].target (line 9): ${TARGET} is not set (expected: a value)");
    }

    @Test
    void noProblemPrintsAValueFromTheEnvironment() {
        String yaml = """
                version: "${VERSION}"
                server:
                  listen: "${LISTEN}"
                  max_request_bytes: ${MAX_BYTES}
                  transport: ${TRANSPORT}
                upstream:
                  tls: {ca_file: "${CA_FILE}"}
                providers:
                  - id: p
                    type: ${TYPE}
                  - id: q
                    base_url: "${URL}"
                    keys: [{secret: s}]
                  - id: br
                    type: bedrock
                    base_url: "https://bedrock-runtime.us-east-1.amazonaws.com/openai/v1"
                    region: "${REGION}"
                    keys: [{secret: s, weight: "${WEIGHT}"}]
                  - id: vx
                    type: vertex
                    location: "${LOCATION}"
                    keys: [{secret: s}]
                model_aliases:
                  m: "${TARGET}"
                policy:
                  tag_header: "${TAG_HEADER}"
                """;
        Map<String, String> env = Map.ofEntries(
                Map.entry("VERSION", "9-leak-version"),
                Map.entry("LISTEN", "leak-listen"),
                Map.entry("MAX_BYTES", "99"),
                Map.entry("TRANSPORT", "leak-transport"),
                Map.entry("CA_FILE", "/leak/ca.pem"),
                Map.entry("TYPE", "leak-type"),
                Map.entry("URL", "ftp://leak-host/v1"),
                Map.entry("WEIGHT", "-7"),
                Map.entry("REGION", "eu-leak-9"),
                Map.entry("LOCATION", "leak location"),
                Map.entry("TARGET", "leak-target"),
                Map.entry("TAG_HEADER", "leak header"));
        List<String> problems = problems(yaml, env);

        assertThat(problems).hasSize(12).allSatisfy(p -> assertThat(p).doesNotContain("leak", "99", "-7"));
        assertThat(problems).contains(
                "version (line 1): unsupported version '${VERSION}' (from the environment, not shown) (expected: 1.x)",
                "server.max_request_bytes (line 4): must be between 1024 and 2147482623, got '${MAX_BYTES}' (from the "
                        + "environment, not shown)",
                "providers[2].region (line 17): '${REGION}' does not match base_url host "
                        + "bedrock-runtime.us-east-1.amazonaws.com");
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("providers[3].base_url: not a valid URL")
                .endsWith("got the default of type vertex for location '${LOCATION}' (from the environment, not shown)"));
    }

    @Test
    void secretsAreNeverEchoed() {
        List<String> problems = problems("""
                server:
                  admin_api_key: {nested: "adm-secret-1"}
                providers:
                  - id: p
                    base_url: "http://h/v1"
                    headers: {X-Auth: "hdr-secret-2\\n"}
                    keys: [{secret: "sk-secret-3\\u0000"}]
                storage:
                  runtime: {password: [pw-secret-4]}
                model_aliases:
                  m: p:model
                """, Map.of());
        assertThat(problems).hasSize(4).allSatisfy(p -> assertThat(p).doesNotContain("secret-"));
    }

    @Test
    void aSecretWrittenWhereAKeysMappingBelongsIsNotEchoed() {
        String yaml = """
                providers:
                  - id: p
                    base_url: "http://h/v1"
                    keys: %s
                model_aliases:
                  m: p:model
                """;
        Map<String, String> env = Map.of("OPENAI_KEY", "sk-env-leak-1");

        assertThat(problems(yaml.formatted("\"${OPENAI_KEY}\""), env))
                .contains("providers[0].keys (line 4): must be a list, got a secret (not shown)")
                .allSatisfy(p -> assertThat(p).doesNotContain("leak"));
        assertThat(problems(yaml.formatted("\"sk-literal-leak-2\""), env))
                .contains("providers[0].keys (line 4): must be a list, got a secret (not shown)")
                .allSatisfy(p -> assertThat(p).doesNotContain("leak"));
        assertThat(problems(yaml.formatted("[\"sk-literal-leak-3\", \"${OPENAI_KEY}\"]"), env))
                .containsExactly("providers[0].keys[0] (line 4): must be a mapping, got a secret (not shown)",
                        "providers[0].keys[1] (line 4): must be a mapping, got a secret (not shown)");
    }
}
