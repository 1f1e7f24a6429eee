package io.llmgateway.core.cli.litellm;

import static io.llmgateway.core.cli.litellm.YamlTree.entries;
import static io.llmgateway.core.cli.litellm.YamlTree.keyLine;
import static io.llmgateway.core.cli.litellm.YamlTree.line;
import static io.llmgateway.core.cli.litellm.YamlTree.text;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one entry of LiteLLM's {@code model_list} into a {@link Deployment}, reporting every
 * setting of the entry it cannot carry over (and the whole entry when its provider or model has no
 * equivalent here).
 */
final class DeploymentReader {

    private static final Set<String> REQUEST_DEFAULTS = Set.of("temperature", "max_tokens", "top_p", "seed", "stop",
            "frequency_penalty", "presence_penalty", "n", "response_format", "tools", "tool_choice", "user");
    private static final Set<String> TIMEOUTS = Set.of("timeout", "stream_timeout");
    private static final String OPENAI_HOST = "api.openai.com";

    private final List<Unmapped> unmapped;

    DeploymentReader(List<Unmapped> unmapped) {
        this.unmapped = unmapped;
    }

    /** The deployment of {@code entry} ({@code model_list[index]}), or null when it does not convert. */
    Deployment read(Node entry, int index) {
        String path = "model_list[" + index + "]";
        Map<String, Node> fields = entries(entry);
        String alias = fields.containsKey("model_name") ? text(fields.get("model_name")) : null;
        Node paramsNode = fields.get("litellm_params");
        Map<String, Node> params = paramsNode == null ? Map.of() : entries(paramsNode);
        String model = params.containsKey("model") ? text(params.get("model")) : null;
        if (alias == null || model == null) {
            skip(line(entry), path, "an entry needs model_name and litellm_params.model; skipped");
            return null;
        }
        if (alias.contains("*") || model.contains("*")) {
            skip(line(entry), path, "wildcard routing ('" + alias + "' -> '" + model + "') has no equivalent: add an "
                    + "alias per model, or list the models in providers[].models (clients then send provider-id/model)");
            return null;
        }
        int slash = model.indexOf('/');
        LiteLlmProvider provider = slash < 0 ? LiteLlmProvider.forBareModel(model)
                : LiteLlmProvider.byPrefix(model.substring(0, slash));
        if (provider == null) {
            skip(line(entry), path, "LiteLLM provider '" + model.substring(0, slash) + "' of '" + model + "' has no "
                    + "equivalent here (supported: " + LiteLlmProvider.prefixes() + "); skipped");
            return null;
        }
        String upstreamModel = slash < 0 ? model : model.substring(slash + 1);
        if (upstreamModel.isBlank()) {
            skip(line(entry), path, "'" + model + "' names no model after the provider; skipped");
            return null;
        }
        String base = base(provider, params, path, paramsNode);
        if (provider == LiteLlmProvider.OPENAI && base != null && !isOpenAi(base)) {
            provider = LiteLlmProvider.OPENAI_LIKE; // LiteLLM's "openai/" with an api_base: any OpenAI-compatible host
        }
        if (provider.type().equals("openai-compatible") && base == null) {
            skip(line(entry), path, "'" + model + "' needs litellm_params.api_base (the host's URL); skipped");
            return null;
        }
        String secret = secret(provider, params, path, paramsNode);
        if (secret == null) {
            return null;
        }
        Map<String, String> headers = headers(params, path, paramsNode);
        long rpm = limit(fields, params, "rpm", path, entry, paramsNode);
        long tpm = limit(fields, params, "tpm", path, entry, paramsNode);
        double prompt = perMillion(params, "input_cost_per_token", path, paramsNode);
        double completion = perMillion(params, "output_cost_per_token", path, paramsNode);
        reportTheRest(fields, params, path, entry, paramsNode);
        boolean bedrock = provider == LiteLlmProvider.BEDROCK;
        boolean vertex = provider == LiteLlmProvider.VERTEX_AI;
        return new Deployment(alias, provider, upstreamModel, base, optional(params, "api_version", null),
                optional(params, "aws_region_name", bedrock ? "${AWS_REGION_NAME}" : null),
                optional(params, "vertex_project", vertex ? "${VERTEXAI_PROJECT}" : null),
                optional(params, "vertex_location", vertex ? "${VERTEXAI_LOCATION}" : null),
                headers, secret, rpm, tpm, prompt, completion, line(entry));
    }

    private String base(LiteLlmProvider provider, Map<String, Node> params, String path, Node paramsNode) {
        String given = params.containsKey("api_base") ? text(params.get("api_base")) : null;
        if (given == null) {
            String d = provider.defaultBase();
            return d == null ? null : d + (provider.needsV1Suffix() ? "/v1" : "");
        }
        String base = ConfigValues.of(given);
        if (base == null) {
            skip(keyLine(paramsNode, "api_base"), path + ".litellm_params.api_base", "'" + given + "' names no "
                    + "valid variable");
            return null;
        }
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return provider.needsV1Suffix() && !base.endsWith("/v1") ? base + "/v1" : base;
    }

    private static boolean isOpenAi(String base) {
        try {
            String host = URI.create(base).getHost();
            return host != null && host.toLowerCase(Locale.ROOT).equals(OPENAI_HOST);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String secret(LiteLlmProvider provider, Map<String, Node> params, String path, Node paramsNode) {
        String given = params.containsKey("api_key") ? text(params.get("api_key")) : null;
        if (given == null) {
            return provider.keyVariable() == null ? LiteLlmProvider.KEYLESS_SECRET
                    : "${" + provider.keyVariable() + "}";
        }
        String secret = ConfigValues.of(given);
        if (secret == null) {
            skip(keyLine(paramsNode, "api_key"), path + ".litellm_params.api_key", "names no valid variable; the "
                    + "entry is skipped");
        }
        return secret;
    }

    private Map<String, String> headers(Map<String, Node> params, String path, Node paramsNode) {
        Map<String, String> headers = new LinkedHashMap<>();
        Node extra = params.get("extra_headers");
        if (extra != null) {
            for (Map.Entry<String, Node> h : entries(extra).entrySet()) {
                String value = text(h.getValue());
                String v = value == null ? null : ConfigValues.of(value);
                if (v == null) {
                    skip(line(h.getValue()), path + ".litellm_params.extra_headers." + h.getKey(), "not a text "
                            + "value");
                } else {
                    headers.put(h.getKey(), v);
                }
            }
        }
        Node org = params.get("organization");
        if (org != null) {
            String value = text(org);
            String v = value == null ? null : ConfigValues.of(value);
            if (v == null) {
                skip(keyLine(paramsNode, "organization"), path + ".litellm_params.organization", "only one "
                        + "organization per deployment converts (as the OpenAI-Organization header)");
            } else {
                headers.put("OpenAI-Organization", v);
            }
        }
        return headers;
    }

    /** {@code rpm}/{@code tpm} from litellm_params, or beside it (older LiteLLM examples put them there). */
    private long limit(Map<String, Node> fields, Map<String, Node> params, String name, String path, Node entry,
                       Node paramsNode) {
        Node node = params.containsKey(name) ? params.get(name) : fields.get(name);
        if (node == null) {
            return 0;
        }
        long n = ConfigValues.count(text(node));
        if (n < 0) {
            int at = params.containsKey(name) ? keyLine(paramsNode, name) : keyLine(entry, name);
            skip(at, path + "." + name, "'" + text(node) + "' is not a whole number; no limit set");
            return 0;
        }
        return n;
    }

    private double perMillion(Map<String, Node> params, String name, String path, Node paramsNode) {
        Node node = params.get(name);
        if (node == null) {
            return Double.NaN;
        }
        double perToken = ConfigValues.number(text(node));
        if (Double.isNaN(perToken) || perToken < 0) {
            skip(keyLine(paramsNode, name), path + ".litellm_params." + name, "'" + text(node) + "' is not a price");
            return Double.NaN;
        }
        return perToken * 1_000_000;
    }

    /** The config text of {@code params.name}, else {@code fallback} (where LiteLLM reads a variable instead). */
    private static String optional(Map<String, Node> params, String name, String fallback) {
        String v = params.containsKey(name) ? text(params.get(name)) : null;
        String value = v == null ? null : ConfigValues.of(v);
        return value == null ? fallback : value;
    }

    private void reportTheRest(Map<String, Node> fields, Map<String, Node> params, String path, Node entry,
                               Node paramsNode) {
        for (String name : fields.keySet()) {
            if (!Set.of("model_name", "litellm_params", "rpm", "tpm").contains(name)) {
                skip(keyLine(entry, name), path + "." + name, name.equals("model_info")
                        ? "model_info is LiteLLM's own description of the deployment; nothing here needs it"
                        : "not a LiteLLM deployment setting this gateway has");
            }
        }
        for (String name : params.keySet()) {
            if (Set.of("model", "api_key", "api_base", "api_version", "aws_region_name", "vertex_project",
                    "vertex_location", "extra_headers", "organization", "rpm", "tpm", "input_cost_per_token",
                    "output_cost_per_token").contains(name)) {
                continue;
            }
            skip(keyLine(paramsNode, name), path + ".litellm_params." + name, why(name));
        }
    }

    private static String why(String param) {
        if (TIMEOUTS.contains(param)) {
            return "per-deployment timeouts have no equivalent: upstream.first_byte_timeout_ms, idle_timeout_ms and "
                    + "total_timeout_ms apply to every provider";
        }
        if (param.equals("max_retries")) {
            return "retries are policy.retries, for every alias (each retry goes to another deployment)";
        }
        if (REQUEST_DEFAULTS.contains(param)) {
            return "a default request parameter: the gateway sends each request's parameters as the client wrote them";
        }
        if (param.startsWith("aws_") || param.startsWith("vertex_") || param.equals("azure_ad_token")) {
            return "cloud credentials other than an API key have no equivalent: set keys[].secret (an API key or "
                    + "bearer token)";
        }
        return "a LiteLLM deployment parameter with no equivalent here";
    }

    private void skip(int line, String path, String reason) {
        unmapped.add(new Unmapped(line, path, reason));
    }
}
