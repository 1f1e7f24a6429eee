package io.llmgateway.bench.deploy;

import static io.llmgateway.bench.deploy.DeployDir.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The files of {@code deploy/} that no container runs here: every YAML file parses, the gateway
 * configs load with the gateway's own {@link ConfigLoader}, and the plain Kubernetes manifests are
 * the Helm chart's defaults (the chart's templates are checked by {@link HelmChartTest}).
 */
class DeployFilesTest {

    /** The variables the deployment configs read, set as an orchestrator would set them. */
    static final Map<String, String> ENV = Map.of("GATEWAY_API_KEY", "sk-gw-test", "ADMIN_API_KEY", "admin-test",
            "OPENAI_API_KEY", "sk-openai-test", "ANTHROPIC_API_KEY", "sk-ant-test");

    private static GatewayConfig load(String yaml, String source) throws Exception {
        return new ConfigLoader(ENV::get).parse(yaml, source);
    }

    /** The config file of the plain manifests' ConfigMap (a key with a dot, out of reach of {@code at}). */
    private static String kubernetesConfigYaml() {
        return (String) ((Map<?, ?>) at(DeployDir.yamlMap("kubernetes/configmap.yaml"), "data")).get("config.yaml");
    }

    @Test
    void everyYamlFileParses() throws Exception {
        List<Path> files = DeployDir.files(".yaml", ".yml");
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        for (Path file : files) {
            if (file.toString().contains("/templates/")) {
                continue; // Go templates, not YAML until rendered: HelmChartTest
            }
            assertThat(DeployDir.yamlDocuments(file)).as("%s", file).isNotEmpty().doesNotContainNull();
        }
    }

    @Test
    void theComposeConfigLoadsWithoutWarningsAndAsksForRedis() throws Exception {
        GatewayConfig config = load(DeployDir.read("config/gateway.yaml"), "deploy/config/gateway.yaml");
        assertThat(config.warnings()).isEmpty();
        assertThat(config.server().apiKeys()).containsExactly("sk-gw-test");
        assertThat(config.server().separateAdminListener()).isTrue();
        assertThat(config.server().separateMetricsListener()).isTrue();
        assertThat(config.server().drainDelayMs()).isPositive().isLessThan(config.server().shutdownGraceMs());
        assertThat(config.storage().runtimeType()).isEqualTo("redis");
        assertThat(config.storage().redisAddr()).isEqualTo("redis:6379");
        assertThat(config.storage().runtime().db()).isZero();
        assertThat(config.storage().runtime().tls()).isFalse();
        assertThat(config.storage().runtime().keyPrefix()).isEqualTo("llm-gateway:");
    }

    @Test
    void theKubernetesConfigMapIsTheChartsDefaultConfigAndLoads() throws Exception {
        String yaml = kubernetesConfigYaml();
        Object chartConfig = at(DeployDir.yamlMap("helm/llm-gateway/values.yaml"), "config");
        assertThat((Object) new Yaml(new LoaderOptions()).load(yaml)).isEqualTo(chartConfig);

        GatewayConfig config = load(yaml, "deploy/kubernetes/configmap.yaml");
        assertThat(config.warnings()).isEmpty();
        assertThat(config.storage().runtimeType()).as("no Redis by default").isEqualTo("memory");
        assertThat(config.storage().config().watch()).as("a changed ConfigMap is reloaded in place").isTrue();
    }

    @Test
    void theKubernetesDeploymentWaitsForTheDrainAndProbesTheHealthRoutes() throws Exception {
        GatewayConfig config = load(kubernetesConfigYaml(), "configmap");
        Map<String, Object> deployment = DeployDir.yamlMap("kubernetes/deployment.yaml");
        Map<String, Object> values = DeployDir.yamlMap("helm/llm-gateway/values.yaml");

        int grace = (Integer) at(deployment, "spec.template.spec.terminationGracePeriodSeconds");
        assertThat(grace * 1000L).isGreaterThan(config.server().shutdownGraceMs());
        assertThat(grace).as("the chart's formula: shutdown_grace_ms / 1000 + terminationGraceExtraSeconds")
                .isEqualTo(config.server().shutdownGraceMs() / 1000 + (Integer) values.get("terminationGraceExtraSeconds"));

        Map<?, ?> container = (Map<?, ?>) ((List<?>) at(deployment, "spec.template.spec.containers")).get(0);
        assertThat(at(container, "livenessProbe.httpGet.path")).isEqualTo("/health/live");
        assertThat(at(container, "readinessProbe.httpGet.path")).isEqualTo("/health/ready");
        int readinessSeconds = (Integer) at(container, "readinessProbe.periodSeconds")
                * (Integer) at(container, "readinessProbe.failureThreshold");
        assertThat(readinessSeconds * 1000L).as("readiness notices the drain before the listener closes")
                .isLessThan(config.server().drainDelayMs());
        assertThat(container.containsKey("lifecycle")).as("no preStop: the drain delay is the gateway's own").isFalse();
        assertThat(at(deployment, "spec.template.spec.securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat(at(container, "args")).isEqualTo(List.of("serve", "--config", "/etc/llm-gateway/config.yaml"));
        assertThat((List<?>) at(container, "volumeMounts")).anySatisfy(m -> {
            assertThat(at(m, "mountPath")).isEqualTo("/etc/llm-gateway");
            assertThat(((Map<?, ?>) m).containsKey("subPath")).as("a subPath mount never sees a changed ConfigMap")
                    .isFalse();
        });
        assertThat(at(container, "env")).isEqualTo(List.of(Map.of("name", "JAVA_OPTS", "value", values.get("javaOpts"))));
        assertThat(at(container, "resources")).isEqualTo(values.get("resources"));
        assertThat(at(container, "securityContext")).isEqualTo(values.get("securityContext"));
        assertThat(at(deployment, "spec.template.spec.securityContext")).isEqualTo(values.get("podSecurityContext"));
    }

    @Test
    void theKubernetesServiceAndAutoscalerAreTheChartsDefaults() {
        Map<String, Object> values = DeployDir.yamlMap("helm/llm-gateway/values.yaml");
        Map<String, Object> hpa = DeployDir.yamlMap("kubernetes/hpa.yaml");
        assertThat(at(hpa, "spec.minReplicas")).isEqualTo(at(values, "autoscaling.minReplicas"));
        assertThat(at(hpa, "spec.maxReplicas")).isEqualTo(at(values, "autoscaling.maxReplicas"));
        List<?> metrics = (List<?>) at(hpa, "spec.metrics");
        assertThat(at(metrics.get(0), "resource.target.averageUtilization"))
                .isEqualTo(at(values, "autoscaling.targetCPUUtilizationPercentage"));

        Map<String, Object> service = DeployDir.yamlMap("kubernetes/service.yaml");
        assertThat((List<?>) at(service, "spec.ports")).extracting(p -> at(p, "port"))
                .containsExactly(at(values, "service.port"), at(values, "service.metricsPort"));
    }
}
