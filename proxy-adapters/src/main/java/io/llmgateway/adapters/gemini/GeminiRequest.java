package io.llmgateway.adapters.gemini;

import io.llmgateway.adapters.internal.ChatOptions;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI chat requests → Gemini {@code GenerateContentRequest} (reference 4.3); the same body
 * serves AI Studio and Vertex AI. ADAPTERS.md lists what happens to each field. This class builds
 * the request from its parts: {@link GeminiContents} (messages and system instruction),
 * {@link GeminiTools} (tools and tool config), {@link GeminiGenerationConfig} (everything else);
 * embedding requests are {@link GeminiEmbeddingRequest}'s. Once per request, never per stream event.
 */
final class GeminiRequest {

    /** Dropped without a word: no Gemini equivalent, and the answer keeps its shape without them. */
    static final Set<String> DROPPED = Set.of("user", "logit_bias", "store", "metadata", "service_tier",
            "stream_options", "parallel_tool_calls", "prompt_cache_key", "prompt_cache_retention",
            "safety_identifier", "verbosity", "prediction");

    private GeminiRequest() {
    }

    static Map<String, Object> chat(Map<String, Object> req) throws RequestRejectedException {
        ChatOptions.rejectUnsupported(req, "through the gemini adapter", "through the gemini adapter");
        Map<String, Object> out = JsonTree.object();
        List<Object> system = new ArrayList<>();
        out.put("contents", GeminiContents.translate(req, system));
        if (!system.isEmpty()) {
            Map<String, Object> si = JsonTree.object();
            si.put("parts", system);
            out.put("systemInstruction", si);
        }
        GeminiTools.translate(req, out);
        Map<String, Object> gen = GeminiGenerationConfig.translate(req);
        if (!gen.isEmpty()) {
            out.put("generationConfig", gen);
        }
        return out;
    }
}
