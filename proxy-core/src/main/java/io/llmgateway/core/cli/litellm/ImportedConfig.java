package io.llmgateway.core.cli.litellm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the importer has converted so far, in this gateway's terms: providers, aliases and the few
 * global settings LiteLLM's {@code router_settings}, {@code litellm_settings} and
 * {@code general_settings} map to. Absent settings (null) keep the gateway's defaults.
 */
final class ImportedConfig {

    /** An alias: its targets ({@code provider:model}) and its fallbacks, in order. */
    static final class Alias {
        final Set<String> targets = new LinkedHashSet<>();
        final Set<String> fallbacks = new LinkedHashSet<>();
        final Set<String> contextWindowFallbacks = new LinkedHashSet<>();
        final int line;

        Alias(int line) {
            this.line = line;
        }
    }

    final List<ImportedProvider> providers = new ArrayList<>();
    final Map<String, ImportedProvider> providersByIdentity = new LinkedHashMap<>();
    final Map<String, Alias> aliases = new LinkedHashMap<>();
    final List<String> clientKeys = new ArrayList<>();
    String adminKey;
    String strategy;
    Integer retries;
    Integer failureThreshold;
    Long cooldownMs;
    Long totalTimeoutMs;

    /** Adds a deployment: to its provider (made on first use) and to its alias. */
    void add(Deployment d) {
        String identity = ImportedProvider.identity(d);
        ImportedProvider provider = providersByIdentity.get(identity);
        if (provider == null) {
            provider = new ImportedProvider(freeId(d.provider().idStem()), d);
            providersByIdentity.put(identity, provider);
            providers.add(provider);
        }
        if (!Double.isNaN(d.prompt()) || !Double.isNaN(d.completion())) {
            provider.prices.put(d.model(), new double[] {d.prompt(), d.completion()});
        }
        aliases.computeIfAbsent(d.alias(), a -> new Alias(d.line())).targets.add(provider.id + ':' + d.model());
    }

    private String freeId(String stem) {
        String id = stem;
        for (int n = 2; idTaken(id); n++) {
            id = stem + '-' + n;
        }
        return id;
    }

    private boolean idTaken(String id) {
        for (ImportedProvider p : providers) {
            if (p.id.equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** Whether following fallbacks from {@code to} leads back to {@code from} (the gateway refuses cycles). */
    boolean reaches(String to, String from) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(List.of(to));
        while (!todo.isEmpty()) {
            String a = todo.remove(todo.size() - 1);
            if (a.equals(from)) {
                return true;
            }
            Alias alias = aliases.get(a);
            if (seen.add(a) && alias != null) {
                todo.addAll(alias.fallbacks);
                todo.addAll(alias.contextWindowFallbacks);
            }
        }
        return false;
    }
}
