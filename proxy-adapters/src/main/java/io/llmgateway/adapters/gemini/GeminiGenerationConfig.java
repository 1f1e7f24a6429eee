package io.llmgateway.adapters.gemini;

import static io.llmgateway.adapters.internal.Requests.reject;

import io.llmgateway.adapters.internal.ChatOptions;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.Requests;
import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The scalar options of an OpenAI chat request → Gemini {@code generationConfig} (reference 4.3):
 * sampling, output limit, stop sequences, candidate count, seed, penalties, JSON mode
 * ({@code responseMimeType}, {@code responseJsonSchema} with its {@code $ref}s inlined) and the
 * thinking budget. Once per request,
 * never per stream event; stateless.
 */
final class GeminiGenerationConfig {

    /** Thinking budgets for {@code reasoning_effort} (Google's OpenAI-compatibility mapping, section 6). */
    static final int BUDGET_LOW = 1024;
    static final int BUDGET_MEDIUM = 8192;
    static final int BUDGET_HIGH = 24576;

    private GeminiGenerationConfig() {
    }

    /** The {@code generationConfig} of {@code req}; empty when the client set none of its options. */
    static Map<String, Object> translate(Map<String, Object> req) throws RequestRejectedException {
        Map<String, Object> gen = JsonTree.object();
        putNumber(req, "temperature", gen, "temperature");
        putNumber(req, "top_p", gen, "topP");
        putNumber(req, "top_k", gen, "topK");
        long max = ChatOptions.maxTokens(req);
        if (max >= 0) {
            gen.put("maxOutputTokens", max);
        }
        List<String> stop = Requests.stop(req);
        if (stop != null && !stop.isEmpty()) {
            gen.put("stopSequences", new ArrayList<Object>(stop));
        }
        JsonTree.Num n = Requests.number(req, "n", "n");
        if (n != null && n.asLong() != 1) {
            if (Boolean.TRUE.equals(req.get("stream"))) {
                throw reject("n", n + " (expected: 1 when streaming from gemini)");
            }
            gen.put("candidateCount", n);
        }
        putNumber(req, "seed", gen, "seed");
        putNumber(req, "presence_penalty", gen, "presencePenalty");
        putNumber(req, "frequency_penalty", gen, "frequencyPenalty");
        responseFormat(req, gen);
        String effort = Requests.string(req, "reasoning_effort", "reasoning_effort");
        if (effort != null) {
            Map<String, Object> thinking = JsonTree.object();
            thinking.put("thinkingBudget", (long) ChatOptions.thinkingBudget(effort, BUDGET_LOW, BUDGET_MEDIUM, BUDGET_HIGH));
            gen.put("thinkingConfig", thinking);
        }
        return gen;
    }

    private static void putNumber(Map<String, Object> req, String key, Map<String, Object> gen, String to)
            throws RequestRejectedException {
        JsonTree.Num v = Requests.number(req, key, key);
        if (v != null) {
            gen.put(to, v);
        }
    }

    /**
     * {@code responseJsonSchema} takes JSON Schema, {@code $ref} included on current Gemini models,
     * but not on every model behind Vertex AI: references are inlined where they can be. A recursive
     * schema cannot be, and goes as written (models that take {@code $ref} answer it); one with an
     * external or dangling reference too, for the provider to judge.
     */
    private static Map<String, Object> responseSchema(Map<String, Object> schema) {
        if (!SchemaRefs.hasRefs(schema)) {
            return schema;
        }
        try {
            return SchemaRefs.inline(schema);
        } catch (SchemaRefs.Cycle | SchemaRefs.Unresolvable | SchemaRefs.TooLarge e) {
            return schema;
        }
    }

    private static void responseFormat(Map<String, Object> req, Map<String, Object> gen) throws RequestRejectedException {
        Map<String, Object> format = Requests.object(req, "response_format", "response_format");
        if (format == null) {
            return;
        }
        String type = Requests.string(format, "type", "response_format.type");
        if (type == null || type.equals("text")) {
            return;
        }
        if (type.equals("json_object")) {
            gen.put("responseMimeType", "application/json");
        } else if (type.equals("json_schema")) {
            gen.put("responseMimeType", "application/json");
            Map<String, Object> js = Requests.object(format, "json_schema", "response_format.json_schema");
            Object schema = js == null ? null : js.get("schema");
            if (JsonTree.asObject(schema) != null) {
                gen.put("responseJsonSchema", responseSchema(JsonTree.asObject(schema)));
            }
        } else {
            throw reject("response_format.type", type + " (expected: text, json_object or json_schema)");
        }
    }
}
