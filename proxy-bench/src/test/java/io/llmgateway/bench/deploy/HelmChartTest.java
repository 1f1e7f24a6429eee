package io.llmgateway.bench.deploy;

import static io.llmgateway.bench.deploy.DeployDir.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.core.config.ConfigLoader;
import io.llmgateway.core.config.GatewayConfig;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The Helm chart without Helm (no helm binary can be installed here: it is neither a Debian nor an
 * npm package): its templates' actions are balanced, every {@code .Values} path they read exists in
 * {@code values.yaml}, every template they include is defined, their static YAML parses with the
 * actions replaced by placeholders, and the config the chart renders loads with the gateway's own
 * {@link ConfigLoader}, with and without Redis.
 */
class HelmChartTest {

    private static final String CHART = "helm/llm-gateway/";
    private static final List<String> TEMPLATES = List.of("deployment.yaml", "service.yaml", "configmap.yaml",
            "secret.yaml", "hpa.yaml", "servicemonitor.yaml");
    private static final Pattern ACTION = Pattern.compile("\\{\\{-?(.*?)-?}}");
    private static final Pattern VALUES_PATH = Pattern.compile("\\.Values((?:\\.[A-Za-z_][A-Za-z0-9_]*)+)");
    private static final Pattern INCLUDE = Pattern.compile("(?:include|template) \"([^\"]+)\"");
    private static final Pattern DEFINE = Pattern.compile("define \"([^\"]+)\"");
    private static final Pattern CONTROL_LINE = Pattern.compile(
            "^\\s*\\{\\{-?\\s*(if|else|with|range|end|define|/\\*|\\$_ :=)\\b?.*}}\\s*$");

    private static String template(String name) {
        return DeployDir.read(CHART + "templates/" + name);
    }

    @Test
    void theChartDeclaresRedisAsAnOptionalDependency() {
        Map<String, Object> chart = DeployDir.yamlMap(CHART + "Chart.yaml");
        assertThat(chart).containsEntry("apiVersion", "v2").containsEntry("name", "llm-gateway");
        List<?> dependencies = (List<?>) chart.get("dependencies");
        assertThat(dependencies).singleElement().satisfies(d -> {
            assertThat(at(d, "name")).isEqualTo("redis");
            assertThat(at(d, "condition")).isEqualTo("redis.enabled");
            assertThat((String) at(d, "repository")).contains("bitnami");
        });
        assertThat(at(DeployDir.yamlMap(CHART + "values.yaml"), "redis.enabled")).isEqualTo(false);
    }

    @Test
    void everyTemplateIsBalancedReadsOnlyDeclaredValuesAndIncludesOnlyDefinedTemplates() {
        Map<String, Object> values = DeployDir.yamlMap(CHART + "values.yaml");
        Set<String> defined = new HashSet<>();
        Matcher d = DEFINE.matcher(template("_helpers.tpl"));
        while (d.find()) {
            defined.add(d.group(1));
        }
        for (String name : concat(TEMPLATES, List.of("_helpers.tpl", "NOTES.txt"))) {
            String text = template(name);
            assertThat(count(text, "\\{\\{")).as("%s: {{ and }}", name).isEqualTo(count(text, "}}"));
            int opened = 0;
            Matcher action = ACTION.matcher(text);
            while (action.find()) {
                String a = action.group(1).strip();
                if (a.matches("^(if|with|range|define)\\b.*")) {
                    opened++;
                } else if (a.equals("end")) {
                    opened--;
                    assertThat(opened).as("%s: an end without a block", name).isNotNegative();
                }
            }
            assertThat(opened).as("%s: blocks left open", name).isZero();
            Matcher v = VALUES_PATH.matcher(text);
            while (v.find()) {
                String path = v.group(1).substring(1);
                assertThat(containsPath(values, path)).as("%s reads .Values.%s, absent from values.yaml", name, path)
                        .isTrue();
            }
            Matcher i = INCLUDE.matcher(text);
            while (i.find()) {
                assertThat(defined).as("%s includes %s", name, i.group(1)).contains(i.group(1));
            }
        }
    }

    @Test
    void theStaticYamlOfEveryTemplateParsesToItsKind() {
        Map<String, String> kinds = Map.of("deployment.yaml", "Deployment", "service.yaml", "Service",
                "configmap.yaml", "ConfigMap", "secret.yaml", "Secret", "hpa.yaml", "HorizontalPodAutoscaler",
                "servicemonitor.yaml", "ServiceMonitor");
        for (String name : TEMPLATES) {
            StringBuilder skeleton = new StringBuilder();
            int placeholder = 0;
            for (String line : template(name).split("\n")) {
                if (CONTROL_LINE.matcher(line).matches()) {
                    continue;
                }
                String trimmed = line.strip();
                if (trimmed.startsWith("{{") && trimmed.endsWith("}}") && !trimmed.contains("}}:")) {
                    // An include or toYaml that renders key: value lines at this indentation.
                    skeleton.append(line, 0, line.indexOf("{{")).append("placeholder").append(placeholder++)
                            .append(": x\n");
                    continue;
                }
                skeleton.append(ACTION.matcher(line).replaceAll("x")).append('\n');
            }
            Object doc = new Yaml(new LoaderOptions()).load(skeleton.toString());
            assertThat(at(doc, "kind")).as("%s:\n%s", name, skeleton).isEqualTo(kinds.get(name));
            assertThat(at(doc, "metadata.name")).as(name).isEqualTo("x");
        }
    }

    @Test
    void theRenderedConfigLoadsWithAndWithoutRedis() throws Exception {
        Map<String, Object> config = new LinkedHashMap<>(
                (Map<String, Object>) DeployDir.yamlMap(CHART + "values.yaml").get("config"));
        Map<String, String> env = new HashMap<>(DeployFilesTest.ENV);
        Yaml yaml = new Yaml();
        GatewayConfig memory = new ConfigLoader(env::get).parse(yaml.dump(config), "chart config");
        assertThat(memory.warnings()).isEmpty();
        assertThat(memory.storage().runtimeType()).isEqualTo("memory");

        // What llm-gateway.config adds when Redis is on, with the variables the Deployment sets.
        String helpers = template("_helpers.tpl");
        assertThat(helpers).contains("dict \"type\" \"redis\" \"addr\" \"${REDIS_ADDR}\" \"password\" \"${REDIS_PASSWORD:-}\" "
                + "\"key_prefix\" (printf \"%s:\" .Release.Name)");
        Map<String, Object> storage = new LinkedHashMap<>((Map<String, Object>) config.get("storage"));
        storage.put("runtime", Map.of("type", "redis", "addr", "${REDIS_ADDR}", "password", "${REDIS_PASSWORD:-}",
                "key_prefix", "release:"));
        config.put("storage", storage);
        env.put("REDIS_ADDR", "release-redis-master:6379");
        GatewayConfig redis = new ConfigLoader(env::get).parse(yaml.dump(config), "chart config with redis");
        assertThat(redis.warnings()).isEmpty();
        assertThat(redis.storage().runtimeType()).isEqualTo("redis");
        assertThat(redis.storage().redisAddr()).isEqualTo("release-redis-master:6379");
        assertThat(helpers).contains("set $storage \"runtime\" $runtime", "set $config \"storage\" $storage");
        assertThat(template("deployment.yaml")).contains("name: REDIS_ADDR", "name: REDIS_PASSWORD",
                "terminationGracePeriodSeconds: {{ add (div (int64 .Values.config.server.shutdown_grace_ms) 1000)");
    }

    private static boolean containsPath(Map<String, Object> values, String path) {
        Object node = values;
        for (String key : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return false;
            }
            node = map.get(key);
        }
        return true;
    }

    private static int count(String text, String regex) {
        return (int) Pattern.compile(regex).matcher(text).results().count();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
