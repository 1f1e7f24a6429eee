package io.llmgateway.bench.mock.providers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * Google's error answers: a {@code google.rpc.Status} in {@code {"error":{"code","message","status","details"}}},
 * pretty-printed as Google sends it (providers.md 4.6). Stateless.
 */
final class GoogleErrors {

    private GoogleErrors() {
    }

    /** The canonical code name of an HTTP status. */
    static String status(int code) {
        return switch (code) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "ABORTED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 499 -> "CANCELLED";
            case 501 -> "UNIMPLEMENTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> code >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }

    /** {@code {"error":{...}}} with room for details. */
    static ObjectNode body(int code, String message) {
        ObjectNode body = ProviderJson.object();
        ObjectNode error = body.putObject("error");
        error.put("code", code).put("message", message).put("status", status(code));
        return body;
    }

    static ArrayNode details(ObjectNode body) {
        return ((ObjectNode) body.get("error")).withArray("details");
    }

    static FullHttpResponse response(ObjectNode body, ByteBufAllocator alloc) {
        int code = body.get("error").get("code").asInt();
        FullHttpResponse response = ProviderHttp.json(code, ProviderHttp.JSON_UTF8, ProviderJson.pretty(body), alloc);
        response.headers().set("vary", "Origin, X-Origin, Referer").set("server", "ESF");
        return response;
    }

    static FullHttpResponse response(int code, String message, ByteBufAllocator alloc) {
        return response(body(code, message), alloc);
    }

    /** The 400 of a wrong API key: {@code ErrorInfo} reason {@code API_KEY_INVALID}. */
    static ObjectNode apiKeyInvalid(String service) {
        String message = "API key not valid. Please pass a valid API key.";
        ObjectNode body = body(400, message);
        ArrayNode details = details(body);
        ObjectNode info = details.addObject();
        info.put("@type", "type.googleapis.com/google.rpc.ErrorInfo").put("reason", "API_KEY_INVALID")
                .put("domain", "googleapis.com");
        info.putObject("metadata").put("service", service);
        details.addObject().put("@type", "type.googleapis.com/google.rpc.LocalizedMessage").put("locale", "en-US")
                .put("message", message);
        return body;
    }

    /** A 400 naming the offending field in a {@code BadRequest} detail, as proto JSON parsing errors do. */
    static ObjectNode badRequest(String message, String field) {
        ObjectNode body = body(400, message);
        ObjectNode violation = details(body).addObject()
                .put("@type", "type.googleapis.com/google.rpc.BadRequest")
                .putArray("fieldViolations").addObject();
        if (field != null) {
            violation.put("field", field);
        }
        violation.put("description", message);
        return body;
    }

    /** The error of an injected {@code x-mock-status}; 429 carries {@code QuotaFailure}, {@code Help} and {@code RetryInfo}. */
    static ObjectNode injected(int code, String model, int retryAfterSeconds) {
        String message = switch (code) {
            case 400 -> "Request contains an invalid argument.";
            case 401 -> "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie "
                    + "or other valid authentication credential.";
            case 403 -> "The caller does not have permission";
            case 404 -> "models/" + model + " is not found for API version v1beta, or is not supported for "
                    + "generateContent. Call ListModels to see the list of available models and their supported methods.";
            case 429 -> "You exceeded your current quota, please check your plan and billing details. For more "
                    + "information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.";
            case 503 -> "The model is overloaded. Please try again later.";
            case 504 -> "Deadline expired before operation could complete.";
            default -> code >= 500 ? "An internal error has occurred. Please retry or report in "
                    + "https://developers.generativeai.google/guide/troubleshooting"
                    : "Mock upstream answers " + code + " as asked.";
        };
        ObjectNode body = body(code, message);
        if (code == 429) {
            ArrayNode details = details(body);
            ObjectNode violation = details.addObject().put("@type", "type.googleapis.com/google.rpc.QuotaFailure")
                    .putArray("violations").addObject();
            violation.put("quotaMetric", "generativelanguage.googleapis.com/generate_content_free_tier_requests")
                    .put("quotaId", "GenerateRequestsPerMinutePerProjectPerModel-FreeTier");
            violation.putObject("quotaDimensions").put("location", "global").put("model", model);
            violation.put("quotaValue", "10");
            details.addObject().put("@type", "type.googleapis.com/google.rpc.Help").putArray("links").addObject()
                    .put("description", "Learn more about Gemini API quotas")
                    .put("url", "https://ai.google.dev/gemini-api/docs/rate-limits");
            details.addObject().put("@type", "type.googleapis.com/google.rpc.RetryInfo")
                    .put("retryDelay", retryAfterSeconds + "s");
        }
        return body;
    }
}
