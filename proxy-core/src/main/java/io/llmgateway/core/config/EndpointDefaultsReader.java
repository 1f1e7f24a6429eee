package io.llmgateway.core.config;

import io.llmgateway.adapters.Adapters;
import io.llmgateway.adapters.responses.ResponsesOverChat;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.core.config.ConfigKey.StringKey;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code endpoints:}, the provider that serves each OpenAI operation's requests that name no
 * {@code model} (file and batch calls, a moderation without one, an upload whose form has none
 * within the look-ahead, a stored response whose creating key is not known): each a known provider
 * whose type has the operation ({@code responses}: one that stores responses, openai or azure).
 */
final class EndpointDefaultsReader {

    private EndpointDefaultsReader() {
    }

    static Map<Endpoint, String> read(ConfigNode root, List<ProviderConfig> providers) {
        ConfigNode n = ConfigKeys.ENDPOINTS.open(root);
        Map<Endpoint, String> out = new EnumMap<>(Endpoint.class);
        for (Endpoint e : Endpoint.values()) {
            StringKey key = ConfigKeys.endpointDefaultKey(e);
            if (key == null || !key.isSetIn(n)) {
                continue;
            }
            String id = key.required(n);
            if (id == null) {
                continue;
            }
            ProviderConfig p = providers.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
            ConfigNode at = key.node(n);
            if (p == null) {
                at.problem("unknown provider " + at.quote(id) + " (expected: the id of one of providers[])");
            } else if (e == Endpoint.RESPONSES && !ResponsesOverChat.isNative(p.type())) {
                at.problem("provider " + at.quote(id) + " is of type " + p.type() + ", which stores no responses "
                        + "(expected: an openai or azure provider)");
            } else if (!Adapters.forType(p.type()).supports(e)) {
                at.problem("provider " + at.quote(id) + " is of type " + p.type() + ", which has no /v1" + e.suffix()
                        + " (expected: an openai, openai-compatible or azure provider" + (e == Endpoint.MODERATIONS
                        ? "; azure has no moderations)" : ")"));
            } else {
                out.put(e, id);
            }
        }
        return out;
    }
}
