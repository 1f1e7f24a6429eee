package io.llmgateway.bench.mock.providers;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.bench.mock.MockExchange;
import io.llmgateway.bench.mock.MockOptions;
import io.llmgateway.bench.mock.MockProtocol;
import io.llmgateway.codec.spi.AwsCredentials;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bedrock's runtime Converse API ({@code POST /model/{modelId}/converse[-stream]}, providers.md
 * 7): checks the credential (SigV4 by {@link SigV4Check}, or a Bedrock API key as a bearer token)
 * and the body ({@link BedrockRequestCheck}), and answers in Converse's shapes
 * ({@link BedrockExchange}). Errors are REST-JSON: {@code {"message"}} with
 * {@code x-amzn-ErrorType: <Exception>:http://internal.amazon.com/coral/com.amazon.bedrock/} and
 * {@code x-amzn-RequestId}. Thread-safe: immutable settings only.
 */
final class BedrockProtocol implements MockProtocol {

    private static final Pattern PATH = Pattern.compile("/model/([^/]+)/(converse|converse-stream)");

    final MockOptions options;
    private final String apiKey;
    private final AwsCredentials credentials;

    BedrockProtocol(MockOptions options, String apiKey, AwsCredentials credentials) {
        this.options = options;
        this.apiKey = apiKey;
        this.credentials = credentials;
    }

    @Override
    public MockExchange read(FullHttpRequest request) {
        Matcher path = PATH.matcher(ProviderHttp.path(request.uri()));
        if (!path.matches() || !request.method().equals(HttpMethod.POST)) {
            return refusal(404, "UnknownOperationException", null);
        }
        String authorization = request.headers().get("authorization");
        if (authorization == null) {
            return refusal(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        if (authorization.startsWith("Bearer ")) {
            if (!authorization.substring(7).equals(apiKey)) {
                return refusal(403, "AccessDeniedException", "Authentication failed: Please make sure your API Key is "
                        + "valid.");
            }
        } else {
            try {
                SigV4Check.verify(request, credentials, BedrockMock.REGION);
            } catch (SigV4Check.AwsRefusal r) {
                return refusal(r.status, r.type, r.getMessage());
            }
        }
        JsonNode body;
        try {
            body = ProviderJson.parse(request.content());
        } catch (IOException e) {
            return refusal(400, "SerializationException", "Malformed request body: not valid JSON");
        }
        try {
            String model = URLDecoder.decode(path.group(1), StandardCharsets.UTF_8);
            BedrockRequestCheck.Checked checked = BedrockRequestCheck.check(body, model);
            return new BedrockExchange(this, checked, model, path.group(2).equals("converse-stream"));
        } catch (Rejected r) {
            return refusal(r.status, "ValidationException", r.getMessage());
        }
    }

    @Override
    public MockExchange badMockHeader(String message) {
        return refusal(400, "ValidationException", message);
    }

    private MockExchange refusal(int status, String type, String message) {
        return MockExchange.refusal(alloc -> error(status, type, message, alloc));
    }

    /** An AWS REST-JSON error answer. */
    FullHttpResponse error(int status, String type, String message, ByteBufAllocator alloc) {
        String body = message == null ? "{}" : ProviderJson.compact(ProviderJson.object().put("message", message));
        FullHttpResponse response = ProviderHttp.json(status, ProviderHttp.JSON, body, alloc);
        headers(response.headers());
        response.headers().set("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
        return response;
    }

    /** The error of an injected {@code x-mock-status}: the exception Bedrock answers with that status. */
    FullHttpResponse injectedError(int status, ByteBufAllocator alloc) {
        return switch (status) {
            case 400 -> error(400, "ValidationException", "Malformed input request, please reformat your input and try "
                    + "again.", alloc);
            case 403 -> error(403, "AccessDeniedException", "You don't have access to the model with the specified "
                    + "model ID.", alloc);
            case 404 -> error(404, "ResourceNotFoundException", "Could not resolve the foundation model from the "
                    + "provided model identifier.", alloc);
            case 408 -> error(408, "ModelTimeoutException", "Model has timed out in processing the request.", alloc);
            case 424 -> error(424, "ModelErrorException", "The model returned an error.", alloc);
            case 429 -> error(429, "ThrottlingException", "Too many requests, please wait before trying again.", alloc);
            case 503 -> error(503, "ServiceUnavailableException", "Bedrock is unable to process your request.", alloc);
            default -> error(status, status >= 500 ? "InternalServerException" : "ValidationException",
                    "Mock upstream answers " + status + " as asked.", alloc);
        };
    }

    /** The headers of every answer: a request id. */
    void headers(HttpHeaders h) {
        h.set("x-amzn-RequestId", UUID.randomUUID().toString());
    }
}
