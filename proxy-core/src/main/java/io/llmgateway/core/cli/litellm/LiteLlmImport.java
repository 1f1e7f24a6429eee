package io.llmgateway.core.cli.litellm;

import static io.llmgateway.core.cli.litellm.YamlTree.entries;
import static io.llmgateway.core.cli.litellm.YamlTree.items;
import static io.llmgateway.core.cli.litellm.YamlTree.keyLine;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Converts a LiteLLM proxy {@code config.yaml} into this gateway's config: each {@code model_list}
 * entry becomes a target ({@code provider:model}) of the alias named by its {@code model_name},
 * on a provider per distinct endpoint, credential and limits; {@code os.environ/VAR} becomes
 * {@code ${VAR}}; {@code router_settings}, {@code litellm_settings} and {@code general_settings}
 * give the policy, the timeout and the keys (see {@link SettingsReader}). Every setting that has
 * no equivalent is reported with its LiteLLM line ({@link Result#unmapped()}), and listed at the top
 * of the converted file.
 *
 * <pre>
 *   LiteLlmImport.Result r = LiteLlmImport.convert(Files.readString(file), file.toString());
 *   Files.writeString(out, r.yaml());
 *   r.unmapped().forEach(u -> err.println(u));
 * </pre>
 */
public final class LiteLlmImport {

    private static final int MAX_BYTES = 8 * 1024 * 1024;

    private LiteLlmImport() {
    }

    /**
     * The converted config.
     *
     * @param yaml        this gateway's config
     * @param unmapped    what was not converted, by line
     * @param deployments the {@code model_list} entries converted
     * @param providers   the providers they became
     * @param aliases     the aliases
     */
    public record Result(String yaml, List<Unmapped> unmapped, int deployments, int providers, int aliases) {
    }

    /** A LiteLLM config that cannot be converted at all (not YAML, no deployment that converts). */
    public static final class ImportException extends Exception {

        private static final long serialVersionUID = 1L;

        ImportException(String message) {
            super(message);
        }
    }

    public static Result convert(String litellmYaml, String source) throws ImportException {
        Node root = parse(litellmYaml, source);
        List<Unmapped> unmapped = new ArrayList<>();
        ImportedConfig config = new ImportedConfig();
        Map<String, Node> sections = entries(root);
        Node modelList = sections.get("model_list");
        if (modelList == null || items(modelList).isEmpty()) {
            throw new ImportException(source + ": no model_list entries: a LiteLLM config lists its deployments under "
                    + "model_list");
        }
        DeploymentReader deployments = new DeploymentReader(unmapped);
        int converted = 0;
        List<Node> entries = items(modelList);
        for (int i = 0; i < entries.size(); i++) {
            Deployment d = deployments.read(entries.get(i), i);
            if (d != null) {
                config.add(d);
                converted++;
            }
        }
        if (converted == 0) {
            throw new ImportException(source + ": none of the " + entries.size() + " model_list entries converts: "
                    + unmapped.stream().map(Unmapped::toString).reduce((a, b) -> a + "; " + b).orElse(""));
        }
        SettingsReader settings = new SettingsReader(config, unmapped);
        for (String name : List.of("litellm_settings", "router_settings")) {
            if (sections.containsKey(name)) {
                settings.routing(sections.get(name), name);
            }
        }
        for (Map.Entry<String, Node> section : sections.entrySet()) {
            String name = section.getKey();
            int at = keyLine(root, name);
            switch (name) {
                case "model_list", "litellm_settings", "router_settings" -> { }
                case "general_settings" -> settings.general(section.getValue());
                case "environment_variables" -> unmapped.add(new Unmapped(at, name, "set these variables in the "
                        + "gateway's environment instead (the config reads them as ${VAR})"));
                default -> unmapped.add(new Unmapped(at, name, "a LiteLLM section with no equivalent here"));
            }
        }
        unmapped.sort(Comparator.comparingInt(Unmapped::line));
        String yaml = GatewayYamlWriter.write(config, source, unmapped);
        return new Result(yaml, List.copyOf(unmapped), converted, config.providers.size(), config.aliases.size());
    }

    private static Node parse(String text, String source) throws ImportException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(100);
        options.setCodePointLimit(MAX_BYTES);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new ImportException(source + ": line " + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new ImportException(source + ": not valid YAML: " + e.getMessage());
        }
        if (root == null || !YamlTree.isMapping(root)) {
            throw new ImportException(source + ": not a LiteLLM config (expected a mapping with model_list)");
        }
        return root;
    }
}
