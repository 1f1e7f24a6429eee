package io.llmgateway.core.config;

import static io.llmgateway.core.config.ConfigKeys.*;

import io.llmgateway.adapters.Adapters;
import io.llmgateway.codec.spi.ProviderAdapter;
import io.llmgateway.codec.spi.ProviderSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code providers[]} into {@link ProviderConfig}s: the type (given or inferred), the base
 * URL (given or the type's default), the protocol options the adapter checks, keys and prices.
 */
final class ProviderConfigReader {

    static final String HEADER_NAME = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

    private ProviderConfigReader() {
    }

    static List<ProviderConfig> read(ConfigNode root) {
        ConfigNode n = PROVIDERS.node(root);
        if (!n.present()) {
            n.problem("at least one provider is required");
            return List.of();
        }
        List<ProviderConfig> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<ConfigNode> items = n.items();
        for (ConfigNode p : items) {
            if (!PROVIDERS.check(p)) {
                continue;
            }
            ProviderConfig pc = provider(p);
            if (pc == null) {
                continue;
            }
            if (!ids.add(pc.id())) {
                ConfigNode idNode = PROVIDER_ID.node(p);
                idNode.problem("duplicate provider id " + idNode.quote(pc.id()));
                continue;
            }
            out.add(pc);
        }
        if (out.isEmpty() && items.isEmpty()) {
            n.problem("at least one provider is required");
        }
        return out;
    }

    private static ProviderConfig provider(ConfigNode p) {
        ConfigNode idNode = PROVIDER_ID.node(p);
        String id = PROVIDER_ID.required(p);
        if (id != null && !KeyConfigReader.ID.matcher(id).matches()) {
            idNode.problem("must be letters, digits, '_', '.' or '-', got " + idNode.quote(id));
            id = null;
        }
        ConfigNode urlNode = PROVIDER_BASE_URL.node(p);
        String baseUrl = PROVIDER_BASE_URL.read(p);
        String type = type(p, id, baseUrl);
        if (type == null) {
            return null;
        }
        String project = blankToNull(PROVIDER_PROJECT.read(p));
        String location = blankToNull(PROVIDER_LOCATION.read(p));
        String region = blankToNull(PROVIDER_REGION.read(p));
        boolean derived = baseUrl == null || baseUrl.isBlank();
        if (derived) {
            String missing = urlNode.missingVariables();
            baseUrl = Adapters.defaultBaseUrl(type, location, region);
            if (baseUrl == null) {
                urlNode.problem(missing.isEmpty() ? "is required for providers of type " + type
                        : missing + " (expected: the base URL, required for providers of type " + type + ")");
                return null;
            }
            if (!missing.isEmpty()) {
                urlNode.warn(missing + ": using the default base URL of type " + type);
            }
        }
        String shownUrl = derived ? defaultUrlShown(p, type, baseUrl) : urlNode.quote(baseUrl);
        URI uri;
        try {
            uri = new URI(baseUrl.trim());
        } catch (URISyntaxException e) {
            urlNode.problem("not a valid URL (" + e.getReason() + " at index " + e.getIndex() + "), got " + shownUrl);
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            urlNode.problem("must be an http:// or https:// URL with a host, got " + shownUrl);
            return null;
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            urlNode.problem("must not have a query or fragment (use 'query:' for parameters)");
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        ProviderSettings settings = new ProviderSettings(
                id == null ? "?" : id, type, tls, uri.getHost(), port, path, headers(p), PROVIDER_QUERY.read(p),
                blankToNull(PROVIDER_API_VERSION.read(p)), PROVIDER_DEPLOYMENTS.read(p), PROVIDER_AZURE_V1.read(p),
                project, location, region, PROVIDER_AUTH_MODE.read(p), PROVIDER_API.read(p));
        adapterProblems(p, settings);
        if (settings.api() != null && !settings.type().equals("bedrock")) {
            PROVIDER_API.node(p).problem("applies to providers of type bedrock only (this one is " + settings.type() + ')');
        }
        List<KeyConfig> keys = KeyConfigReader.read(p, id, settings);
        List<String> models = PROVIDER_MODELS.read(p);
        if (id == null) {
            return null;
        }
        Pricing pricing = PricingReader.read(p);
        String name = PROVIDER_NAME.read(p);
        return new ProviderConfig(id, name == null ? id : name, baseUrl, settings, keys, models, pricing);
    }

    /** The type as written, or inferred from the id and base URL; null after a problem. */
    private static String type(ConfigNode p, String id, String baseUrl) {
        String type = PROVIDER_TYPE.read(p);
        if (type == null || type.isBlank()) {
            type = Adapters.inferType(id == null ? "" : id, baseUrl == null ? "" : baseUrl);
            if (!Adapters.types().contains(type)) {
                PROVIDER_ID.node(p).problem("inferred provider type '" + type + "' is not supported by this build");
                return null;
            }
            return type;
        }
        type = type.trim().toLowerCase();
        if (!Adapters.types().contains(type)) {
            ConfigNode typeNode = PROVIDER_TYPE.node(p);
            typeNode.problem("unknown provider type " + typeNode.quote(type) + " (expected one of: "
                    + String.join(", ", Adapters.types()) + ")");
            return null;
        }
        return type;
    }

    private static Map<String, String> headers(ConfigNode p) {
        Map<String, String> headers = PROVIDER_HEADERS.read(p);
        ConfigNode headersNode = PROVIDER_HEADERS.node(p);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            ConfigNode header = headersNode.get(h.getKey());
            if (!h.getKey().matches(HEADER_NAME)) {
                header.problem("not a valid header name");
            }
            header.checkHeaderSafe(h.getValue());
        }
        return headers;
    }

    /** A default base URL for a message: built from location or region, it may carry a value from the environment. */
    private static String defaultUrlShown(ConfigNode p, String type, String baseUrl) {
        List<String> fromEnvironment = new ArrayList<>(2);
        for (ConfigKey<?> key : List.of(PROVIDER_LOCATION, PROVIDER_REGION)) {
            if (key.node(p).fromEnvironment()) {
                fromEnvironment.add(key.name() + " " + key.node(p).shown());
            }
        }
        return fromEnvironment.isEmpty() ? "'" + baseUrl + "' (the default of type " + type + ")"
                : "the default of type " + type + " for " + String.join(" and ", fromEnvironment);
    }

    /**
     * The adapter's own checks, each on the key it names. Adapters quote values in their messages,
     * so a value that came from the environment is put back as written ({@code ${VAR}}).
     */
    private static void adapterProblems(ConfigNode p, ProviderSettings settings) {
        ProviderAdapter adapter = Adapters.forType(settings.type());
        for (String problem : adapter.validate(settings)) {
            int sep = problem.indexOf(':');
            String key = sep > 0 ? problem.substring(0, sep) : "";
            if (!key.isEmpty() && key.matches("[a-z_.\\[\\]0-9]+")) {
                ConfigNode target = p.get(key);
                String missing = target.missingVariables();
                target.problem(unexpanded(p, problem.substring(sep + 1).trim()) + (missing.isEmpty() ? "" : "; " + missing));
            } else {
                p.problem(unexpanded(p, problem));
            }
        }
    }

    /** {@code message} with every value that came from the environment replaced by the text as written. */
    private static String unexpanded(ConfigNode p, String message) {
        String out = message;
        for (ConfigKey<?> key : List.of(PROVIDER_BASE_URL, PROVIDER_PROJECT, PROVIDER_LOCATION, PROVIDER_REGION,
                PROVIDER_API_VERSION, PROVIDER_AUTH_MODE)) {
            ConfigNode n = key.node(p);
            String value = n.fromEnvironment() ? n.text() : null;
            if (value != null && !value.isBlank()) {
                out = replaceWord(out, value.trim(), "'" + n.raw() + "'");
            }
        }
        ConfigNode url = PROVIDER_BASE_URL.node(p);
        if (url.fromEnvironment()) {
            String host = URI.create(url.text().trim()).getHost();
            if (host != null) {
                out = replaceWord(out, host, "(the host of '" + url.raw() + "')");
            }
        }
        return out;
    }

    /**
     * Replaces {@code word} wherever letters or digits do not extend it: also inside a host name,
     * where a default URL carries its region. Replacing too much is safe; too little would leak.
     */
    private static String replaceWord(String text, String word, String replacement) {
        return Pattern.compile("(?<!\\w)" + Pattern.quote(word) + "(?!\\w)").matcher(text)
                .replaceAll(Matcher.quoteReplacement(replacement));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
