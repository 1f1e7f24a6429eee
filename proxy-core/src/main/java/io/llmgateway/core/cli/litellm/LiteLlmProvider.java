package io.llmgateway.core.cli.litellm;

import java.util.Locale;

/**
 * The LiteLLM providers ({@code litellm_params.model: "<provider>/<model>"}) this gateway can
 * serve, with the provider type they become, the base URL LiteLLM uses when {@code api_base} is
 * absent, and the variable LiteLLM reads the key from when {@code api_key} is absent.
 */
enum LiteLlmProvider {
    OPENAI("openai", "openai", null, "OPENAI_API_KEY"),
    TEXT_COMPLETION_OPENAI("text-completion-openai", "openai", null, "OPENAI_API_KEY"),
    AZURE("azure", "azure", "${AZURE_API_BASE}", "AZURE_API_KEY"),
    ANTHROPIC("anthropic", "anthropic", null, "ANTHROPIC_API_KEY"),
    GEMINI("gemini", "gemini", null, "GEMINI_API_KEY"),
    VERTEX_AI("vertex_ai", "vertex", null, "VERTEX_TOKEN"),
    BEDROCK("bedrock", "bedrock", null, "AWS_BEARER_TOKEN_BEDROCK"),
    GROQ("groq", "openai-compatible", "https://api.groq.com/openai/v1", "GROQ_API_KEY"),
    DEEPSEEK("deepseek", "openai-compatible", "https://api.deepseek.com/v1", "DEEPSEEK_API_KEY"),
    TOGETHER_AI("together_ai", "openai-compatible", "https://api.together.xyz/v1", "TOGETHERAI_API_KEY"),
    OPENROUTER("openrouter", "openai-compatible", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY"),
    MISTRAL("mistral", "openai-compatible", "https://api.mistral.ai/v1", "MISTRAL_API_KEY"),
    FIREWORKS_AI("fireworks_ai", "openai-compatible", "https://api.fireworks.ai/inference/v1", "FIREWORKS_AI_API_KEY"),
    PERPLEXITY("perplexity", "openai-compatible", "https://api.perplexity.ai", "PERPLEXITYAI_API_KEY"),
    XAI("xai", "openai-compatible", "https://api.x.ai/v1", "XAI_API_KEY"),
    DEEPINFRA("deepinfra", "openai-compatible", "https://api.deepinfra.com/v1/openai", "DEEPINFRA_API_KEY"),
    OLLAMA("ollama", "openai-compatible", "http://localhost:11434", null),
    OLLAMA_CHAT("ollama_chat", "openai-compatible", "http://localhost:11434", null),
    OPENAI_LIKE("openai_like", "openai-compatible", null, null),
    HOSTED_VLLM("hosted_vllm", "openai-compatible", null, null),
    LM_STUDIO("lm_studio", "openai-compatible", null, null);

    /** The secret of a host that needs none: an empty one would disable the key. */
    static final String KEYLESS_SECRET = "none";

    private final String prefix;
    private final String type;
    private final String defaultBase;
    private final String keyVariable;

    LiteLlmProvider(String prefix, String type, String defaultBase, String keyVariable) {
        this.prefix = prefix;
        this.type = type;
        this.defaultBase = defaultBase;
        this.keyVariable = keyVariable;
    }

    /** LiteLLM's name: {@code together_ai}. */
    String prefix() {
        return prefix;
    }

    /** The provider type here: {@code openai-compatible}. */
    String type() {
        return type;
    }

    /** The base URL when {@code api_base} is absent, or null when the type has its own default (or needs one). */
    String defaultBase() {
        return defaultBase;
    }

    /** The environment variable of the key when {@code api_key} is absent, or null for a host without keys. */
    String keyVariable() {
        return keyVariable;
    }

    /** Ollama's native base URL serves the OpenAI API under {@code /v1}. */
    boolean needsV1Suffix() {
        return this == OLLAMA || this == OLLAMA_CHAT;
    }

    /** A readable provider id: {@code together-ai}. */
    String idStem() {
        return this == OPENAI_LIKE ? "openai-compatible" : prefix.replace('_', '-');
    }

    /** The provider named {@code prefix}, or null. */
    static LiteLlmProvider byPrefix(String prefix) {
        String p = prefix.toLowerCase(Locale.ROOT);
        for (LiteLlmProvider provider : values()) {
            if (provider.prefix.equals(p)) {
                return provider;
            }
        }
        return null;
    }

    /** The provider LiteLLM infers for a model written without a prefix ({@code gpt-4o}, {@code claude-3-opus}). */
    static LiteLlmProvider forBareModel(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        if (m.startsWith("claude")) {
            return ANTHROPIC;
        }
        if (m.startsWith("gemini")) {
            return GEMINI;
        }
        return OPENAI;
    }

    /** {@code openai, azure, ...}: for a message. */
    static String prefixes() {
        StringBuilder out = new StringBuilder();
        for (LiteLlmProvider p : values()) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(p.prefix);
        }
        return out.toString();
    }
}
