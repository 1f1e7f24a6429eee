package io.llmgateway.bench.mock.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.bench.mock.ExchangeSettings;
import io.llmgateway.bench.mock.MockExchange;
import io.llmgateway.bench.mock.MockStream;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Embeddings on Google (providers.md 10.1): AI Studio {@code :batchEmbedContents} (one request per
 * input, each naming {@code models/<the path's model>}) and {@code :embedContent}; Vertex
 * {@code :predict} ({@code instances[].content}, {@code parameters.outputDimensionality}) with
 * per-instance token statistics. Checked with the same proto-name rules as generation; vectors
 * are deterministic, of {@code outputDimensionality} or the mock's default length.
 */
final class GeminiEmbeddings implements MockExchange {

    private static final Set<String> EMBED = GeminiRequestCheck.names("model", "content", "taskType", "title",
            "outputDimensionality");
    private static final Set<String> TASKS = Set.of("TASK_TYPE_UNSPECIFIED", "RETRIEVAL_QUERY", "RETRIEVAL_DOCUMENT",
            "SEMANTIC_SIMILARITY", "CLASSIFICATION", "CLUSTERING", "QUESTION_ANSWERING", "FACT_VERIFICATION",
            "CODE_RETRIEVAL_QUERY");

    private final GeminiProtocol protocol;
    private final String method;
    private final List<String> inputs;
    private final int dimensions;

    private GeminiEmbeddings(GeminiProtocol protocol, String method, List<String> inputs, int dimensions) {
        this.protocol = protocol;
        this.method = method;
        this.inputs = inputs;
        this.dimensions = dimensions;
    }

    static GeminiEmbeddings read(GeminiProtocol protocol, GeminiProtocol.Route route, JsonNode body) throws Rejected {
        List<String> inputs = new ArrayList<>();
        int dims = protocol.options.embeddingDimensions();
        switch (route.method()) {
            case "batchEmbedContents" -> {
                GeminiRequestCheck.fields(body, GeminiRequestCheck.names("requests"), null);
                JsonNode requests = body.get("requests");
                if (requests == null || requests.isEmpty()) {
                    throw Rejected.badRequest("* BatchEmbedContentsRequest.requests: at least one request is required\n");
                }
                for (int i = 0; i < requests.size(); i++) {
                    JsonNode r = requests.get(i);
                    String p = "requests[" + i + ']';
                    String model = r.path("model").asText("");
                    if (!model.equals("models/" + route.model())) {
                        throw Rejected.badRequest("* BatchEmbedContentsRequest." + p + ".model: the model of every "
                                + "request must be models/" + route.model() + " (got \"" + model + "\")\n");
                    }
                    dims = embedRequest(r, p, inputs, dims);
                }
            }
            case "embedContent" -> dims = embedRequest(body, null, inputs, dims);
            default -> {
                GeminiRequestCheck.fields(body, Set.of("instances", "parameters"), null);
                JsonNode instances = body.get("instances");
                if (instances == null || instances.isEmpty()) {
                    throw Rejected.badRequest("Invalid JSON payload received. instances must not be empty.");
                }
                for (JsonNode instance : instances) {
                    GeminiRequestCheck.fields(instance, Set.of("content", "task_type", "title"), "instances");
                    if (!instance.path("content").isTextual()) {
                        throw Rejected.badRequest("Invalid instance: content must be a string.");
                    }
                    inputs.add(instance.get("content").asText());
                }
                JsonNode parameters = body.get("parameters");
                if (parameters != null) {
                    GeminiRequestCheck.fields(parameters, Set.of("outputDimensionality", "autoTruncate"), "parameters");
                    dims = parameters.path("outputDimensionality").asInt(dims);
                }
            }
        }
        return new GeminiEmbeddings(protocol, route.method(), inputs, dims);
    }

    private static int embedRequest(JsonNode r, String p, List<String> inputs, int dims) throws Rejected {
        GeminiRequestCheck.fields(r, EMBED, p);
        JsonNode parts = r.path("content").path("parts");
        if (!parts.isArray() || parts.isEmpty() || !parts.get(0).path("text").isTextual()) {
            throw Rejected.badRequest("* EmbedContentRequest.content: content must have one text part\n");
        }
        JsonNode task = GeminiRequestCheck.field(r, "taskType");
        if (task != null && !TASKS.contains(task.asText())) {
            throw Rejected.badRequest("Invalid value at '" + (p == null ? "" : p + '.') + "task_type' "
                    + "(type.googleapis.com/google.ai.generativelanguage.v1beta.TaskType), \"" + task.asText() + '"');
        }
        inputs.add(parts.get(0).get("text").asText());
        JsonNode d = GeminiRequestCheck.field(r, "outputDimensionality");
        return d == null ? dims : d.asInt();
    }

    @Override
    public boolean streaming() {
        return false;
    }

    @Override
    public FullHttpResponse response(ExchangeSettings settings, ByteBufAllocator alloc) {
        ObjectNode out = ProviderJson.object();
        switch (method) {
            case "batchEmbedContents" -> {
                ArrayNode embeddings = out.putArray("embeddings");
                for (int i = 0; i < inputs.size(); i++) {
                    embeddings.addObject().set("values", vector(i));
                }
            }
            case "embedContent" -> out.putObject("embedding").set("values", vector(0));
            default -> {
                ArrayNode predictions = out.putArray("predictions");
                int characters = 0;
                for (int i = 0; i < inputs.size(); i++) {
                    ObjectNode e = predictions.addObject().putObject("embeddings");
                    e.putObject("statistics").put("token_count", tokens(inputs.get(i))).put("truncated", false);
                    e.set("values", vector(i));
                    characters += inputs.get(i).length();
                }
                out.putObject("metadata").put("billableCharacterCount", characters);
            }
        }
        return ProviderHttp.json(200, ProviderHttp.JSON_UTF8, ProviderJson.pretty(out), alloc);
    }

    /** One token per word, as near as a mock needs. */
    static int tokens(String text) {
        String t = text.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    private ArrayNode vector(int input) {
        ArrayNode values = ProviderJson.array();
        for (int j = 0; j < dimensions; j++) {
            values.add(((input * 31 + j * 7) % 200 - 100) / 1000.0);
        }
        return values;
    }

    @Override
    public FullHttpResponse error(int status, ByteBufAllocator alloc) {
        return GoogleErrors.response(GoogleErrors.injected(status, method, protocol.options.retryAfterSeconds()), alloc);
    }

    @Override
    public MockStream stream(ExchangeSettings settings) {
        throw new IllegalStateException("embeddings do not stream");
    }
}
