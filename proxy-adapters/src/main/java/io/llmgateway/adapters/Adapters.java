package io.llmgateway.adapters;

import io.llmgateway.adapters.anthropic.AnthropicAdapter;
import io.llmgateway.adapters.azure.AzureAdapter;
import io.llmgateway.adapters.bedrock.BedrockAdapter;
import io.llmgateway.adapters.gemini.GeminiAdapter;
import io.llmgateway.adapters.messages.MessagesOverChat;
import io.llmgateway.adapters.openai.OpenAiAdapter;
import io.llmgateway.codec.spi.ProviderAdapter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The registry of provider adapters, keyed by {@code providers[].type}, and the rules that infer a
 * type when the YAML leaves it out. Adapters are stateless, so one instance per type is shared by
 * every config snapshot and thread. Anthropic speaks Messages itself; every other adapter serves
 * {@code /v1/messages} through its chat translation ({@link MessagesOverChat}).
 */
public final class Adapters {

    private static final Map<String, ProviderAdapter> BY_TYPE = new LinkedHashMap<>();

    static {
        register(new MessagesOverChat(new OpenAiAdapter()));
        register(new MessagesOverChat(new AzureAdapter()));
        register(new AnthropicAdapter());
        register(new MessagesOverChat(new GeminiAdapter()));
        register(new MessagesOverChat(new BedrockAdapter()));
    }

    private Adapters() {
    }

    private static void register(ProviderAdapter adapter) {
        for (String type : adapter.types()) {
            BY_TYPE.put(type, adapter);
        }
    }

    /**
     * The adapter serving {@code type}.
     *
     * @throws IllegalArgumentException naming the known types when {@code type} is not one
     */
    public static ProviderAdapter forType(String type) {
        ProviderAdapter a = type == null ? null : BY_TYPE.get(type);
        if (a == null) {
            throw new IllegalArgumentException("unknown provider type: " + type + " (expected one of: "
                    + String.join(", ", BY_TYPE.keySet()) + ')');
        }
        return a;
    }

    /** Every known type, in registration order. */
    public static Set<String> types() {
        return Set.copyOf(BY_TYPE.keySet());
    }

    /**
     * The {@code base_url} to use when the YAML gives none, or null when the type needs one (azure,
     * openai-compatible). Vertex derives its regional host from {@code location}, Bedrock from
     * {@code region}.
     */
    public static String defaultBaseUrl(String type, String location, String region) {
        return switch (type) {
            case "openai" -> "https://api.openai.com/v1";
            case "anthropic" -> "https://api.anthropic.com/v1";
            case "gemini" -> "https://generativelanguage.googleapis.com/v1beta";
            case "vertex" -> GeminiAdapter.vertexBaseUrl(location);
            case "bedrock" -> region == null ? null : BedrockAdapter.defaultBaseUrl(region);
            default -> null;
        };
    }

    /**
     * Infers the type of a provider whose YAML has no {@code type}: first from the host of
     * {@code baseUrl} (known provider hosts), then from keywords in {@code id}, else
     * {@code openai-compatible}.
     *
     * @param id      the provider's {@code id}
     * @param baseUrl its {@code base_url}, or null
     */
    public static String inferType(String id, String baseUrl) {
        String host = "";
        String path = "";
        if (baseUrl != null && !baseUrl.isBlank()) {
            try {
                URI u = URI.create(baseUrl.trim());
                host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
                path = u.getPath() == null ? "" : u.getPath().toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                host = "";
            }
        }
        if (host.endsWith(".openai.azure.com") || host.endsWith("cognitiveservices.azure.com")
                || host.endsWith("services.ai.azure.com")) {
            return "azure";
        }
        if (host.equals("api.anthropic.com")) {
            return "anthropic";
        }
        // Google's OpenAI-compatible surfaces (reference section 6) take OpenAI bodies as they are.
        if (host.endsWith("googleapis.com") && (path.contains("/openai") || path.contains("/endpoints/openapi"))) {
            return OpenAiAdapter.COMPATIBLE_TYPE;
        }
        if (host.equals("generativelanguage.googleapis.com")) {
            return "gemini";
        }
        if (host.endsWith("aiplatform.googleapis.com") || host.contains("aiplatform.") && host.endsWith(".googleapis.com")) {
            return "vertex";
        }
        if (host.startsWith("bedrock-runtime")) {
            return "bedrock";
        }
        if (host.equals("api.openai.com")) {
            return OpenAiAdapter.TYPE;
        }
        // Not a known provider host (or no base_url): keywords in the id decide.
        return byId(id == null ? "" : id.toLowerCase(Locale.ROOT));
    }

    private static String byId(String lowerId) {
        if (lowerId.contains("claude") || lowerId.contains("anthropic")) {
            return "anthropic";
        }
        if (lowerId.contains("gemini")) {
            return "gemini";
        }
        if (lowerId.contains("openai")) {
            return OpenAiAdapter.TYPE;
        }
        return OpenAiAdapter.COMPATIBLE_TYPE;
    }
}
