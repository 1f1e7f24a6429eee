package io.llmgateway.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@link ConfigKeys} is the one place that declares each key: {@code config.example.yaml} and
 * README's tables must show the same keys with the same defaults.
 */
class ConfigKeysTest {

    /** The values of {@code config.example.yaml} that deliberately differ from the default, each marked {@code # example}. */
    private static final Set<String> EXAMPLE_VALUES = Set.of(
            "providers[0].price_per_million.prompt",
            "providers[0].price_per_million.completion",
            "providers[0].keys[0].limit_req_per_min",
            "providers[0].keys[0].limit_tokens_per_min",
            "providers[1].keys[0].limit_req_per_min",
            "providers[1].keys[0].limit_tokens_per_min",
            "providers[2].keys[0].limit_req_per_min",
            "providers[2].keys[0].limit_tokens_per_min",
            "providers[3].keys[0].secret",
            "providers[4].deployments",
            "model_aliases.gpt-4o-eu.targets[0].weight",
            "model_aliases.gpt-4o-eu.targets[0].tags",
            "model_aliases.gpt-4o-eu.fallbacks",
            "model_aliases.gpt-4o-eu.context_window");

    private static final Pattern EXAMPLE_MARK = Pattern.compile("#\\s*example\\b");
    private static final Pattern WHOLE_VARIABLE_WITH_DEFAULT = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*:-.*}");
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| ((?:`[^`|]+`(?:, )?)+) \\| ([^|]*) \\|");

    @Test
    void theExampleFileSetsEveryDeclaredKeyToItsDefaultUnlessMarkedAsAnExample() throws Exception {
        String text = Files.readString(Path.of("..", "config.example.yaml"));
        List<String> lines = text.lines().toList();
        // Every variable unset: ${VAR:-x} then reads as x, which must be the default too.
        ConfigNode root = ConfigNode.root(new Yaml().compose(new StringReader(text)), new ArrayList<>(),
                new ArrayList<>(), new EnvSubstitution(name -> null));

        Set<String> notInExample = new TreeSet<>();
        Set<String> differing = new TreeSet<>();
        Set<String> marked = new TreeSet<>();
        List<String> wrong = new ArrayList<>();
        for (ConfigKey<?> key : allKeys(ConfigKeys.ROOT)) {
            boolean seen = false;
            for (ConfigNode section : occurrences(key.section(), root)) {
                ConfigNode node = key.node(section);
                if (!node.present()) {
                    continue;
                }
                seen = true;
                if (EXAMPLE_MARK.matcher(lines.get(node.line() - 1)).find()) {
                    marked.add(node.path());
                }
                String raw = node.raw();
                boolean literal = raw == null || !raw.contains("${") || WHOLE_VARIABLE_WITH_DEFAULT.matcher(raw).matches();
                if (key.defaultValue() != null && literal && !key.defaultValue().equals(key.value(section))) {
                    differing.add(node.path());
                    if (!EXAMPLE_VALUES.contains(node.path())) {
                        wrong.add(node.path() + " (line " + node.line() + "): " + key.value(section)
                                + " (expected: the default, " + key.documentedDefault() + ", or a value marked '# example')");
                    }
                }
            }
            if (!seen) {
                notInExample.add(key.path());
            }
        }
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(notInExample).as("declared keys missing from config.example.yaml").isEmpty();
            soft.assertThat(wrong).as("values of config.example.yaml that are not the default").isEmpty();
            soft.assertThat(differing).as("example values (listed in this test)").isEqualTo(new TreeSet<>(EXAMPLE_VALUES));
            soft.assertThat(marked).as("lines marked '# example'").isEqualTo(new TreeSet<>(EXAMPLE_VALUES));
        });
    }

    @Test
    void readmeTablesShowEveryDeclaredKeyWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("\n## Configuration\n");
        int end = readme.indexOf("\n## ", start + 1);
        assertThat(start).as("README has a Configuration section").isPositive();

        Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();
        allKeys(ConfigKeys.ROOT).forEach(k -> keys.put(k.path(), k));
        Map<String, ConfigSection> sections = new LinkedHashMap<>();
        allSections(ConfigKeys.ROOT).forEach(s -> sections.put(s.path().replaceAll("(\\[]|\\.\\*)$", ""), s));

        ConfigSection heading = ConfigKeys.ROOT;
        Set<String> documented = new LinkedHashSet<>();
        List<String> wrong = new ArrayList<>();
        for (String line : readme.substring(start, end).lines().toList()) {
            if (line.startsWith("### ")) {
                Matcher name = Pattern.compile("`([a-z_]+)").matcher(line);
                assertThat(name.find()).as("a section name in " + line).isTrue();
                heading = sections.get(name.group(1));
                assertThat(heading).as("the section of " + line).isNotNull();
                continue;
            }
            Matcher row = TABLE_ROW.matcher(line);
            if (!row.find()) {
                continue;
            }
            for (String cell : row.group(1).split(", ")) {
                String path = heading.prefix() + cell.replace("`", "");
                ConfigKey<?> key = keys.get(path);
                if (key == null) {
                    if (!sections.containsKey(path)) {
                        wrong.add(path + ": no such key is declared");
                    }
                    continue;
                }
                documented.add(path);
                if (!normalized(row.group(2)).equals(normalized(key.documentedDefault()))) {
                    wrong.add(path + ": README says " + row.group(2).trim() + " (expected: " + key.documentedDefault() + ")");
                }
            }
        }
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(wrong).as("README rows that disagree with ConfigKeys").isEmpty();
            soft.assertThat(keys.keySet()).as("declared keys without a README row").isSubsetOf(documented);
        });
    }

    @Test
    void unknownKeysAreFoundFromTheDeclaredOnes() {
        String yaml = """
                upstream:
                  pool: {max_idle: 3}
                providers:
                  - id: p
                    base_url: "http://h/v1"
                    keys: [{secret: s, rpm: 5}]
                    price_per_million: {gpt-x: {prompt: 1, output: 2}}
                model_aliases:
                  m: p:model
                """;
        assertThatThrownBy(() -> new ConfigLoader(n -> null).parse(yaml, "t"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .contains("upstream.pool.max_idle (line 2): unknown key (expected one of: max_idle_per_origin, "
                                + "idle_timeout_ms)")
                        .anySatisfy(p -> assertThat(p).startsWith("providers[0].keys[0].rpm (line 6): unknown key")
                                .contains(String.join(", ", ConfigKeys.PROVIDER_KEYS.names())))
                        .anySatisfy(p -> assertThat(p)
                                .startsWith("providers[0].price_per_million.gpt-x.output (line 7): unknown key")
                                .contains("prompt, completion"))
                        .hasSize(3));
    }

    @Test
    void everyKeyIsDeclaredOnceAndEveryPathIsUnique() {
        Set<String> paths = new LinkedHashSet<>();
        allKeys(ConfigKeys.ROOT).forEach(k -> assertThat(paths.add(k.path())).as(k.path()).isTrue());
        assertThat(paths).contains("server.max_request_bytes", "upstream.pool.idle_timeout_ms",
                "providers[].keys[].limit_req_per_min", "model_aliases.*.targets[].weight",
                "logging.providers[].batch.size", "policy.breaker.half_open_probes");
        assertThatThrownBy(() -> ConfigSection.root().mapping("server").integer("io_threads", 1, 0, 1)
                .section().integer("io_threads", 1, 0, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("declared twice: server.io_threads");
    }

    @Test
    void documentedDefaultsAreTheYamlValues() {
        assertThat(ConfigKeys.SERVER_LISTEN.documentedDefault()).isEqualTo(":8080");
        assertThat(ConfigKeys.SERVER_ADMIN_API_KEY.documentedDefault()).isEqualTo("\"\"");
        assertThat(ConfigKeys.SERVER_API_KEYS.documentedDefault()).isEqualTo("[]");
        assertThat(ConfigKeys.PROVIDER_HEADERS.documentedDefault()).isEqualTo("{}");
        assertThat(ConfigKeys.KEY_WEIGHT.documentedDefault()).isEqualTo("1");
        assertThat(ConfigKeys.POLICY_HYBRID_TOKEN_RATIO.documentedDefault()).isEqualTo("0.5");
        assertThat(ConfigKeys.PROVIDER_NAME.defaultValue()).isNull();
        assertThat(ConfigKeys.PROVIDER_NAME.documentedDefault()).isEqualTo("id");
    }

    /** README writes `x`, `"x"` or "x" for the value x. */
    private static String normalized(String cell) {
        String s = cell.trim().replace("`", "");
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static List<ConfigKey<?>> allKeys(ConfigSection section) {
        List<ConfigKey<?>> out = new ArrayList<>(section.keys());
        section.sections().forEach(s -> out.addAll(allKeys(s)));
        return out;
    }

    private static List<ConfigSection> allSections(ConfigSection section) {
        List<ConfigSection> out = new ArrayList<>(section.sections());
        section.sections().forEach(s -> out.addAll(allSections(s)));
        return out;
    }

    /** Every mapping of {@code section} in the document under {@code root}. */
    private static List<ConfigNode> occurrences(ConfigSection section, ConfigNode root) {
        if (section.parent() == null) {
            return List.of(root);
        }
        List<ConfigNode> out = new ArrayList<>();
        for (ConfigNode parent : occurrences(section.parent(), root)) {
            ConfigNode n = section.node(parent);
            switch (section.shape()) {
                case MAPPING -> {
                    if (n.isMapping()) {
                        out.add(n);
                    }
                }
                case LIST -> {
                    if (n.isSequence()) {
                        n.items().stream().filter(ConfigNode::isMapping).forEach(out::add);
                    }
                }
                case NAMED -> n.children().values().stream().filter(ConfigNode::isMapping).forEach(out::add);
            }
        }
        return out;
    }
}
