package io.llmgateway.core.config;

import io.llmgateway.codec.spi.Endpoint;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the YAML configuration into an immutable {@link GatewayConfig}: parses with snakeyaml
 * (node graph, so every problem can name its line), substitutes {@code ${VAR}}, validates every
 * key through its declaration in {@link ConfigKeys} (one reader per section), and reports all
 * problems at once with their YAML paths. Findings that do not stop the gateway (a key disabled
 * because its variable is unset) become {@link GatewayConfig#warnings()}.
 */
public final class ConfigLoader {

    /** The largest configuration document read, from a file or a URL. */
    public static final int MAX_CONFIG_BYTES = 8 * 1024 * 1024;

    private final Function<String, String> env;

    public ConfigLoader(Function<String, String> env) {
        this.env = env;
    }

    /** A loader that reads variables from the process environment. */
    public static ConfigLoader fromEnvironment() {
        return new ConfigLoader(System::getenv);
    }

    public GatewayConfig load(Path file) throws ConfigException {
        String text;
        try {
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                throw new ConfigException(file.toString(), "file is larger than " + MAX_CONFIG_BYTES + " bytes");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public GatewayConfig parse(String yaml, String source) throws ConfigException {
        Node root = compose(yaml, source);
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        ConfigNode doc = ConfigNode.root(root, problems, warnings, new EnvSubstitution(env));
        if (!doc.isMapping()) {
            throw new ConfigException(source, "the top level must be a mapping, got " + doc.describe());
        }
        ConfigKeys.ROOT.check(doc);
        String version = ConfigKeys.VERSION.read(doc);
        if (!version.startsWith("1")) {
            ConfigNode versionNode = ConfigKeys.VERSION.node(doc);
            versionNode.problem("unsupported version " + versionNode.quote(version) + " (expected: 1.x)");
        }

        ServerConfig server = ServerConfigReader.read(doc);
        UpstreamConfig upstream = UpstreamConfigReader.read(doc);
        List<ProviderConfig> providers = ProviderConfigReader.read(doc);
        Map<String, AliasConfig> aliases = AliasConfigReader.read(doc, providers);
        Map<Endpoint, String> endpoints = EndpointDefaultsReader.read(doc, providers);
        PolicyConfig policy = PolicyConfigReader.read(doc);
        LoggingConfig logging = LoggingConfigReader.read(doc);
        StorageConfig storage = StorageConfigReader.read(doc);
        AuthConfig auth = AuthConfigReader.read(doc);
        CacheConfig cache = CacheConfigReader.read(doc);

        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return new GatewayConfig(source, server, upstream, providers, aliases, policy, logging, storage, auth, cache,
                warnings, endpoints);
    }

    /**
     * Reads only {@code storage.config} of a document: where the configuration comes from. The
     * file given on the command line is read this way first, so that a file that points to a URL
     * ({@code type: http}) needs nothing else.
     *
     * @throws ConfigException when the text is not YAML or the section does not validate
     */
    public ConfigStoreConfig readConfigStore(String yaml, String source) throws ConfigException {
        List<String> problems = new ArrayList<>();
        ConfigNode doc = ConfigNode.root(compose(yaml, source), problems, new ArrayList<>(), new EnvSubstitution(env));
        if (!doc.isMapping()) {
            throw new ConfigException(source, "the top level must be a mapping, got " + doc.describe());
        }
        ConfigNode storage = ConfigKeys.STORAGE.open(doc);
        ConfigStoreConfig store = StorageConfigReader.readConfigStore(storage);
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return store;
    }

    private static Node compose(String yaml, String source) throws ConfigException {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(true); // reported by ConfigNode with the path instead
            options.setMaxAliasesForCollections(100);
            options.setCodePointLimit(MAX_CONFIG_BYTES);
            root = new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            throw new ConfigException(source, "line " + (e.getProblemMark().getLine() + 1) + ", column "
                    + (e.getProblemMark().getColumn() + 1) + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException(source, "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new ConfigException(source, "the file is empty");
        }
        return root;
    }
}
