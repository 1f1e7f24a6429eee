package io.llmgateway.bench.mock.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.bench.mock.MockExchange;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockProtocol;
import io.llmgateway.bench.mock.OpenAiProtocol;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure OpenAI (providers.md 2): the classic URL
 * {@code /openai/deployments/{deployment}/{chat/completions|completions|embeddings}?api-version=...}
 * and the v1 URL {@code /openai/v1/...} (deployment in the body's {@code model}). Checks the
 * credential ({@code api-key}, or an Entra ID bearer token), the api-version (required on the
 * classic URL; parameters newer than it are refused), the deployment and whether its model serves
 * the operation, each with Azure's status and error body; then answers as the OpenAI mock does,
 * as the deployment's model, with Azure's content-filter annotations ({@link AzureExchange}).
 * Thread-safe.
 */
final class AzureProtocol implements MockProtocol {

    private static final Pattern CLASSIC = Pattern.compile("/openai/deployments/([^/]+)/(chat/completions|completions|embeddings)");
    private static final Pattern V1 = Pattern.compile("/openai/v1/(chat/completions|completions|embeddings)");
    private static final Pattern VERSION = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(-preview)?");
    private static final Set<String> GA_VERSIONS = Set.of("2022-12-01", "2023-05-15", "2024-02-01", "2024-06-01",
            "2024-10-21");
    /** Request fields and the first api-version (date part) that accepts them (providers.md 2.1). */
    private static final Map<String, String> GATES = Map.of(
            "stream_options", "2024-09-01",
            "max_completion_tokens", "2024-09-01",
            "parallel_tool_calls", "2024-09-01",
            "store", "2024-12-01",
            "metadata", "2024-12-01",
            "reasoning_effort", "2024-12-01");

    final MockOptions options;
    private final OpenAiProtocol openAi;
    private final String apiKey;
    private final String entraToken;
    private final Map<String, String> deployments;
    private final AtomicLong ids = new AtomicLong();

    AzureProtocol(MockOptions options, String apiKey, String entraToken, Map<String, String> deployments) {
        this.options = options;
        this.openAi = new OpenAiProtocol(options);
        this.apiKey = apiKey;
        this.entraToken = entraToken;
        this.deployments = Map.copyOf(deployments);
    }

    @Override
    public MockExchange read(FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        Matcher classic = CLASSIC.matcher(uri.path());
        Matcher v1 = V1.matcher(uri.path());
        boolean isClassic = classic.matches();
        if (!isClassic && !v1.matches() || !request.method().equals(HttpMethod.POST)) {
            return refusal(404, "404", "Resource not found");
        }
        if (!authenticated(request.headers())) {
            return refusal(401, "401", "Access denied due to invalid subscription key or wrong API endpoint. Make sure "
                    + "to provide a valid key for an active subscription and use a correct regional API endpoint for "
                    + "your resource.");
        }
        List<String> versions = uri.parameters().get("api-version");
        String version = versions == null || versions.isEmpty() ? null : versions.get(0);
        if (isClassic && (version == null || !known(version))) {
            return refusal(404, "404", "Resource not found");
        }
        JsonNode body;
        try {
            body = ProviderJson.parse(request.content());
        } catch (IOException e) {
            return openAiRefusal(400, "We could not parse the JSON body of your request. (HINT: This likely means you "
                    + "aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was "
                    + "sent was not valid JSON.)", null);
        }
        String operation = isClassic ? classic.group(2) : v1.group(1);
        String deployment = isClassic ? QueryStringDecoder.decodeComponent(classic.group(1)) : body.path("model").asText(null);
        if (deployment == null) {
            return openAiRefusal(400, "you must provide a model parameter", null);
        }
        String model = deployments.get(deployment);
        if (model == null) {
            return refusal(404, "DeploymentNotFound", "The API deployment for this resource does not exist. If you "
                    + "created the deployment within the last 5 minutes, please wait a moment and try again.");
        }
        boolean embeddingModel = model.contains("embedding");
        boolean instructModel = model.contains("instruct");
        if (operation.equals("embeddings") != embeddingModel
                || operation.equals("completions") && !instructModel
                || operation.equals("chat/completions") && instructModel) {
            String name = switch (operation) {
                case "embeddings" -> "embeddings";
                case "completions" -> "completion";
                default -> "chatCompletion";
            };
            return refusal(400, "OperationNotSupported", "The " + name + " operation does not work with the specified "
                    + "model, " + model + ". Please choose different model and try again. You can learn more about "
                    + "which models can be used with each operation here: https://go.microsoft.com/fwlink/?linkid=2197993.");
        }
        if (isClassic) {
            String gateDate = VERSION.matcher(version).matches() ? version.substring(0, 10) : "9999-12-31";
            for (Map.Entry<String, String> gate : GATES.entrySet()) {
                if (body.has(gate.getKey()) && gateDate.compareTo(gate.getValue()) < 0) {
                    return openAiRefusal(400, "Unrecognized request argument supplied: " + gate.getKey(), null);
                }
            }
        }
        return new AzureExchange(this, openAi.read(request, model), operation, version);
    }

    private boolean authenticated(HttpHeaders h) {
        String key = h.get("api-key");
        if (key != null) {
            return key.equals(apiKey);
        }
        String authorization = h.get("authorization");
        return entraToken != null && authorization != null && authorization.equals("Bearer " + entraToken);
    }

    private static boolean known(String version) {
        Matcher m = VERSION.matcher(version);
        return m.matches() && (m.group(2) != null || GA_VERSIONS.contains(version));
    }

    @Override
    public MockExchange badMockHeader(String message) {
        return openAiRefusal(400, message, null);
    }

    @Override
    public void close() {
        openAi.close();
    }

    /** Azure's own shape: {@code {"error":{"code","message"}}}, the code often a status as a string. */
    private MockExchange refusal(int status, String code, String message) {
        return MockExchange.refusal(alloc -> error(status, code, message, alloc));
    }

    /** The OpenAI-shaped errors Azure relays from the model service (invalid parameters). */
    private MockExchange openAiRefusal(int status, String message, String param) {
        return MockExchange.refusal(alloc -> {
            ObjectNode body = ProviderJson.object();
            ObjectNode error = body.putObject("error");
            error.put("message", message).put("type", "invalid_request_error");
            if (param == null) {
                error.putNull("param");
            } else {
                error.put("param", param);
            }
            error.putNull("code");
            return response(status, body, alloc);
        });
    }

    FullHttpResponse error(int status, String code, String message, ByteBufAllocator alloc) {
        ObjectNode body = ProviderJson.object();
        body.putObject("error").put("code", code).put("message", message);
        return response(status, body, alloc);
    }

    private FullHttpResponse response(int status, ObjectNode body, ByteBufAllocator alloc) {
        FullHttpResponse response = ProviderHttp.json(status, ProviderHttp.JSON, ProviderJson.compact(body), alloc);
        headers(response.headers());
        return response;
    }

    /** The error of an injected {@code x-mock-status}, as Azure words them. */
    FullHttpResponse injectedError(int status, String operation, String version, ByteBufAllocator alloc) {
        FullHttpResponse response = switch (status) {
            case 400 -> {
                ObjectNode body = ProviderJson.object();
                body.putObject("error").put("message", "Invalid request (mock upstream answers 400 as asked).")
                        .put("type", "invalid_request_error").putNull("param").putNull("code");
                yield response(400, body, alloc);
            }
            case 401 -> error(401, "401", "Access denied due to invalid subscription key or wrong API endpoint.", alloc);
            case 404 -> error(404, "DeploymentNotFound", "The API deployment for this resource does not exist.", alloc);
            case 429 -> error(429, "429", "Requests to the " + operationName(operation) + " Operation under Azure "
                    + "OpenAI API version " + version + " have exceeded token rate limit of your current OpenAI S0 "
                    + "pricing tier. Please retry after " + options.retryAfterSeconds() + " seconds. Please go here: "
                    + "https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.",
                    alloc);
            case 503 -> error(503, "ServiceUnavailable", "The service is temporarily unable to process your request. "
                    + "Please try again later.", alloc);
            default -> error(status, status >= 500 ? "InternalServerError" : Integer.toString(status),
                    "The server had an error while processing your request. Sorry about that!", alloc);
        };
        if (status == 429) {
            response.headers().setInt("retry-after", options.retryAfterSeconds())
                    .setInt("retry-after-ms", options.retryAfterSeconds() * 1000)
                    .set("x-ratelimit-remaining-requests", "0")
                    .set("x-ratelimit-remaining-tokens", "0");
        }
        return response;
    }

    private static String operationName(String operation) {
        return switch (operation) {
            case "embeddings" -> "Embeddings_Create";
            case "completions" -> "Completions_Create";
            default -> "ChatCompletions_Create";
        };
    }

    void headers(HttpHeaders h) {
        String id = "mock-" + ids.incrementAndGet();
        h.set("apim-request-id", id).set("x-request-id", id).set("x-ms-region", "Sweden Central")
                .set("x-ratelimit-limit-requests", "1000").set("x-ratelimit-remaining-requests", "999")
                .set("x-ratelimit-limit-tokens", "100000").set("x-ratelimit-remaining-tokens", "99000");
    }
}
