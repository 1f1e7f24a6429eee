package io.llmgateway.core.config;

import static io.llmgateway.core.config.ConfigDefaults.*;

import io.llmgateway.adapters.Adapters;
import io.llmgateway.codec.spi.ProviderAdapter;
import io.llmgateway.codec.spi.ProviderSettings;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the YAML configuration into an immutable {@link GatewayConfig}: parses with snakeyaml
 * (node graph, so every problem can name its line), substitutes {@code ${VAR}}, validates every
 * key, and reports all problems at once with their YAML paths.
 */
public final class ConfigLoader {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final int MAX_CONFIG_BYTES = 8 * 1024 * 1024;

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
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        ConfigNode doc = ConfigNode.root(root, problems, new EnvSubstitution(env));
        if (!doc.isMapping()) {
            throw new ConfigException(source, "the top level must be a mapping, got " + doc.describe());
        }
        doc.allowOnly("version", "server", "upstream", "logging", "storage", "providers", "model_aliases", "policy");
        String version = doc.get("version").string("1.0");
        if (!version.startsWith("1")) {
            doc.get("version").problem("unsupported version '" + version + "' (expected: 1.x)");
        }

        ServerConfig server = server(doc.get("server"));
        UpstreamConfig upstream = upstream(doc.get("upstream"));
        List<ProviderConfig> providers = providers(doc.get("providers"), warnings);
        Map<String, AliasConfig> aliases = aliases(doc.get("model_aliases"), providers);
        PolicyConfig policy = policy(doc.get("policy"));
        LoggingConfig logging = logging(doc.get("logging"));
        StorageConfig storage = storage(doc.get("storage"));

        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return new GatewayConfig(source, server, upstream, providers, aliases, policy, logging, storage, warnings);
    }

    private static ServerConfig server(ConfigNode n) {
        n.expectMapping();
        n.allowOnly("listen", "admin_api_key", "api_keys", "io_threads", "transport", "allocator",
                "max_request_bytes", "max_header_bytes", "max_initial_line_bytes", "client_idle_timeout_ms",
                "shutdown_grace_ms");
        ConfigNode listenNode = n.get("listen");
        String listen = listenNode.string(SERVER_LISTEN).trim();
        String host = "0.0.0.0";
        int port = 8080;
        int colon = listen.lastIndexOf(':');
        String portText = colon < 0 ? listen : listen.substring(colon + 1);
        if (colon > 0) {
            host = listen.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
        }
        try {
            port = Integer.parseInt(portText);
            if (port < 0 || port > 65535) {
                listenNode.problem("port must be between 0 and 65535, got " + port);
            }
        } catch (NumberFormatException e) {
            listenNode.problem("must be host:port or :port, got '" + listen + "'");
        }
        List<String> apiKeys = n.get("api_keys").stringList().stream().filter(k -> !k.isEmpty()).toList();
        for (String k : apiKeys) {
            checkHeaderSafe(n.get("api_keys"), k);
        }
        String admin = n.get("admin_api_key").string("");
        checkHeaderSafe(n.get("admin_api_key"), admin);
        return new ServerConfig(
                host,
                port,
                admin,
                apiKeys,
                n.get("io_threads").intValue(SERVER_IO_THREADS, 0, 1024),
                n.get("transport").oneOf(SERVER_TRANSPORT, "auto", "epoll", "io_uring", "nio"),
                n.get("allocator").oneOf(SERVER_ALLOCATOR, "pooled", "adaptive"),
                n.get("max_request_bytes").intValue(SERVER_MAX_REQUEST_BYTES, 1024, Integer.MAX_VALUE - 1024),
                n.get("max_header_bytes").intValue(SERVER_MAX_HEADER_BYTES, 1024, 1024 * 1024),
                n.get("max_initial_line_bytes").intValue(SERVER_MAX_INITIAL_LINE_BYTES, 256, 1024 * 1024),
                n.get("client_idle_timeout_ms").longValue(SERVER_CLIENT_IDLE_TIMEOUT_MS, 1, Long.MAX_VALUE / 2),
                n.get("shutdown_grace_ms").longValue(SERVER_SHUTDOWN_GRACE_MS, 0, Long.MAX_VALUE / 2));
    }

    private static UpstreamConfig upstream(ConfigNode n) {
        n.expectMapping();
        n.allowOnly("connect_timeout_ms", "first_byte_timeout_ms", "idle_timeout_ms", "total_timeout_ms",
                "max_response_bytes", "max_event_bytes", "pool", "tls");
        ConfigNode pool = n.get("pool");
        pool.expectMapping();
        pool.allowOnly("max_idle_per_origin", "idle_timeout_ms");
        ConfigNode tls = n.get("tls");
        tls.expectMapping();
        tls.allowOnly("provider", "ca_file");
        String caFile = tls.get("ca_file").string(null);
        if (caFile != null && !caFile.isEmpty() && !Files.isReadable(Path.of(caFile))) {
            tls.get("ca_file").problem("cannot read file '" + caFile + "'");
        }
        long max = Long.MAX_VALUE / 4;
        return new UpstreamConfig(
                n.get("connect_timeout_ms").longValue(UPSTREAM_CONNECT_TIMEOUT_MS, 1, Integer.MAX_VALUE),
                n.get("first_byte_timeout_ms").longValue(UPSTREAM_FIRST_BYTE_TIMEOUT_MS, 1, max),
                n.get("idle_timeout_ms").longValue(UPSTREAM_IDLE_TIMEOUT_MS, 1, max),
                n.get("total_timeout_ms").longValue(UPSTREAM_TOTAL_TIMEOUT_MS, 1, max),
                n.get("max_response_bytes").intValue(UPSTREAM_MAX_RESPONSE_BYTES, 1024, Integer.MAX_VALUE - 1024),
                n.get("max_event_bytes").intValue(UPSTREAM_MAX_EVENT_BYTES, 1024, Integer.MAX_VALUE - 1024),
                pool.get("max_idle_per_origin").intValue(UPSTREAM_POOL_MAX_IDLE_PER_ORIGIN, 0, 100_000),
                pool.get("idle_timeout_ms").longValue(UPSTREAM_POOL_IDLE_TIMEOUT_MS, 1, max),
                tls.get("provider").oneOf(UPSTREAM_TLS_PROVIDER, "auto", "openssl", "jdk"),
                caFile == null || caFile.isEmpty() ? null : caFile);
    }

    private static List<ProviderConfig> providers(ConfigNode n, List<String> warnings) {
        if (!n.present()) {
            n.problem("at least one provider is required");
            return List.of();
        }
        List<ProviderConfig> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigNode p : n.items()) {
            if (!p.expectMapping()) {
                continue;
            }
            ProviderConfig pc = provider(p, warnings);
            if (pc == null) {
                continue;
            }
            if (!ids.add(pc.id())) {
                p.get("id").problem("duplicate provider id '" + pc.id() + "'");
                continue;
            }
            out.add(pc);
        }
        if (out.isEmpty() && n.items().isEmpty()) {
            n.problem("at least one provider is required");
        }
        return out;
    }

    private static ProviderConfig provider(ConfigNode p, List<String> warnings) {
        p.allowOnly("id", "name", "type", "base_url", "keys", "headers", "query", "api_version", "deployments",
                "azure_v1", "project", "location", "region", "auth_mode", "models", "price_per_million");
        String id = p.get("id").requiredString();
        if (id != null && !ID.matcher(id).matches()) {
            p.get("id").problem("must be letters, digits, '_', '.' or '-', got '" + id + "'");
            id = null;
        }
        String baseUrl = p.get("base_url").string(null);
        String type = p.get("type").string(null);
        if (type == null || type.isBlank()) {
            type = Adapters.inferType(id == null ? "" : id, baseUrl == null ? "" : baseUrl);
            if (!Adapters.types().contains(type)) {
                p.get("id").problem("inferred provider type '" + type + "' is not supported by this build");
                return null;
            }
        } else {
            type = type.trim().toLowerCase();
            if (!Adapters.types().contains(type)) {
                p.get("type").problem("unknown provider type '" + type + "' (expected one of: "
                        + String.join(", ", Adapters.types()) + ")");
                return null;
            }
        }
        String project = blankToNull(p.get("project").string(null));
        String location = blankToNull(p.get("location").string(null));
        String region = blankToNull(p.get("region").string(null));
        if (baseUrl == null || baseUrl.isBlank()) {
            baseUrl = Adapters.defaultBaseUrl(type, location, region);
            if (baseUrl == null) {
                p.get("base_url").problem("is required for providers of type " + type);
                return null;
            }
        }
        URI uri;
        try {
            uri = new URI(baseUrl.trim());
        } catch (URISyntaxException e) {
            p.get("base_url").problem("not a valid URL: " + e.getMessage());
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            p.get("base_url").problem("must be an http:// or https:// URL with a host, got '" + baseUrl + "'");
            return null;
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            p.get("base_url").problem("must not have a query or fragment (use 'query:' for parameters)");
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        Map<String, String> headers = p.get("headers").stringMap();
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (!h.getKey().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                p.get("headers").get(h.getKey()).problem("not a valid header name");
            }
            checkHeaderSafe(p.get("headers").get(h.getKey()), h.getValue());
        }
        Map<String, String> query = p.get("query").stringMap();
        String auth = p.get("auth_mode").oneOf(null, "api_key", "bearer");
        ProviderSettings settings = new ProviderSettings(
                id == null ? "?" : id, type, tls, uri.getHost(), port, path, headers, query,
                blankToNull(p.get("api_version").string(null)), p.get("deployments").stringMap(), p.get("azure_v1").bool(false),
                project, location, region, auth);
        ProviderAdapter adapter = Adapters.forType(type);
        for (String problem : adapter.validate(settings)) {
            int sep = problem.indexOf(':');
            String key = sep > 0 ? problem.substring(0, sep) : "";
            if (!key.isEmpty() && key.matches("[a-z_.\\[\\]0-9]+")) {
                p.get(key).problem(problem.substring(sep + 1).trim());
            } else {
                p.problem(problem);
            }
        }

        List<KeyConfig> keys = new ArrayList<>();
        Set<String> keyIds = new HashSet<>();
        List<ConfigNode> keyNodes = p.get("keys").items();
        if (keyNodes.isEmpty()) {
            p.get("keys").problem("at least one key is required");
        }
        for (int i = 0; i < keyNodes.size(); i++) {
            ConfigNode k = keyNodes.get(i);
            if (!k.expectMapping()) {
                continue;
            }
            k.allowOnly("id", "secret", "limit_req_per_min", "limit_tokens_per_min", "max_concurrent", "weight",
                    "enabled");
            String keyId = k.get("id").string((id == null ? "key" : id) + "-" + (i + 1));
            if (!ID.matcher(keyId).matches()) {
                k.get("id").problem("must be letters, digits, '_', '.' or '-', got '" + keyId + "'");
            } else if (!keyIds.add(keyId)) {
                k.get("id").problem("duplicate key id '" + keyId + "' in provider '" + id + "'");
            }
            String secret = k.get("secret").string("");
            checkHeaderSafe(k.get("secret"), secret);
            boolean enabled = k.get("enabled").bool(true);
            if (secret.isBlank()) {
                secret = "";
                if (enabled) {
                    warnings.add(k.path() + ": key '" + keyId + "' of provider '" + id
                            + "' is disabled: its secret is empty (is its environment variable set?)");
                }
                enabled = false;
            }
            keys.add(new KeyConfig(keyId, secret,
                    k.get("limit_req_per_min").longValue(0, 0, 1_000_000_000L),
                    k.get("limit_tokens_per_min").longValue(0, 0, 1_000_000_000_000L),
                    k.get("max_concurrent").intValue(0, 0, 1_000_000),
                    k.get("weight").doubleValue(KEY_WEIGHT, 0, 1_000_000),
                    enabled));
        }
        List<String> models = p.get("models").stringList();
        if (id == null) {
            return null;
        }
        Pricing pricing = pricing(p.get("price_per_million"));
        return new ProviderConfig(id, p.get("name").string(id), baseUrl, settings, keys, models, pricing);
    }

    /**
     * {@code price_per_million}: {@code prompt} / {@code completion} for every model, and any other
     * key is a model name with its own {@code {prompt, completion}}.
     */
    private static Pricing pricing(ConfigNode n) {
        if (!n.expectMapping()) {
            return Pricing.UNKNOWN;
        }
        Pricing.Price byDefault = null;
        if (n.get("prompt").present() || n.get("completion").present()) {
            byDefault = new Pricing.Price(n.get("prompt").doubleValue(0, 0, 1e9),
                    n.get("completion").doubleValue(0, 0, 1e9));
        }
        Map<String, Pricing.Price> perModel = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.children().entrySet()) {
            if (e.getKey().equals("prompt") || e.getKey().equals("completion")) {
                continue;
            }
            ConfigNode m = e.getValue();
            if (!m.isMapping()) {
                m.problem("must be {prompt: x, completion: y} (price of model '" + e.getKey() + "'), got "
                        + m.describe());
                continue;
            }
            m.allowOnly("prompt", "completion");
            if (!m.get("prompt").present() && !m.get("completion").present()) {
                m.problem("needs 'prompt' and/or 'completion'");
                continue;
            }
            perModel.put(e.getKey(), new Pricing.Price(m.get("prompt").doubleValue(0, 0, 1e9),
                    m.get("completion").doubleValue(0, 0, 1e9)));
        }
        return new Pricing(byDefault, perModel);
    }

    private static Map<String, AliasConfig> aliases(ConfigNode n, List<ProviderConfig> providers) {
        Map<String, AliasConfig> out = new LinkedHashMap<>();
        Map<String, ConfigNode> fallbackNodes = new LinkedHashMap<>();
        Map<String, ConfigNode> contextNodes = new LinkedHashMap<>();
        Set<String> providerIds = new HashSet<>();
        providers.forEach(p -> providerIds.add(p.id()));
        for (Map.Entry<String, ConfigNode> e : n.children().entrySet()) {
            String name = e.getKey();
            ConfigNode v = e.getValue();
            if (name.isBlank()) {
                v.problem("alias name must not be empty");
                continue;
            }
            ConfigNode targetsNode = v;
            List<String> fallbacks = List.of();
            List<String> contextFallbacks = List.of();
            String strategy = null;
            long contextWindow = 0;
            if (v.isMapping()) {
                v.allowOnly("targets", "fallbacks", "context_window_fallbacks", "strategy", "context_window");
                targetsNode = v.get("targets");
                if (!targetsNode.present()) {
                    targetsNode.problem("is required (a list of 'provider:model' or {target, weight, tags})");
                    continue;
                }
                fallbacks = v.get("fallbacks").stringList();
                contextFallbacks = v.get("context_window_fallbacks").stringList();
                fallbackNodes.put(name, v.get("fallbacks"));
                contextNodes.put(name, v.get("context_window_fallbacks"));
                strategy = v.get("strategy").oneOf(null, PolicyConfig.STRATEGIES);
                contextWindow = v.get("context_window").longValue(0, 0, 1_000_000_000L);
            }
            List<TargetConfig> targets = new ArrayList<>();
            List<ConfigNode> items = targetsNode.isSequence() ? targetsNode.items() : List.of(targetsNode);
            for (ConfigNode t : items) {
                TargetConfig tc = target(t, providerIds);
                if (tc != null) {
                    targets.add(tc);
                }
            }
            if (targets.isEmpty() && items.isEmpty()) {
                v.problem("needs at least one target 'provider:model'");
            }
            if (!targets.isEmpty()) {
                out.put(name, new AliasConfig(name, targets, fallbacks, contextFallbacks, strategy, contextWindow));
            }
        }
        checkFallbacks(out, fallbackNodes, AliasConfig::fallbacks);
        checkFallbacks(out, contextNodes, AliasConfig::contextWindowFallbacks);
        return out;
    }

    /** Every fallback names an alias, and following fallbacks never leads back to where it started. */
    private static void checkFallbacks(Map<String, AliasConfig> aliases, Map<String, ConfigNode> nodes,
            Function<AliasConfig, List<String>> edges) {
        for (Map.Entry<String, ConfigNode> e : nodes.entrySet()) {
            AliasConfig alias = aliases.get(e.getKey());
            if (alias == null) {
                continue;
            }
            for (String f : edges.apply(alias)) {
                if (!aliases.containsKey(f)) {
                    e.getValue().problem("unknown alias '" + f + "' (known: " + String.join(", ", aliases.keySet()) + ")");
                }
            }
            List<String> cycle = cycleFrom(alias.name(), aliases, edges, new ArrayList<>());
            if (cycle != null) {
                e.getValue().problem("fallbacks form a cycle: " + String.join(" -> ", cycle));
            }
        }
    }

    /** The path back to {@code path.get(0)} from {@code name}, or null when there is none. */
    private static List<String> cycleFrom(String name, Map<String, AliasConfig> aliases,
            Function<AliasConfig, List<String>> edges, List<String> path) {
        if (!path.isEmpty() && name.equals(path.get(0))) {
            List<String> cycle = new ArrayList<>(path);
            cycle.add(name);
            return cycle;
        }
        if (path.contains(name) || path.size() > aliases.size()) {
            return null; // a cycle that does not pass through the start: reported from its own alias
        }
        AliasConfig a = aliases.get(name);
        if (a == null) {
            return null;
        }
        path.add(name);
        for (String next : edges.apply(a)) {
            List<String> c = cycleFrom(next, aliases, edges, path);
            if (c != null) {
                return c;
            }
        }
        path.remove(path.size() - 1);
        return null;
    }

    private static TargetConfig target(ConfigNode t, Set<String> providerIds) {
        String spec;
        double weight = TARGET_WEIGHT;
        List<String> tags = List.of();
        ConfigNode specNode = t;
        if (t.isMapping()) {
            t.allowOnly("target", "weight", "tags");
            specNode = t.get("target");
            spec = specNode.requiredString();
            weight = t.get("weight").doubleValue(TARGET_WEIGHT, 0, 1_000_000);
            tags = t.get("tags").stringList();
        } else {
            spec = t.requiredString();
        }
        if (spec == null) {
            return null;
        }
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            specNode.problem("must be 'provider:model', got '" + spec + "'");
            return null;
        }
        String provider = spec.substring(0, colon).trim();
        String model = spec.substring(colon + 1).trim();
        if (!providerIds.contains(provider)) {
            specNode.problem("unknown provider '" + provider + "' (known: " + String.join(", ", providerIds) + ")");
            return null;
        }
        return new TargetConfig(provider, model, weight, tags);
    }

    private static PolicyConfig policy(ConfigNode n) {
        n.expectMapping();
        n.allowOnly("strategy", "hybrid_weights", "retries", "backoff_ms", "cooldown_ms", "failure_threshold",
                "auth_failure_threshold", "breaker", "ramp_ms", "default_max_tokens", "tag_header", "max_wait_ms");
        String strategy = n.get("strategy").oneOf(POLICY_STRATEGY, PolicyConfig.STRATEGIES);
        ConfigNode w = n.get("hybrid_weights");
        w.expectMapping();
        w.allowOnly("token_ratio", "req_ratio", "error_score", "latency");
        Map<String, Double> weights = new LinkedHashMap<>();
        weights.put("token_ratio", w.get("token_ratio").doubleValue(POLICY_HYBRID_TOKEN_RATIO, 0, 1000));
        weights.put("req_ratio", w.get("req_ratio").doubleValue(POLICY_HYBRID_REQ_RATIO, 0, 1000));
        weights.put("error_score", w.get("error_score").doubleValue(POLICY_HYBRID_ERROR_SCORE, 0, 1000));
        weights.put("latency", w.get("latency").doubleValue(POLICY_HYBRID_LATENCY, 0, 1000));
        if (w.present() && weights.values().stream().mapToDouble(Double::doubleValue).sum() == 0) {
            w.problem("at least one weight must be above 0");
        }
        long maxMs = 24L * 3600 * 1000;
        ConfigNode backoff = n.get("backoff_ms");
        backoff.expectMapping();
        backoff.allowOnly("initial", "max");
        long backoffInitial = backoff.get("initial").longValue(POLICY_BACKOFF_INITIAL_MS, 0, maxMs);
        long backoffMax = backoff.get("max").longValue(Math.max(POLICY_BACKOFF_MAX_MS, backoffInitial), 0, maxMs);
        if (backoffMax < backoffInitial) {
            backoff.get("max").problem("must be at least initial (" + backoffInitial + "), got " + backoffMax);
        }
        ConfigNode b = n.get("breaker");
        b.expectMapping();
        b.allowOnly("failure_rate", "min_requests", "window_ms", "open_ms", "half_open_probes");
        PolicyConfig.Breaker breaker = new PolicyConfig.Breaker(
                b.get("failure_rate").doubleValue(POLICY_BREAKER_FAILURE_RATE, 0.01, 1),
                b.get("min_requests").intValue(POLICY_BREAKER_MIN_REQUESTS, 1, 1_000_000),
                b.get("window_ms").longValue(POLICY_BREAKER_WINDOW_MS, 1_000, maxMs),
                b.get("open_ms").longValue(POLICY_BREAKER_OPEN_MS, 1, maxMs),
                b.get("half_open_probes").intValue(POLICY_BREAKER_HALF_OPEN_PROBES, 1, 1_000));
        String tagHeader = n.get("tag_header").string(POLICY_TAG_HEADER).trim().toLowerCase();
        if (!tagHeader.matches("[!#$%&'*+.^_`|~0-9a-z-]+")) {
            n.get("tag_header").problem("not a valid header name: '" + tagHeader + "'");
            tagHeader = POLICY_TAG_HEADER;
        }
        return new PolicyConfig(strategy, weights,
                n.get("retries").intValue(POLICY_RETRIES, 0, 100),
                backoffInitial,
                Math.max(backoffMax, backoffInitial),
                n.get("cooldown_ms").longValue(POLICY_COOLDOWN_MS, 1, maxMs),
                n.get("failure_threshold").intValue(POLICY_FAILURE_THRESHOLD, 1, 1_000_000),
                n.get("auth_failure_threshold").intValue(POLICY_AUTH_FAILURE_THRESHOLD, 1, 1_000_000),
                breaker,
                n.get("ramp_ms").longValue(POLICY_RAMP_MS, 0, maxMs),
                n.get("default_max_tokens").longValue(POLICY_DEFAULT_MAX_TOKENS, 1, 100_000_000L),
                tagHeader,
                n.get("max_wait_ms").longValue(POLICY_MAX_WAIT_MS, 0, maxMs));
    }

    private static LoggingConfig logging(ConfigNode n) {
        n.expectMapping();
        n.allowOnly("file", "prometheus", "providers");
        ConfigNode f = n.get("file");
        f.expectMapping();
        f.allowOnly("enabled", "path", "max_size_mb", "max_backups");
        ConfigNode pr = n.get("prometheus");
        pr.expectMapping();
        pr.allowOnly("enabled", "endpoint");
        String endpoint = pr.get("endpoint").string(LOGGING_PROMETHEUS_ENDPOINT);
        if (!endpoint.startsWith("/")) {
            pr.get("endpoint").problem("must start with '/', got '" + endpoint + "'");
        }
        List<LoggingConfig.HttpSink> sinks = new ArrayList<>();
        for (ConfigNode s : n.get("providers").items()) {
            if (!s.expectMapping()) {
                continue;
            }
            s.allowOnly("name", "type", "endpoint", "batch");
            ConfigNode b = s.get("batch");
            b.expectMapping();
            b.allowOnly("enabled", "size", "interval_seconds");
            String url = s.get("endpoint").requiredString();
            if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
                s.get("endpoint").problem("must be an http:// or https:// URL, got '" + url + "'");
            }
            sinks.add(new LoggingConfig.HttpSink(
                    s.get("name").string("webhook"),
                    s.get("type").oneOf("http", "http"),
                    url,
                    b.get("enabled").bool(true),
                    b.get("size").intValue(LOGGING_BATCH_SIZE, 1, 100_000),
                    b.get("interval_seconds").intValue(LOGGING_BATCH_INTERVAL_SECONDS, 1, 86_400)));
        }
        return new LoggingConfig(
                new LoggingConfig.FileSink(f.get("enabled").bool(false), f.get("path").string(LOGGING_FILE_PATH),
                        f.get("max_size_mb").intValue(LOGGING_FILE_MAX_SIZE_MB, 1, 1_000_000),
                        f.get("max_backups").intValue(LOGGING_FILE_MAX_BACKUPS, 0, 10_000)),
                new LoggingConfig.Prometheus(pr.get("enabled").bool(true), endpoint),
                sinks);
    }

    private static StorageConfig storage(ConfigNode n) {
        n.expectMapping();
        n.allowOnly("config", "runtime");
        ConfigNode c = n.get("config");
        c.expectMapping();
        c.allowOnly("type", "path", "url");
        ConfigNode r = n.get("runtime");
        r.expectMapping();
        r.allowOnly("type", "addr", "password");
        String configType = c.get("type").oneOf(STORAGE_CONFIG_TYPE, "file", "http");
        String location = configType.equals("http") ? c.get("url").string("") : c.get("path").string("");
        return new StorageConfig(configType, location, r.get("type").oneOf(STORAGE_RUNTIME_TYPE, "memory", "redis"),
                r.get("addr").string(STORAGE_REDIS_ADDR), r.get("password").string(""));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Values that end up in HTTP headers must not be able to inject headers. */
    private static void checkHeaderSafe(ConfigNode n, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || (c < 0x20 && c != '\t') || c == 0x7f) {
                n.problem("contains a control character (line break?) at position " + i);
                return;
            }
        }
    }
}
