package io.llmgateway.bench.mock.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.bench.mock.ExchangeSettings;
import io.llmgateway.bench.mock.MockContent;
import io.llmgateway.bench.mock.MockExchange;
import io.llmgateway.bench.mock.MockStream;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The answers to one valid {@code generateContent} / {@code streamGenerateContent} request
 * (providers.md 4.4, 4.5, 5.5). The text is {@link MockContent#full}; usage is 10 prompt tokens
 * (plus {@code x-mock-cached-tokens} from the cache), one
 * candidate token per piece and {@value #THOUGHT_TOKENS} thought tokens (counted apart, as Gemini
 * 2.5 does). With function declarations (and mode not {@code NONE}, and the last turn not a
 * function response) the model calls a function in one part carrying a {@code thoughtSignature},
 * with {@code finishReason: STOP} as Gemini reports it. JSON mode answers a JSON text. Streams:
 * {@code data: <chunk>\r\n\r\n}, the finish reason on the last text chunk, cumulative usage on
 * every chunk (Vertex: counts on the last one only); without {@code alt=sse}, one JSON array.
 */
final class GeminiExchange implements MockExchange {

    /**
     * The signatures Google documents for function calls that Gemini did not produce (a
     * conversation from another model): they skip the validation.
     */
    static final java.util.Set<String> DUMMY_SIGNATURES = java.util.Set.of("skip_thought_signature_validator",
            "context_engineering_is_the_way_to_go");

    static final int PROMPT_TOKENS = 10;
    static final int THOUGHT_TOKENS = 3;

    private final GeminiProtocol protocol;
    private final GeminiProtocol.Route route;
    private final GeminiRequestCheck.Checked request;
    private final boolean stream;
    private final boolean sse;
    private final String responseId;

    GeminiExchange(GeminiProtocol protocol, GeminiProtocol.Route route, GeminiRequestCheck.Checked request,
                   boolean stream, boolean sse, long sequence) {
        this.protocol = protocol;
        this.route = route;
        this.request = request;
        this.stream = stream;
        this.sse = sse;
        this.responseId = "mockResp" + sequence;
    }

    /** The signature the mock attaches to a call of {@code function}, and wants back with it. */
    static String thoughtSignature(String function) {
        return Base64.getEncoder().encodeToString(("mock-thought:" + function).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean streaming() {
        return stream;
    }

    @Override
    public FullHttpResponse response(ExchangeSettings settings, ByteBufAllocator alloc) {
        int pieces = settings.chunks();
        ObjectNode chunk = chunk(parts(MockContent.full(route.model(), pieces), pieces), true, pieces, true,
                settings.cachedTokens());
        return ProviderHttp.json(200, ProviderHttp.JSON_UTF8, ProviderJson.pretty(chunk), alloc);
    }

    @Override
    public FullHttpResponse error(int status, ByteBufAllocator alloc) {
        return GoogleErrors.response(GoogleErrors.injected(status, route.model(), protocol.options.retryAfterSeconds()),
                alloc);
    }

    /** Google's error of {@code status} whose message is {@code messageJson} as it is (JSON string content). */
    @Override
    public FullHttpResponse error(int status, String messageJson, ByteBufAllocator alloc) {
        FullHttpResponse response = ProviderHttp.json(status, ProviderHttp.JSON_UTF8, quotingError(status, messageJson),
                alloc);
        response.headers().set("server", "ESF");
        return response;
    }

    private static String quotingError(int status, String messageJson) {
        return "{\"error\":{\"code\":" + status + ",\"message\":\"" + messageJson + "\",\"status\":\""
                + GoogleErrors.status(status) + "\"}}";
    }

    @Override
    public MockStream stream(ExchangeSettings settings) {
        int chunks = settings.chunks();
        boolean single = request.tool() != null || request.json();
        int pieces = single ? 1 : chunks;
        ObjectNode overloaded = GoogleErrors.body(503, "The model is overloaded. Please try again later.");
        String error = sse ? "data: " + ProviderJson.compact(overloaded) + "\r\n\r\n"
                : (pieces == 0 ? "[" : ",\r\n") + ProviderJson.pretty(overloaded) + "]";
        List<String> end;
        if (pieces == 0) {
            String last = frame(chunk(parts("", 0), true, 0, true, settings.cachedTokens()), true);
            end = List.of(sse ? last : last + ']');
        } else {
            end = sse ? List.of() : List.of("]");
        }
        return new ScriptedStream(sse ? "text/event-stream" : ProviderHttp.JSON_UTF8, h -> { }, List.of(), pieces,
                i -> {
                    boolean last = i == pieces - 1;
                    ArrayNode parts = single ? parts(MockContent.full(route.model(), chunks), chunks)
                            : parts(MockContent.piece(route.model(), i), chunks);
                    return frame(chunk(parts, last, single ? chunks : i + 1, last, settings.cachedTokens()), i == 0);
                }, end, error, sse ? m -> "data: " + quotingError(503, m) + "\r\n\r\n" : null);
    }

    private String frame(ObjectNode chunk, boolean first) {
        if (sse) {
            return "data: " + ProviderJson.compact(chunk) + "\r\n\r\n";
        }
        return (first ? "[" : ",\r\n") + ProviderJson.pretty(chunk);
    }

    /** The parts of the answer: {@code text}, or the function call, or the JSON text. */
    private ArrayNode parts(String text, int pieces) {
        ArrayNode parts = ProviderJson.array();
        if (request.tool() != null) {
            String name = request.tool().get("name").asText();
            ObjectNode part = parts.addObject();
            ObjectNode call = part.putObject("functionCall");
            call.put("name", name);
            JsonNode schema = GeminiRequestCheck.field(request.tool(), "parameters");
            if (schema == null) {
                schema = GeminiRequestCheck.field(request.tool(), "parametersJsonSchema");
            }
            call.set("args", ToolArguments.sample(schema, MockContent.full(route.model(), pieces)));
            if (protocol.thoughtSignatures) {
                part.put("thoughtSignature", thoughtSignature(name));
            }
        } else if (request.json()) {
            parts.addObject().put("text", ProviderJson.compact(ToolArguments.sample(jsonSchema(),
                    MockContent.full(route.model(), pieces))));
        } else {
            parts.addObject().put("text", text);
        }
        return parts;
    }

    /** The response schema, or a free-form object. */
    private JsonNode jsonSchema() {
        if (request.responseSchema() != null && request.responseSchema().has("properties")) {
            return request.responseSchema();
        }
        ObjectNode free = ProviderJson.object().put("type", "object");
        free.put("additionalProperties", true);
        return free;
    }

    /** A response chunk; {@code cachedTokens} of its prompt came from the cache (Gemini counts them in the prompt). */
    private ObjectNode chunk(ArrayNode parts, boolean finished, int candidateTokens, boolean finalUsage,
            int cachedTokens) {
        ObjectNode out = ProviderJson.object();
        ObjectNode candidate = out.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.set("parts", parts);
        content.put("role", "model");
        if (finished) {
            candidate.put("finishReason", "STOP");
        }
        candidate.put("index", 0);
        ObjectNode usage = out.putObject("usageMetadata");
        if (!route.vertex() || finalUsage) {
            int prompt = PROMPT_TOKENS + cachedTokens;
            usage.put("promptTokenCount", prompt)
                    .put("candidatesTokenCount", candidateTokens)
                    .put("totalTokenCount", prompt + candidateTokens + THOUGHT_TOKENS)
                    .put("thoughtsTokenCount", THOUGHT_TOKENS);
            if (cachedTokens > 0) {
                usage.put("cachedContentTokenCount", cachedTokens);
            }
            usage.putArray("promptTokensDetails").addObject().put("modality", "TEXT").put("tokenCount", PROMPT_TOKENS);
        }
        if (route.vertex()) {
            usage.put("trafficType", "ON_DEMAND");
            out.put("createTime", Instant.ofEpochSecond(protocol.created).toString());
        }
        out.put("modelVersion", route.model());
        out.put("responseId", responseId);
        return out;
    }
}
