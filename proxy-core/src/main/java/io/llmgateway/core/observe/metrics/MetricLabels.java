package io.llmgateway.core.observe.metrics;

import io.llmgateway.codec.error.GatewayError;
import io.llmgateway.core.config.AliasConfig;
import io.llmgateway.core.config.GatewayConfig;
import io.llmgateway.core.config.ProviderConfig;
import io.llmgateway.core.config.TargetConfig;
import io.llmgateway.core.routing.Deployment;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps every label value the metrics export bounded, whatever clients and providers send: a model
 * the config does not name (as an alias, or as {@code provider-id/model}) is {@value #OTHER}; an
 * error code is one of the gateway's ({@link GatewayError}) or one of the first
 * {@value #MAX_PROVIDER_CODES} distinct provider codes seen (of at most {@value #MAX_CODE_LENGTH}
 * characters), {@value #OTHER} beyond. Provider and key ids come from the config, never a secret.
 *
 * <p>Confined to the observer thread (plain collections); rebuilt from the config on reload.
 */
final class MetricLabels {

    static final String OTHER = "other";
    /** The provider and key of an exchange that made no attempt. */
    static final String NONE = "none";
    /** Distinct provider error codes that get a series of their own. */
    static final int MAX_PROVIDER_CODES = 50;
    /** A provider code longer than this is not a code but text: {@value #OTHER}. */
    static final int MAX_CODE_LENGTH = 64;

    private static final Set<String> GATEWAY_CODES = gatewayCodes();
    private static final String[] STATUS = statusStrings();

    private final Set<String> providerCodes = new HashSet<>();
    private Set<String> aliases = Set.of();
    private Set<String> models = Set.of();
    private Map<String, List<TargetConfig>> targets = Map.of();

    MetricLabels(GatewayConfig config) {
        reconfigure(config);
    }

    void reconfigure(GatewayConfig config) {
        Set<String> a = new HashSet<>(config.aliases().keySet());
        Set<String> m = new HashSet<>();
        Map<String, List<TargetConfig>> t = new HashMap<>();
        for (AliasConfig alias : config.aliases().values()) {
            t.put(alias.name(), alias.targets());
            for (TargetConfig target : alias.targets()) {
                m.add(target.model());
                a.add(target.provider() + '/' + target.model());
            }
        }
        for (ProviderConfig p : config.providers()) {
            m.addAll(p.models());
            for (String model : p.models()) {
                a.add(p.id() + '/' + model);
            }
        }
        aliases = a;
        models = m;
        targets = t;
    }

    /** The model a client asked for, if the config names it (an alias, or {@code provider-id/model}). */
    String alias(String requested) {
        return requested != null && aliases.contains(requested) ? requested : OTHER;
    }

    /** An upstream model, if the config names it. */
    String model(String upstreamModel) {
        return upstreamModel != null && models.contains(upstreamModel) ? upstreamModel : OTHER;
    }

    /** The gateway's codes as they are; a provider's while fewer than the cap have been seen. */
    String code(String code) {
        if (GATEWAY_CODES.contains(code) || providerCodes.contains(code)) {
            return code;
        }
        if (providerCodes.size() < MAX_PROVIDER_CODES && code.length() <= MAX_CODE_LENGTH) {
            providerCodes.add(code);
            return code;
        }
        return OTHER;
    }

    /**
     * Whether {@code d} serves a target of another alias than {@code alias}: the attempt went to a
     * fallback. False when {@code alias} is not configured (nothing to compare with).
     */
    boolean fallback(String alias, Deployment d) {
        List<TargetConfig> own = alias == null ? null : targets.get(alias);
        if (own == null) {
            return false;
        }
        for (TargetConfig t : own) {
            if (t.provider().equals(d.provider().id()) && t.model().equals(d.upstreamModel())) {
                return false;
            }
        }
        return true;
    }

    /** An HTTP status as a label, without allocating for the usual ones. */
    static String status(int status) {
        return status >= 0 && status < STATUS.length ? STATUS[status] : Integer.toString(status);
    }

    private static Set<String> gatewayCodes() {
        Set<String> codes = new HashSet<>();
        for (GatewayError e : GatewayError.values()) {
            if (e.code() != null) {
                codes.add(e.code());
            }
        }
        return Set.copyOf(codes);
    }

    private static String[] statusStrings() {
        String[] s = new String[600];
        for (int i = 0; i < s.length; i++) {
            s[i] = Integer.toString(i);
        }
        return s;
    }
}
