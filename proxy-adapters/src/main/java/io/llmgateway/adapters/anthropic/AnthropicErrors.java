package io.llmgateway.adapters.anthropic;

import io.llmgateway.adapters.internal.ErrorMapper;
import io.llmgateway.adapters.internal.ErrorMapper.Kind;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.codec.http.RetryAfter;
import io.llmgateway.codec.spi.HeaderLookup;
import io.llmgateway.codec.spi.UpstreamError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;

/**
 * Anthropic error bodies ({@code {"type":"error","error":{"type","message"}}}) and in-stream
 * {@code error} events → OpenAI errors (reference 3.6, 9.3). Per failed attempt, never per event
 * of a healthy stream; stateless.
 */
final class AnthropicErrors {

    private AnthropicErrors() {
    }

    static UpstreamError translate(String provider, Clock clock, int status, HeaderLookup headers, ByteBuf body,
            ByteBufAllocator alloc) {
        String type = null;
        String message = null;
        String detailCode = null;
        try {
            Object root = JsonTree.parse(body);
            type = JsonTree.asString(JsonTree.path(root, "error", "type"));
            message = JsonTree.asString(JsonTree.path(root, "error", "message"));
            detailCode = JsonTree.asString(JsonTree.path(root, "error", "details", "error_code"));
        } catch (IOException | RuntimeException e) {
            message = ErrorMapper.excerpt(body);
        }
        Kind kind = kindOf(type, message, status);
        if ("enforced_spend_limit_reached".equals(detailCode)) {
            kind = Kind.QUOTA;
        }
        return ErrorMapper.error(alloc, kind, provider, message, kind == Kind.CONTEXT_LENGTH ? "messages" : null, null,
                RetryAfter.millis(headers, clock.millis()));
    }

    /** Anthropic {@code error.type} (or the status when unknown) → the client-facing kind (3.6, 9.3). */
    static Kind kindOf(String type, String message, int status) {
        if (message != null && message.toLowerCase(Locale.ROOT).contains("prompt is too long")) {
            return Kind.CONTEXT_LENGTH;
        }
        if (type == null) {
            return ErrorMapper.byStatus(status);
        }
        return switch (type) {
            case "invalid_request_error" -> status == 413 ? Kind.TOO_LARGE : Kind.INVALID_REQUEST;
            case "authentication_error" -> Kind.UPSTREAM_AUTH;
            case "permission_error" -> Kind.PERMISSION;
            case "not_found_error" -> Kind.NOT_FOUND;
            case "request_too_large" -> Kind.TOO_LARGE;
            case "rate_limit_error" -> Kind.RATE_LIMIT;
            case "billing_error" -> Kind.QUOTA;
            case "overloaded_error" -> Kind.OVERLOADED;
            case "timeout_error" -> Kind.TIMEOUT;
            case "api_error" -> Kind.UPSTREAM_ERROR;
            default -> ErrorMapper.byStatus(status);
        };
    }
}
