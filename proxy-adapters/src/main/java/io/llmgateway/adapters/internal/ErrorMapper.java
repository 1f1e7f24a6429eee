package io.llmgateway.adapters.internal;

import io.llmgateway.codec.error.OpenAiErrors;
import io.llmgateway.codec.spi.ErrorClassification;
import io.llmgateway.codec.spi.UpstreamError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * The client-facing side of reference section 9.3: which status, {@code type} and {@code code} an
 * upstream failure becomes. Provider adapters classify their error bodies into a {@link Kind}; this
 * class turns a kind into OpenAI's error body.
 */
public final class ErrorMapper {

    /** Upstream failure classes, each with the status and type the client sees. */
    public enum Kind {
        /** Malformed or invalid request: 400. */
        INVALID_REQUEST(400, OpenAiErrors.INVALID_REQUEST, null),
        /** The prompt does not fit the model's context window: 400. */
        CONTEXT_LENGTH(400, OpenAiErrors.INVALID_REQUEST, "context_length_exceeded"),
        /**
         * The provider refused the gateway's own credential. The gateway owns provider keys, so this
         * is a gateway misconfiguration, not the client's fault: 502 rather than a 401 that would
         * tell the client its key is wrong (reference 9.3, note A).
         */
        UPSTREAM_AUTH(502, OpenAiErrors.SERVER_ERROR, "upstream_authentication_failed"),
        /** The provider key lacks a permission: 403. */
        PERMISSION(403, "permission_error", null),
        /** Unknown model or deployment: 404. */
        NOT_FOUND(404, OpenAiErrors.INVALID_REQUEST, "model_not_found"),
        /** Request body too large for the provider: 413. */
        TOO_LARGE(413, OpenAiErrors.INVALID_REQUEST, "request_too_large"),
        /** Retryable rate limit: 429. */
        RATE_LIMIT(429, "rate_limit_error", "rate_limit_exceeded"),
        /** Quota or billing exhausted, not retryable soon: 429. */
        QUOTA(429, "insufficient_quota", "insufficient_quota"),
        /** Provider overloaded (Anthropic 529, Gemini 503): 503. */
        OVERLOADED(503, OpenAiErrors.SERVER_ERROR, "overloaded"),
        /** Provider-side failure: 502. */
        UPSTREAM_ERROR(502, OpenAiErrors.SERVER_ERROR, null),
        /** Provider timed out: 504. */
        TIMEOUT(504, OpenAiErrors.SERVER_ERROR, "timeout");

        private final int status;
        private final String type;
        private final String code;

        Kind(int status, String type, String code) {
            this.status = status;
            this.type = type;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String type() {
            return type;
        }

        public String code() {
            return code;
        }
    }

    private ErrorMapper() {
    }

    /** The kind an upstream HTTP status means when the body says nothing more specific. */
    public static Kind byStatus(int status) {
        return switch (status) {
            case 401 -> Kind.UPSTREAM_AUTH;
            case 402 -> Kind.QUOTA;
            case 403 -> Kind.PERMISSION;
            case 404 -> Kind.NOT_FOUND;
            case 408, 504 -> Kind.TIMEOUT;
            case 413 -> Kind.TOO_LARGE;
            case 429 -> Kind.RATE_LIMIT;
            case 503, 529 -> Kind.OVERLOADED;
            default -> status >= 500 ? Kind.UPSTREAM_ERROR : Kind.INVALID_REQUEST;
        };
    }

    /**
     * The OpenAI error for {@code kind}, classified for the core. {@code code} overrides the kind's
     * code when non-null; the message is prefixed with the provider name so a client can tell the
     * gateway's own errors from relayed ones.
     */
    public static UpstreamError error(ByteBufAllocator alloc, Kind kind, String provider, String message,
            String param, String code, long retryAfterMs) {
        String msg = provider + ": " + (message == null || message.isBlank() ? "upstream returned an error" : message);
        String outCode = code != null ? code : kind.code();
        ByteBuf body = OpenAiErrors.body(alloc, msg, kind.type(), param, outCode);
        return new UpstreamError(kind.status(), body, retryAfterMs, classification(kind, outCode));
    }

    /** What the core must know of an error of {@code kind} whose client-facing code is {@code code}. */
    public static ErrorClassification classification(Kind kind, String code) {
        boolean contextLength = kind == Kind.CONTEXT_LENGTH;
        return code == null && !contextLength ? ErrorClassification.UNKNOWN
                : new ErrorClassification(code, contextLength);
    }

    /** The same error as an in-stream SSE event {@code data: {"error":...}\n\n}. */
    public static ByteBuf sseEvent(ByteBufAllocator alloc, Kind kind, String provider, String message, String code) {
        String msg = provider + ": " + (message == null || message.isBlank() ? "upstream stream failed" : message);
        return OpenAiErrors.sseEvent(alloc, msg, kind.type(), null, code != null ? code : kind.code());
    }

    /** A short, printable excerpt of a body that is not the expected JSON, for error messages. */
    public static String excerpt(ByteBuf body) {
        int n = Math.min(body.readableBytes(), 200);
        String s = body.toString(body.readerIndex(), n, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        return s.isEmpty() ? null : "HTTP body \"" + s + (body.readableBytes() > n ? "...\"" : "\"");
    }
}
