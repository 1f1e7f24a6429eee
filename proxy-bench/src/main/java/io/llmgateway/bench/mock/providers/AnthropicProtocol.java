package io.llmgateway.bench.mock.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmgateway.bench.mock.MockExchange;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockProtocol;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Anthropic's Messages API ({@code POST /v1/messages}, providers.md 3; and
 * {@code /v1/messages/count_tokens}, {@link AnthropicTokenCount}): checks the credential
 * ({@code x-api-key}, or {@code Authorization: Bearer}), {@code anthropic-version} and the body
 * ({@link AnthropicRequestCheck}), and answers in Anthropic's shapes ({@link AnthropicExchange}).
 * Errors are {@code {"type":"error","error":{"type","message"},"request_id"}} with the status's
 * error type; 429 and 529 carry {@code retry-after}. Thread-safe.
 */
final class AnthropicProtocol implements MockProtocol {

    /**
     * The versions the API accepts: 2023-06-01 is what most SDKs send; 2026-10-21 what the Anthropic
     * Java SDK 3.16 sends (its {@code PrepareRequest}), which reaches the mock through the gateway's
     * Messages pass-through.
     */
    static final Set<String> VERSIONS = Set.of("2023-06-01", "2023-01-01", "2026-10-21");

    final MockOptions options;
    private final String apiKey;
    private final boolean alternatingRoles;
    private final AtomicLong ids = new AtomicLong();

    AnthropicProtocol(MockOptions options, String apiKey, boolean alternatingRoles) {
        this.options = options;
        this.apiKey = apiKey;
        this.alternatingRoles = alternatingRoles;
    }

    @Override
    public MockExchange read(FullHttpRequest request) {
        String path = ProviderHttp.path(request.uri());
        boolean countTokens = path.equals("/v1/messages/count_tokens");
        if (!path.equals("/v1/messages") && !countTokens || !request.method().equals(HttpMethod.POST)) {
            return refusal(404, "Not Found");
        }
        HttpHeaders h = request.headers();
        String key = h.get("x-api-key");
        String authorization = h.get("authorization");
        if (key == null && authorization != null && authorization.startsWith("Bearer ")) {
            key = authorization.substring("Bearer ".length());
        }
        if (key == null) {
            return refusal(401, "x-api-key header is required");
        }
        if (!key.equals(apiKey)) {
            return refusal(401, "invalid x-api-key");
        }
        String version = h.get("anthropic-version");
        if (version == null) {
            return refusal(400, "anthropic-version: header is required");
        }
        if (!VERSIONS.contains(version)) {
            return refusal(400, "anthropic-version: \"" + version + "\" is not a valid version");
        }
        JsonNode body;
        try {
            body = ProviderJson.parse(request.content());
        } catch (IOException e) {
            return refusal(400, "There was an error parsing the body of your request: the body is not valid JSON");
        }
        if (countTokens) {
            return body.path("messages").isArray() && body.path("model").isTextual() ? new AnthropicTokenCount(this)
                    : refusal(400, "messages: Field required");
        }
        try {
            AnthropicRequestCheck.Checked checked = AnthropicRequestCheck.check(body, alternatingRoles);
            return new AnthropicExchange(this, checked, ids.incrementAndGet());
        } catch (Rejected r) {
            return refusal(r.status, r.getMessage());
        }
    }

    @Override
    public MockExchange badMockHeader(String message) {
        return refusal(400, message);
    }

    private MockExchange refusal(int status, String message) {
        return MockExchange.refusal(alloc -> error(status, message, alloc));
    }

    /** An Anthropic error answer. */
    FullHttpResponse error(int status, String message, ByteBufAllocator alloc) {
        FullHttpResponse response = ProviderHttp.json(status, ProviderHttp.JSON,
                ProviderJson.compact(errorBody(status, message)), alloc);
        HttpHeaders h = response.headers();
        headers(h);
        h.set("x-should-retry", Boolean.toString(status == 408 || status == 409 || status == 429 || status >= 500));
        if (status == 429 || status == 529) {
            h.setInt("retry-after", options.retryAfterSeconds());
        }
        return response;
    }

    /** The error of an injected {@code x-mock-status}, with the messages the API uses. */
    FullHttpResponse injectedError(int status, ByteBufAllocator alloc) {
        String message = switch (status) {
            case 401 -> "invalid x-api-key";
            case 403 -> "Your API key does not have permission to use the specified resource.";
            case 404 -> "The requested resource could not be found.";
            case 413 -> "Request exceeds the maximum allowed number of bytes.";
            case 429 -> "This request would exceed the rate limit for your organization of 20,000 input tokens per "
                    + "minute. For details, refer to: https://docs.anthropic.com/en/api/rate-limits.";
            case 529 -> "Overloaded";
            default -> status >= 500 ? "Internal server error" : "Mock upstream answers " + status + " as asked.";
        };
        return error(status, message, alloc);
    }

    ObjectNode errorBody(int status, String message) {
        ObjectNode body = ProviderJson.object();
        body.put("type", "error");
        ObjectNode error = body.putObject("error");
        error.put("type", errorType(status));
        error.put("message", message);
        body.put("request_id", "req_mock" + ids.incrementAndGet());
        return body;
    }

    /** The headers of every answer: a request id and the rate-limit state. */
    void headers(HttpHeaders h) {
        String reset = Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        h.set("request-id", "req_mock" + ids.incrementAndGet())
                .set("anthropic-organization-id", "mock-org")
                .set("anthropic-ratelimit-requests-limit", "1000")
                .set("anthropic-ratelimit-requests-remaining", "999")
                .set("anthropic-ratelimit-requests-reset", reset)
                .set("anthropic-ratelimit-tokens-limit", "96000")
                .set("anthropic-ratelimit-tokens-remaining", "95000")
                .set("anthropic-ratelimit-tokens-reset", reset);
    }

    static String errorType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 504 -> "timeout_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
