package io.llmgateway.adapters.gemini;

import static io.llmgateway.adapters.internal.Requests.reject;

import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.Requests;
import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenAI embedding requests → Gemini {@code :batchEmbedContents} (AI Studio) and Vertex
 * {@code :predict} bodies (reference 10.1); {@link GeminiEmbeddingTranslator} reads the answer.
 * Once per request; stateless.
 */
final class GeminiEmbeddingRequest {

    private GeminiEmbeddingRequest() {
    }

    /** The texts of an embeddings request's {@code input}; token-id inputs are rejected. */
    static List<String> inputs(Map<String, Object> req) throws RequestRejectedException {
        Object input = req.get("input");
        if (input instanceof String s) {
            return List.of(s);
        }
        List<Object> l = JsonTree.asArray(input);
        if (l == null || l.isEmpty()) {
            throw reject("input", "expected a string or a non-empty array of strings");
        }
        List<String> out = new ArrayList<>(l.size());
        for (Object o : l) {
            if (!(o instanceof String s)) {
                throw reject("input", "token arrays are not supported by gemini; send text");
            }
            out.add(s);
        }
        return out;
    }

    /** {@code :batchEmbedContents} body (AI Studio). */
    static Map<String, Object> batchEmbed(Map<String, Object> req, String model) throws RequestRejectedException {
        List<String> inputs = inputs(req);
        long dims = Requests.integer(req, "dimensions", "dimensions");
        List<Object> requests = new ArrayList<>(inputs.size());
        for (String s : inputs) {
            Map<String, Object> content = JsonTree.object();
            content.put("parts", List.of(GeminiParts.WRITER.text(s)));
            Map<String, Object> r = JsonTree.object();
            r.put("model", "models/" + model);
            r.put("content", content);
            if (dims > 0) {
                r.put("outputDimensionality", dims);
            }
            requests.add(r);
        }
        Map<String, Object> out = JsonTree.object();
        out.put("requests", requests);
        return out;
    }

    /** {@code :predict} body (Vertex text-embedding and gemini-embedding models). */
    static Map<String, Object> predictEmbed(Map<String, Object> req) throws RequestRejectedException {
        List<String> inputs = inputs(req);
        long dims = Requests.integer(req, "dimensions", "dimensions");
        List<Object> instances = new ArrayList<>(inputs.size());
        for (String s : inputs) {
            Map<String, Object> i = JsonTree.object();
            i.put("content", s);
            instances.add(i);
        }
        Map<String, Object> out = JsonTree.object();
        out.put("instances", instances);
        if (dims > 0) {
            Map<String, Object> params = JsonTree.object();
            params.put("outputDimensionality", dims);
            out.put("parameters", params);
        }
        return out;
    }

    /** Whether the client asked for base64 vectors; anything but float/base64 is a 400. */
    static boolean base64Encoding(Map<String, Object> req) throws RequestRejectedException {
        String f = Requests.string(req, "encoding_format", "encoding_format");
        if (f == null || f.equals("float")) {
            return false;
        }
        if (f.equals("base64")) {
            return true;
        }
        throw reject("encoding_format", f + " (expected: float or base64)");
    }
}
