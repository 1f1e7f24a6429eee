package io.llmgateway.adapters.gemini;

import io.llmgateway.adapters.internal.HeaderList;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.LegacyCompletions;
import io.llmgateway.adapters.internal.PassThrough;
import io.llmgateway.adapters.internal.Urls;
import io.llmgateway.codec.spi.Endpoint;
import io.llmgateway.codec.spi.OutboundRequest;
import io.llmgateway.codec.spi.ProviderAdapter;
import io.llmgateway.codec.spi.ProviderSettings;
import io.llmgateway.codec.spi.RequestRejectedException;
import io.llmgateway.codec.spi.UpstreamCall;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Google Gemini, on AI Studio ({@code gemini}) and Vertex AI ({@code vertex}); the bodies are the
 * same, URL and credential differ:
 * <ul>
 *   <li>gemini: {@code {base}/models/{model}:generateContent} or
 *       {@code :streamGenerateContent?alt=sse} (base defaults to {@code /v1beta}),
 *       {@code x-goog-api-key} (or {@code Authorization: Bearer} with {@code auth_mode: bearer});</li>
 *   <li>vertex: {@code {base}/projects/{project}/locations/{location}/publishers/google/models/{model}:...}
 *       (base defaults to {@code /v1}; a base_url already holding {@code /projects/...} is used as
 *       is), {@code Authorization: Bearer <access token>}; with {@code auth_mode: api_key} the key
 *       goes in {@code x-goog-api-key}, and without a project the express-mode path
 *       {@code /v1/publishers/google/models/{model}:...} is used.</li>
 * </ul>
 * Embeddings: gemini {@code :batchEmbedContents}, vertex {@code :predict}. Legacy
 * {@code /completions} go through generateContent ({@link LegacyCompletions}).
 */
public final class GeminiAdapter implements ProviderAdapter {

    public static final String GEMINI = "gemini";
    public static final String VERTEX = "vertex";

    static final String GEMINI_DEFAULT_BASE_PATH = "/v1beta";
    static final String VERTEX_DEFAULT_BASE_PATH = "/v1";

    private static final Pattern LOCATION = Pattern.compile("[a-z]+(-[a-z]+[0-9]*)?|global|us|eu");

    private final Clock clock;
    private final Supplier<String> callIds;

    public GeminiAdapter() {
        this(Clock.systemUTC(), GeminiAdapter::randomCallId);
    }

    /** For tests: a fixed clock and predictable tool-call ids. */
    public GeminiAdapter(Clock clock, Supplier<String> callIds) {
        this.clock = clock;
        this.callIds = callIds;
    }

    /** {@code call_} and 24 random hex digits, like the ids OpenAI mints. */
    static String randomCallId() {
        byte[] b = new byte[12];
        ThreadLocalRandom.current().nextBytes(b);
        return "call_" + HexFormat.of().formatHex(b);
    }

    /** The base URL of a Vertex provider configured with a location and no {@code base_url} (genai SDK rules). */
    public static String vertexBaseUrl(String location) {
        if (location == null || location.equals("global")) {
            return "https://aiplatform.googleapis.com";
        }
        if (location.equals("us") || location.equals("eu")) {
            return "https://aiplatform." + location + ".rep.googleapis.com";
        }
        return "https://" + location + "-aiplatform.googleapis.com";
    }

    @Override
    public List<String> types() {
        return List.of(GEMINI, VERTEX);
    }

    @Override
    public boolean supports(Endpoint endpoint) {
        return endpoint == Endpoint.CHAT_COMPLETIONS || endpoint == Endpoint.COMPLETIONS
                || endpoint == Endpoint.EMBEDDINGS;
    }

    @Override
    public List<String> validate(ProviderSettings settings) {
        List<String> problems = new ArrayList<>(2);
        PassThrough.checkAuthMode(settings, problems, "api_key", "bearer");
        if (VERTEX.equals(settings.type()) && !settings.basePath().contains("/projects/")) {
            boolean express = "api_key".equals(settings.authMode());
            if (settings.project() == null && !express) {
                problems.add("project: required for type vertex (or auth_mode: api_key for express mode)");
            }
            if (settings.project() != null && settings.location() == null) {
                problems.add("location: required for type vertex with a project (e.g. us-central1 or global)");
            }
        }
        if (settings.location() != null && !LOCATION.matcher(settings.location()).matches()) {
            problems.add("location: " + settings.location() + " (expected: a region like us-central1, or global, us, eu)");
        }
        return problems;
    }

    @Override
    public UpstreamCall prepare(OutboundRequest request) throws RequestRejectedException {
        ProviderSettings p = request.provider();
        boolean vertex = VERTEX.equals(p.type());
        Map<String, Object> req;
        try {
            req = JsonTree.asObject(JsonTree.parse(request.body()));
        } catch (IOException e) {
            throw new RequestRejectedException("request body is not valid JSON", null);
        }
        if (req == null) {
            throw new RequestRejectedException("request body must be a JSON object", null);
        }
        String model = request.upstreamModel().startsWith("models/")
                ? request.upstreamModel().substring("models/".length()) : request.upstreamModel();
        StringBuilder target = new StringBuilder(128).append(modelPath(p, vertex, model));
        Map<String, Object> body;
        io.llmgateway.codec.spi.ResponseTranslator translator;
        if (request.endpoint() == Endpoint.EMBEDDINGS) {
            boolean base64 = GeminiEmbeddingRequest.base64Encoding(req);
            if (vertex) {
                target.append(":predict");
                body = GeminiEmbeddingRequest.predictEmbed(req);
            } else {
                target.append(":batchEmbedContents");
                body = GeminiEmbeddingRequest.batchEmbed(req, model);
            }
            translator = new GeminiEmbeddingTranslator(p.id(), clock, model, base64);
        } else {
            boolean legacy = request.endpoint() == Endpoint.COMPLETIONS;
            body = GeminiRequest.chat(legacy ? LegacyCompletions.toChat(req) : req);
            boolean stream = request.fields().stream();
            target.append(stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
            translator = new GeminiChatTranslator(p.id(), clock, callIds, request.fields().includeUsage(), model, legacy);
        }
        Urls.query(target, p.query());
        HeaderList headers = new HeaderList();
        boolean apiKey = vertex ? "api_key".equals(p.authMode()) : !"bearer".equals(p.authMode());
        if (apiKey) {
            headers.add("x-goog-api-key", request.secret());
        } else {
            headers.bearer(request.secret());
        }
        headers.addAll(p.headers());
        return new UpstreamCall("POST", target.toString(), headers.build(), JsonTree.toByteBuf(body, request.alloc()),
                translator);
    }

    private static String modelPath(ProviderSettings p, boolean vertex, String model) {
        String m = Urls.segment(model);
        if (!vertex) {
            String base = p.basePath().isEmpty() ? GEMINI_DEFAULT_BASE_PATH : p.basePath();
            return base + "/models/" + m;
        }
        String base = p.basePath();
        if (base.contains("/projects/")) {
            return base + "/publishers/google/models/" + m;
        }
        if (base.isEmpty()) {
            base = VERTEX_DEFAULT_BASE_PATH;
        }
        if (p.project() == null) {
            return base + "/publishers/google/models/" + m; // express mode (API key, no project)
        }
        String location = p.location() == null ? "global" : p.location();
        return base + "/projects/" + Urls.segment(p.project()) + "/locations/" + Urls.segment(location)
                + "/publishers/google/models/" + m;
    }
}
