package io.llmgateway.adapters.bedrock;

import io.llmgateway.adapters.internal.ErrorMapper;
import io.llmgateway.adapters.internal.ErrorMapper.Kind;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.OpenAiErrorBody;
import io.llmgateway.codec.http.RetryAfter;
import io.llmgateway.codec.spi.HeaderLookup;
import io.llmgateway.codec.spi.UpstreamError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;

/**
 * Bedrock runtime errors → OpenAI errors (reference 7.6, 9.3): the exception's name from
 * {@code x-amzn-ErrorType} (or the body's {@code __type}), in a stream from the
 * {@code :exception-type} header (lower camel case there), and the body's {@code message}.
 *
 * <pre>
 *   ValidationException      400 (context_length_exceeded when the prompt is too long)
 *   AccessDeniedException    403      ResourceNotFoundException 404
 *   ThrottlingException      429      ServiceQuotaExceededException 429 insufficient_quota
 *   ModelNotReadyException, ServiceUnavailableException   503 overloaded
 *   ModelTimeoutException    504      ModelError(Stream)Exception, InternalServerException 502
 *   UnrecognizedClient, InvalidSignature, ExpiredToken... 502 upstream_authentication_failed
 * </pre>
 *
 * A refused credential is the gateway's misconfiguration, not the client's fault: 502, as for
 * every provider (ErrorMapper's UPSTREAM_AUTH). Per failed attempt, never per event of a healthy
 * stream; stateless.
 */
final class BedrockErrors {

    private BedrockErrors() {
    }

    static UpstreamError translate(String provider, Clock clock, int status, HeaderLookup headers, ByteBuf body,
            ByteBufAllocator alloc) {
        OpenAiErrorBody e = OpenAiErrorBody.parse(body);
        String type = exceptionName(headers.get(OpenAiErrorBody.AMZN_ERROR_TYPE));
        if (type == null) {
            type = exceptionName(bodyType(body));
        }
        Kind kind = kindOf(type, e.message(), status);
        return ErrorMapper.error(alloc, kind, provider, message(type, e.message()),
                kind == Kind.CONTEXT_LENGTH ? "messages" : null, null, RetryAfter.millis(headers, clock.millis()));
    }

    /** An in-stream exception message ({@code :exception-type} and its payload's message) as an SSE error event. */
    static ByteBuf sseEvent(ByteBufAllocator alloc, String provider, String exceptionType, String message) {
        String type = exceptionName(exceptionType);
        return ErrorMapper.sseEvent(alloc, kindOf(type, message, 500), provider, message(type, message), null);
    }

    /** The exception's name ({@code ThrottlingException}) → the client-facing kind. */
    static Kind kindOf(String type, String message, int status) {
        if (message != null) {
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.contains("input is too long") || lower.contains("prompt is too long")
                    || lower.contains("too many input tokens")) {
                return Kind.CONTEXT_LENGTH;
            }
        }
        if (type == null) {
            return ErrorMapper.byStatus(status);
        }
        return switch (type) {
            case "ValidationException", "ConflictException" -> Kind.INVALID_REQUEST;
            case "AccessDeniedException" -> Kind.PERMISSION;
            case "ResourceNotFoundException" -> Kind.NOT_FOUND;
            case "ThrottlingException" -> Kind.RATE_LIMIT;
            case "ServiceQuotaExceededException" -> Kind.QUOTA;
            case "ModelNotReadyException", "ServiceUnavailableException" -> Kind.OVERLOADED;
            case "ModelTimeoutException" -> Kind.TIMEOUT;
            case "ModelErrorException", "ModelStreamErrorException", "InternalServerException" -> Kind.UPSTREAM_ERROR;
            case "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException",
                    "IncompleteSignatureException", "MissingAuthenticationTokenException",
                    "InvalidClientTokenId", "SignatureDoesNotMatch" -> Kind.UPSTREAM_AUTH;
            default -> ErrorMapper.byStatus(status);
        };
    }

    /**
     * The bare exception name of a header or {@code __type} value:
     * {@code ThrottlingException:http://internal.amazon.com/...}, {@code com.amazon.coral#ThrottlingException}
     * and the stream's {@code throttlingException} are all {@code ThrottlingException}; null for none.
     */
    static String exceptionName(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String s = raw.trim();
        int colon = s.indexOf(':');
        if (colon >= 0) {
            s = s.substring(0, colon);
        }
        int hash = s.lastIndexOf('#');
        if (hash >= 0) {
            s = s.substring(hash + 1);
        }
        return s.isEmpty() ? null : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String message(String type, String message) {
        if (type == null) {
            return message;
        }
        return message == null ? type : type + ": " + message;
    }

    private static String bodyType(ByteBuf body) {
        try {
            return JsonTree.asString(JsonTree.path(JsonTree.parse(body), "__type"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
