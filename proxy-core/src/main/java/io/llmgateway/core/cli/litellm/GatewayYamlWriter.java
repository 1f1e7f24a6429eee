package io.llmgateway.core.cli.litellm;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an {@link ImportedConfig} as this gateway's YAML: what was not converted as comments at
 * the top, the settings that differ from the defaults, every provider with the LiteLLM line it came
 * from, and the aliases. Every string is double-quoted, so that no model name or URL can change
 * the document's structure.
 */
final class GatewayYamlWriter {

    private final StringBuilder out = new StringBuilder(4096);

    private GatewayYamlWriter() {
    }

    static String write(ImportedConfig config, String source, List<Unmapped> unmapped) {
        return new GatewayYamlWriter().document(config, source, unmapped);
    }

    private String document(ImportedConfig c, String source, List<Unmapped> unmapped) {
        line("# Converted from the LiteLLM config " + oneLine(source) + " by llm-gateway import-litellm.");
        line("# Check it with: llm-gateway validate FILE (config.example.yaml lists every key).");
        if (unmapped.isEmpty()) {
            line("# Every LiteLLM setting was converted.");
        } else {
            line("# Not converted (LiteLLM line: setting: why):");
            for (Unmapped u : unmapped) {
                line("#   " + oneLine(u.toString()));
            }
        }
        line("version: \"1.0\"");
        if (!c.clientKeys.isEmpty() || c.adminKey != null) {
            line("server:");
            if (!c.clientKeys.isEmpty()) {
                line("  api_keys: " + list(c.clientKeys) + "   # LiteLLM's master_key: clients send it as their key");
            }
            if (c.adminKey != null) {
                line("  admin_api_key: " + quote(c.adminKey) + "   # ...and it opens the admin API");
            }
        }
        if (c.totalTimeoutMs != null) {
            line("upstream:");
            line("  total_timeout_ms: " + c.totalTimeoutMs);
        }
        line("providers:");
        for (ImportedProvider p : c.providers) {
            provider(p);
        }
        line("model_aliases:");
        for (Map.Entry<String, ImportedConfig.Alias> e : c.aliases.entrySet()) {
            alias(e.getKey(), e.getValue());
        }
        line("policy:");
        line("  strategy: " + quote(c.strategy == null ? "simple-shuffle" : c.strategy)
                + (c.strategy == null ? "   # LiteLLM's default routing" : ""));
        if (c.retries != null) {
            line("  retries: " + c.retries);
        }
        if (c.failureThreshold != null) {
            line("  failure_threshold: " + c.failureThreshold);
        }
        if (c.cooldownMs != null) {
            line("  cooldown_ms: " + c.cooldownMs);
        }
        return out.toString();
    }

    private void provider(ImportedProvider p) {
        line("  - id: " + quote(p.id) + "   # model_list line " + p.line);
        line("    type: " + quote(p.type));
        optional("base_url", p.baseUrl);
        optional("api_version", p.apiVersion);
        optional("region", p.region);
        optional("project", p.project);
        optional("location", p.location);
        if (!p.headers.isEmpty()) {
            line("    headers:");
            for (Map.Entry<String, String> h : p.headers.entrySet()) {
                line("      " + quote(h.getKey()) + ": " + quote(h.getValue()));
            }
        }
        if (!p.prices.isEmpty()) {
            line("    price_per_million:");
            for (Map.Entry<String, double[]> price : p.prices.entrySet()) {
                StringBuilder entry = new StringBuilder("      ").append(quote(price.getKey())).append(": {");
                double[] v = price.getValue();
                if (!Double.isNaN(v[0])) {
                    entry.append("prompt: ").append(number(v[0]));
                }
                if (!Double.isNaN(v[1])) {
                    entry.append(Double.isNaN(v[0]) ? "" : ", ").append("completion: ").append(number(v[1]));
                }
                line(entry.append('}').toString());
            }
        }
        line("    keys:");
        line("      - secret: " + quote(p.secret));
        if (p.rpm > 0) {
            line("        limit_req_per_min: " + p.rpm);
        }
        if (p.tpm > 0) {
            line("        limit_tokens_per_min: " + p.tpm);
        }
    }

    private void alias(String name, ImportedConfig.Alias a) {
        if (a.fallbacks.isEmpty() && a.contextWindowFallbacks.isEmpty()) {
            line("  " + quote(name) + ": " + (a.targets.size() == 1 ? quote(a.targets.iterator().next())
                    : list(a.targets)));
            return;
        }
        line("  " + quote(name) + ":");
        line("    targets: " + list(a.targets));
        if (!a.fallbacks.isEmpty()) {
            line("    fallbacks: " + list(a.fallbacks));
        }
        if (!a.contextWindowFallbacks.isEmpty()) {
            line("    context_window_fallbacks: " + list(a.contextWindowFallbacks));
        }
    }

    private void optional(String key, String value) {
        if (value != null) {
            line("    " + key + ": " + quote(value));
        }
    }

    private void line(String text) {
        out.append(text).append('\n');
    }

    private static String list(Collection<String> values) {
        StringBuilder s = new StringBuilder("[");
        for (String v : values) {
            if (s.length() > 1) {
                s.append(", ");
            }
            s.append(quote(v));
        }
        return s.append(']').toString();
    }

    private static String number(double d) {
        String s = String.format(Locale.ROOT, "%.6f", d);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** A YAML double-quoted scalar. */
    static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                case '\r' -> q.append("\\r");
                default -> {
                    if (ch < 0x20) {
                        q.append(String.format(Locale.ROOT, "\\x%02x", (int) ch));
                    } else {
                        q.append(ch);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ");
    }
}
