package io.llmgateway.core.cli.litellm;

import static io.llmgateway.core.cli.litellm.YamlTree.entries;
import static io.llmgateway.core.cli.litellm.YamlTree.items;
import static io.llmgateway.core.cli.litellm.YamlTree.keyLine;
import static io.llmgateway.core.cli.litellm.YamlTree.line;
import static io.llmgateway.core.cli.litellm.YamlTree.text;
import static io.llmgateway.core.cli.litellm.YamlTree.texts;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Converts LiteLLM's global sections once the deployments are in: {@code litellm_settings} and
 * then {@code router_settings} (which LiteLLM lets win) for retries, timeout, fallbacks, cooldowns
 * and the routing strategy; {@code general_settings.master_key} as the client and admin key.
 * Everything else is reported, at its line.
 */
final class SettingsReader {

    private static final long MAX_TIMEOUT_MS = 24L * 60 * 60 * 1000;
    private static final int MAX_RETRIES = 100;

    private final ImportedConfig config;
    private final List<Unmapped> unmapped;

    SettingsReader(ImportedConfig config, List<Unmapped> unmapped) {
        this.config = config;
        this.unmapped = unmapped;
    }

    /** {@code litellm_settings} and {@code router_settings}: the same keys, the router's winning. */
    void routing(Node section, String name) {
        for (Map.Entry<String, Node> e : entries(section).entrySet()) {
            String key = e.getKey();
            Node value = e.getValue();
            String path = name + '.' + key;
            int at = keyLine(section, key);
            switch (key) {
                case "routing_strategy" -> strategy(value, path, at);
                case "num_retries" -> {
                    long n = ConfigValues.count(text(value));
                    if (n < 0 || n > MAX_RETRIES) {
                        skip(at, path, "'" + text(value) + "' is not a number of retries (expected: 0 to " + MAX_RETRIES
                                + ")");
                    } else {
                        config.retries = (int) n;
                    }
                }
                case "timeout", "request_timeout" -> timeout(value, path, at);
                case "allowed_fails" -> {
                    long n = ConfigValues.count(text(value));
                    if (n < 0) {
                        skip(at, path, "'" + text(value) + "' is not a whole number");
                    } else {
                        config.failureThreshold = (int) Math.min(Math.max(n, 1), 1_000_000);
                    }
                }
                case "cooldown_time" -> {
                    double s = ConfigValues.number(text(value));
                    if (Double.isNaN(s) || s <= 0) {
                        skip(at, path, "'" + text(value) + "' is not a number of seconds");
                    } else {
                        config.cooldownMs = Math.min(Math.max(Math.round(s * 1000), 1), MAX_TIMEOUT_MS);
                    }
                }
                case "fallbacks" -> fallbacks(value, path, false);
                case "context_window_fallbacks" -> fallbacks(value, path, true);
                case "model_group_alias" -> groupAliases(value, path);
                default -> skip(at, path, why(key));
            }
        }
    }

    /** {@code general_settings}: the master key is the key clients and the admin API accept. */
    void general(Node section) {
        for (Map.Entry<String, Node> e : entries(section).entrySet()) {
            String path = "general_settings." + e.getKey();
            int at = keyLine(section, e.getKey());
            if (!e.getKey().equals("master_key")) {
                skip(at, path, e.getKey().startsWith("database") || e.getKey().equals("store_model_in_db")
                        ? "no database here: keys, teams and spend live in the gateway's own store"
                        : "a LiteLLM proxy setting with no equivalent here");
                continue;
            }
            String raw = text(e.getValue());
            String key = raw == null ? null : ConfigValues.of(raw);
            if (key == null || key.isBlank()) {
                skip(at, path, "not a key or a variable");
                continue;
            }
            config.clientKeys.add(key);
            config.adminKey = key;
        }
    }

    private void strategy(Node value, String path, int at) {
        String s = text(value);
        String ours = s == null ? null : switch (s) {
            case "simple-shuffle" -> "simple-shuffle";
            case "least-busy" -> "least-busy";
            case "latency-based-routing" -> "lowest-latency";
            case "usage-based-routing", "usage-based-routing-v2" -> "lowest-tpm-rpm";
            case "cost-based-routing" -> "lowest-cost";
            default -> null;
        };
        if (ours == null) {
            skip(at, path, "'" + s + "' has no equivalent (known: simple-shuffle, least-busy, latency-based-routing, "
                    + "usage-based-routing[-v2], cost-based-routing); policy.strategy stays simple-shuffle");
        } else {
            config.strategy = ours;
        }
    }

    private void timeout(Node value, String path, int at) {
        double s = ConfigValues.number(text(value));
        if (Double.isNaN(s) || s <= 0) {
            skip(at, path, "'" + text(value) + "' is not a number of seconds");
            return;
        }
        config.totalTimeoutMs = Math.min(Math.max(Math.round(s * 1000), 1), MAX_TIMEOUT_MS);
    }

    /** {@code [{"a": ["b", "c"]}, ...]}: each alias's fallbacks, in order, where both ends exist and make no cycle. */
    private void fallbacks(Node value, String path, boolean contextWindow) {
        if (!YamlTree.isSequence(value)) {
            skip(line(value), path, "expected a list of {model_name: [fallback model_names]}");
            return;
        }
        for (Node item : items(value)) {
            for (Map.Entry<String, Node> e : entries(item).entrySet()) {
                ImportedConfig.Alias alias = config.aliases.get(e.getKey());
                if (alias == null) {
                    skip(line(item), path, "'" + e.getKey() + "' is not a model_name that was converted");
                    continue;
                }
                for (String fallback : texts(e.getValue())) {
                    if (!config.aliases.containsKey(fallback)) {
                        skip(line(e.getValue()), path, "fallback '" + fallback + "' of '" + e.getKey() + "' is not a "
                                + "model_name that was converted");
                    } else if (fallback.equals(e.getKey()) || config.reaches(fallback, e.getKey())) {
                        skip(line(e.getValue()), path, "fallback '" + fallback + "' of '" + e.getKey() + "' would make "
                                + "a cycle, which the gateway refuses");
                    } else {
                        (contextWindow ? alias.contextWindowFallbacks : alias.fallbacks).add(fallback);
                    }
                }
            }
        }
    }

    /** {@code {"gpt-4": "gpt-4o"}}: requests for gpt-4 go to gpt-4o's deployments — an alias with its targets. */
    private void groupAliases(Node value, String path) {
        for (Map.Entry<String, Node> e : entries(value).entrySet()) {
            String target = YamlTree.isMapping(e.getValue()) ? text(entries(e.getValue()).get("model"))
                    : text(e.getValue());
            ImportedConfig.Alias existing = target == null ? null : config.aliases.get(target);
            if (existing == null) {
                skip(line(e.getValue()), path + '.' + e.getKey(), "'" + target + "' is not a model_name that was "
                        + "converted");
                continue;
            }
            ImportedConfig.Alias alias = new ImportedConfig.Alias(line(e.getValue()));
            alias.targets.addAll(existing.targets);
            config.aliases.put(e.getKey(), alias);
        }
    }

    private static String why(String key) {
        if (key.startsWith("redis")) {
            return "state shared through Redis arrives with the multi-instance work (storage.runtime); one instance "
                    + "keeps it in memory";
        }
        if (key.endsWith("callback") || key.endsWith("callbacks")) {
            return "callbacks have no equivalent: see logging (request log file, webhooks, OTLP traces) and /metrics";
        }
        if (key.equals("drop_params")) {
            return "the gateway passes a request's parameters as they are; nothing is dropped";
        }
        return "a LiteLLM setting with no equivalent here";
    }

    private void skip(int line, String path, String reason) {
        unmapped.add(new Unmapped(line, path, reason));
    }
}
