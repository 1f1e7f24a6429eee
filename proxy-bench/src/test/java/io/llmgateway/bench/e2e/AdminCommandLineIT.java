package io.llmgateway.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockUpstream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's commands of the real jar against a real gateway: {@code providers} and
 * {@code reload} (a refused config listed problem by problem), the admin key checked (a wrong one is
 * one line and exit 1, never printed), a gateway that is not there said as such, and
 * {@code import-litellm} producing a file the jar's own {@code validate} accepts.
 */
class AdminCommandLineIT {

    private static final String ADMIN_KEY = "adm-cli-e2e-secret-51c9";

    private static MockUpstream upstream;

    @BeforeAll
    static void startUpstream() throws Exception {
        upstream = MockUpstream.start(MockOptions.builder().host("127.0.0.1").build());
    }

    @AfterAll
    static void stopUpstream() throws Exception {
        upstream.close();
    }

    @Test
    void providersAndReloadAnswerFromTheRunningGateway() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream,
                "admin_api_key: \"" + ADMIN_KEY + "\"", ""))) {
            Map<String, String> env = Map.of("LLM_GATEWAY_URL", "http://127.0.0.1:" + gateway.port(),
                    "LLM_GATEWAY_ADMIN_KEY", ADMIN_KEY);
            JarCommand providers = JarCommand.run(env, "providers");
            assertThat(providers.exitCode()).as(providers.all()).isZero();
            assertThat(providers.out()).as(providers.all()).startsWith("PROVIDER  TYPE ")
                    .containsPattern("(?m)^mock +openai-compatible +k1 +yes +healthy +0 +0 +0 ")
                    .containsPattern("(?m)^mock +openai-compatible +k2 +yes +healthy ")
                    .containsPattern("(?m)^faulty +openai-compatible +f1 ");

            Path file = ReloadIT.configPathOf(gateway);
            String original = Files.readString(file);
            Files.writeString(file, original.replace("model_aliases:\n", "model_aliases:\n  reloaded: mock:gpt-4o\n"));
            JarCommand reloaded = JarCommand.run(env, "reload");
            assertThat(reloaded.exitCode()).as(reloaded.all()).isZero();
            assertThat(reloaded.out()).as(reloaded.all()).endsWith("Reloaded: config version 2 from " + file + ".\n");

            Files.writeString(file, original.replace("model_aliases:\n", "model_aliases:\n  broken: nowhere:gpt-4o\n"));
            JarCommand refused = JarCommand.run(env, "reload");
            assertThat(refused.exitCode()).as(refused.all()).isEqualTo(1);
            assertThat(refused.err()).as(refused.all())
                    .startsWith("llm-gateway: POST /admin/v1/reload: 400 invalid_config: ")
                    .contains("\n  - model_aliases.broken");
            assertThat(refused.out()).isEmpty();
            assertThat(providers.out() + reloaded.all() + refused.all()).doesNotContain(ADMIN_KEY);
        }
    }

    @Test
    void aWrongAdminKeyIsRefusedInOneLineThatDoesNotPrintIt() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream,
                "admin_api_key: \"" + ADMIN_KEY + "\"", ""))) {
            String url = "http://127.0.0.1:" + gateway.port();
            for (String[] args : new String[][] {{"providers"}, {"keys", "list"}, {"keys", "revoke", "vk_1"},
                {"reload"}, {"keys", "create", "--name", "x"}}) {
                JarCommand r = JarCommand.run(Map.of("LLM_GATEWAY_URL", url, "LLM_GATEWAY_ADMIN_KEY", ADMIN_KEY + "x"),
                        args);
                assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
                assertThat(r.err()).as(r.all()).startsWith("llm-gateway: ").contains(": 401 invalid_api_key: ")
                        .hasLineCount(1);
                assertThat(r.out() + r.err()).as(r.all()).doesNotContain(ADMIN_KEY);
            }
        }
    }

    @Test
    void withoutAnAdminKeyOnTheGatewayTheCommandSaysHowToTurnTheApiOn() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(GatewayConfigs.openAiCompatible(upstream))) {
            JarCommand r = JarCommand.run(Map.of("LLM_GATEWAY_ADMIN_KEY", ADMIN_KEY), "providers", "--url",
                    "http://127.0.0.1:" + gateway.port());
            assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
            assertThat(r.err()).as(r.all()).contains("404 unknown_url").contains("server.admin_api_key set");
        }
    }

    @Test
    void aGatewayThatIsNotListeningIsSaidClearly() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        JarCommand r = JarCommand.run(Map.of("LLM_GATEWAY_URL", "http://127.0.0.1:" + port, "LLM_GATEWAY_ADMIN_KEY",
                ADMIN_KEY), "keys", "list");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.err()).as(r.all()).isEqualTo("llm-gateway: cannot connect to the gateway at http://127.0.0.1:"
                + port + ": connection refused (is it running, and is --url or $LLM_GATEWAY_URL right?)\n");
    }

    @Test
    void importLiteLlmWritesAConfigTheJarValidates(@TempDir Path dir) throws Exception {
        Path litellm = Path.of("..", "proxy-core", "src", "test", "resources", "litellm", "proxy_server_config.yaml");
        Path converted = dir.resolve("llm-gateway.yaml");
        JarCommand r = JarCommand.run("import-litellm", litellm.toString(), "-o", converted.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.err()).as(r.all()).contains("not converted: line 95: model_list[14]: wildcard routing")
                .contains("import-litellm: 14 deployment(s) -> 10 provider(s), 13 alias(es)");
        assertThat(Files.readString(converted)).startsWith("# Converted from the LiteLLM config");

        JarCommand valid = JarCommand.run(Map.of("AZURE_API_KEY", "az", "OPENAI_API_KEY", "oa", "MISTRAL_API_KEY", "mi"),
                "validate", "--strict", converted.toString());
        assertThat(valid.exitCode()).as(valid.all()).isZero();
        assertThat(valid.out()).contains("OK (10 provider(s), 13 alias(es))");
    }
}
