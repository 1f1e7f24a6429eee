package io.llmgateway.core.cli.litellm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.config.ProviderConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * import-litellm on LiteLLM's own documented example configs (test resources {@code litellm/}, each
 * naming where it came from): the output passes this gateway's validation, and what could not be
 * converted is reported at its LiteLLM line.
 */
class LiteLlmImportTest {

    /** Every variable the converted configs read is set, as on a machine where LiteLLM ran. */
    private static final Function<String, String> ENV = name -> name.endsWith("_BASE")
            ? "https://example.openai.azure.com" : name.contains("REGION") ? "us-east-1" : "value-of-" + name;

    private static String fixture(String name) throws IOException {
        try (InputStream in = LiteLlmImportTest.class.getResourceAsStream("/litellm/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static LiteLlmImport.Result convert(String name) throws Exception {
        return LiteLlmImport.convert(fixture(name), name);
    }

    private static GatewayConfig validated(LiteLlmImport.Result result) throws Exception {
        GatewayConfig config = new ConfigLoader(ENV).parse(result.yaml(), "converted");
        assertThat(config.warnings()).as(result.yaml()).isEmpty();
        return config;
    }

    private static List<String> unmapped(LiteLlmImport.Result result) {
        return result.unmapped().stream().map(Unmapped::toString).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy_server_config.yaml", "docs_quick_start.yaml", "docs_load_balancing.yaml",
        "azure_config.yaml", "load_balancer.yaml", "aliases_config.yaml"})
    void everyDocumentedExampleConvertsToAConfigTheValidatorAccepts(String name) throws Exception {
        LiteLlmImport.Result result = convert(name);
        GatewayConfig config = validated(result);
        assertThat(config.providers()).hasSize(result.providers());
        assertThat(config.aliases()).hasSize(result.aliases());
        for (Unmapped u : result.unmapped()) {
            assertThat(result.yaml()).contains("#   " + u);
        }
        assertThat(result.yaml()).doesNotContain("os.environ/");
    }

    @Test
    void theProxyServerConfigKeepsItsDeploymentsAliasesFallbacksAndSettings() throws Exception {
        LiteLlmImport.Result result = convert("proxy_server_config.yaml");
        GatewayConfig config = validated(result);
        assertThat(result.deployments()).isEqualTo(14);
        assertThat(config.aliases().keySet()).containsExactly("gpt-3.5-turbo-end-user-test", "gpt-3.5-turbo",
                "gpt-3.5-turbo-large", "gpt-4", "text-embedding-ada-002", "openai-dall-e-3", "fake-openai-endpoint",
                "fake-openai-endpoint-2", "fake-openai-endpoint-3", "bad-model", "mistral-embed", "gpt-instruct",
                "my-special-fake-model-alias-name");
        assertThat(result.yaml())
                .contains("""
                          - id: "azure"   # model_list line 9
                            type: "azure"
                            base_url: "https://openai-gpt-4-test-v-1.openai.azure.com"
                            api_version: "2023-05-15"
                            keys:
                              - secret: "${AZURE_API_KEY}"
                        """)
                .contains("""
                          "gpt-3.5-turbo":
                            targets: ["azure:chatgpt-v-2"]
                            context_window_fallbacks: ["gpt-3.5-turbo-large"]
                        """)
                .contains("\"gpt-3.5-turbo-end-user-test\": [\"openai:gpt-3.5-turbo\", \"azure:chatgpt-v-2\"]")
                .contains("  api_keys: [\"sk-1234\"]").contains("  admin_api_key: \"sk-1234\"")
                .contains("  total_timeout_ms: 600000")
                .contains("  strategy: \"lowest-tpm-rpm\"").contains("  retries: 5");
        assertThat(config.server().adminApiKey()).isEqualTo("sk-1234");
        assertThat(config.upstream().totalTimeoutMs()).isEqualTo(600_000);
        assertThat(config.policy().retries()).isEqualTo(5);
        assertThat(unmapped(result)).contains(
                "line 6: model_list[0].litellm_params.region_name: a LiteLLM deployment parameter with no equivalent "
                        + "here",
                "line 26: model_list[3].litellm_params.timeout: per-deployment timeouts have no equivalent: "
                        + "upstream.first_byte_timeout_ms, idle_timeout_ms and total_timeout_ms apply to every provider",
                "line 50: model_list[7]: 'azure/' names no model after the provider; skipped",
                "line 139: finetune_settings: a LiteLLM section with no equivalent here",
                "line 158: router_settings.redis_host: state shared through Redis arrives with the multi-instance work "
                        + "(storage.runtime); one instance keeps it in memory",
                "line 173: general_settings.pass_through_endpoints: a LiteLLM proxy setting with no equivalent here");
        assertThat(unmapped(result)).anyMatch(u -> u.startsWith("line 37: model_list[5]: LiteLLM provider 'sagemaker'"))
                .anyMatch(u -> u.startsWith("line 95: model_list[14]: wildcard routing ('*' -> 'openai/*')"));
        assertThat(result.unmapped()).extracting(Unmapped::line).isSorted();
    }

    @Test
    void limitsStayPerDeploymentAndAnOpenAiPrefixWithABaseIsAnOpenAiCompatibleHost() throws Exception {
        LiteLlmImport.Result result = convert("proxy_server_config.yaml");
        GatewayConfig config = validated(result);
        // fake-openai-endpoint-3: two deployments with 1000 rpm each in LiteLLM, so two keys of 1000 here.
        assertThat(result.yaml()).contains("\"fake-openai-endpoint-3\": [\"openai-compatible-3:my-fake-model\", "
                + "\"openai-compatible-4:my-fake-model-2\"]");
        ProviderConfig host = config.providers().stream().filter(p -> p.id().equals("openai-compatible-3"))
                .findFirst().orElseThrow();
        assertThat(host.settings().type()).isEqualTo("openai-compatible");
        assertThat(host.baseUrl()).isEqualTo("https://exampleopenaiendpoint-production.up.railway.app");
        assertThat(host.keys()).singleElement().satisfies(k -> {
            assertThat(k.limitReqPerMin()).isEqualTo(1000);
            assertThat(k.secret()).isEqualTo("my-fake-key");
        });
    }

    @Test
    void theLoadBalancingExampleKeepsFallbacksStrategyRetriesAndGroupAliases() throws Exception {
        LiteLlmImport.Result result = convert("docs_load_balancing.yaml");
        GatewayConfig config = validated(result);
        assertThat(result.yaml()).contains("""
                  "gpt-4o":
                    targets: ["openai:gpt-4o"]
                    context_window_fallbacks: ["gpt-3.5-turbo-16k"]
                """).contains("  \"gpt-4\": \"openai:gpt-4o\"");
        // router_settings win over litellm_settings, as in LiteLLM
        assertThat(config.policy().retries()).isEqualTo(2);
        assertThat(config.upstream().totalTimeoutMs()).isEqualTo(30_000);
        assertThat(config.policy().strategy()).isEqualTo("simple-shuffle");
        assertThat(config.policy().failureThreshold()).isEqualTo(3);
        assertThat(unmapped(result)).contains(
                "line 33: litellm_settings.fallbacks: 'zephyr-beta' is not a model_name that was converted",
                "line 34: litellm_settings.context_window_fallbacks: 'zephyr-beta' is not a model_name that was "
                        + "converted");
        assertThat(unmapped(result)).filteredOn(u -> u.contains("'huggingface'")).extracting(u -> u.substring(0, 8))
                .containsExactly("line 3: ", "line 9: ", "line 14:");
    }

    @Test
    void environmentReferencesBecomeVariablesAndRateLimitsBesideTheParamsCount() throws Exception {
        LiteLlmImport.Result quick = convert("docs_quick_start.yaml");
        validated(quick);
        assertThat(quick.yaml()).contains("secret: \"${AZURE_API_KEY_EU}\"").contains("limit_req_per_min: 6")
                .contains("\"gpt-4o\": [\"azure:gpt-4o-eu\", \"azure-2:gpt-4o-ca\"]")
                .contains("region: \"us-east-1\"").contains("region: \"${AWS_REGION_NAME}\"");
        LiteLlmImport.Result balancer = convert("load_balancer.yaml");
        GatewayConfig config = validated(balancer);
        assertThat(config.providers().get(0).keys().get(0).limitTokensPerMin()).isEqualTo(20_000);
        assertThat(config.providers().get(0).keys().get(0).limitReqPerMin()).isEqualTo(3);
        assertThat(unmapped(balancer)).contains("line 26: environment_variables: set these variables in the gateway's "
                + "environment instead (the config reads them as ${VAR})");
    }

    @Test
    void ollamaGetsTheOpenAiPathAndAKeylessSecret() throws Exception {
        LiteLlmImport.Result result = convert("aliases_config.yaml");
        GatewayConfig config = validated(result);
        assertThat(config.providers()).singleElement().satisfies(p -> {
            assertThat(p.baseUrl()).isEqualTo("http://localhost:11434/v1");
            assertThat(p.keys().get(0).secret()).isEqualTo("none");
        });
        assertThat(unmapped(result)).containsExactly(
                "line 12: model_list[2].litellm_params.temperature: a default request parameter: the gateway sends "
                        + "each request's parameters as the client wrote them",
                "line 13: model_list[2].litellm_params.max_tokens: a default request parameter: the gateway sends each "
                        + "request's parameters as the client wrote them");
    }

    @Test
    void pricesHeadersAndDollarSignsConvert() throws Exception {
        LiteLlmImport.Result result = LiteLlmImport.convert("""
                model_list:
                  - model_name: smart
                    litellm_params:
                      model: openai/gpt-4o
                      api_key: "sk-$weird"
                      organization: org-1
                      extra_headers: {"X-Team": "research"}
                      input_cost_per_token: 0.0000025
                      output_cost_per_token: 0.00001
                  - model_name: smart
                    litellm_params:
                      model: anthropic/claude-3-5-sonnet-20241022
                router_settings:
                  routing_strategy: latency-based-routing
                  fallbacks: [{"smart": ["smart"]}]
                """, "inline");
        GatewayConfig config = validated(result);
        assertThat(result.yaml()).contains("secret: \"sk-$$weird\"")
                .contains("\"OpenAI-Organization\": \"org-1\"").contains("\"X-Team\": \"research\"")
                .contains("\"gpt-4o\": {prompt: 2.5, completion: 10}")
                .contains("secret: \"${ANTHROPIC_API_KEY}\"");
        assertThat(config.providers().get(0).keys().get(0).secret()).isEqualTo("sk-$weird");
        assertThat(config.policy().strategy()).isEqualTo("lowest-latency");
        assertThat(unmapped(result)).containsExactly("line 15: router_settings.fallbacks: fallback 'smart' of 'smart' "
                + "would make a cycle, which the gateway refuses");
    }

    @Test
    void aFileWithoutAnythingToConvertIsRefusedWithTheReason() {
        assertThatThrownBy(() -> LiteLlmImport.convert("general_settings: {master_key: x}\n", "a.yaml"))
                .isInstanceOf(LiteLlmImport.ImportException.class)
                .hasMessage("a.yaml: no model_list entries: a LiteLLM config lists its deployments under model_list");
        assertThatThrownBy(() -> LiteLlmImport.convert("model_list:\n  - model_name: x\n    litellm_params: "
                + "{model: sagemaker/y}\n", "b.yaml"))
                .hasMessageStartingWith("b.yaml: none of the 1 model_list entries converts: line 2: model_list[0]: "
                        + "LiteLLM provider 'sagemaker'");
        assertThatThrownBy(() -> LiteLlmImport.convert("model_list: [\n", "c.yaml"))
                .hasMessageStartingWith("c.yaml: line ");
        assertThatThrownBy(() -> LiteLlmImport.convert("- a\n", "d.yaml"))
                .hasMessage("d.yaml: not a LiteLLM config (expected a mapping with model_list)");
    }
}
