package io.llmgateway.adapters.messages;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.llmgateway.adapters.internal.Json;
import io.llmgateway.codec.error.OpenAiErrors;
import io.llmgateway.codec.sse.SseEvents;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;

/**
 * Anthropic's error shapes, for the clients of {@code /v1/messages}: the body
 * {@code {"type":"error","error":{"type":...,"message":...}}} and, once a stream has begun, the
 * same as an {@code error} event. The gateway writes its errors, and the chat providers' errors,
 * in OpenAI's shape; {@link #fromOpenAi} and {@link #eventFromOpenAi} rewrite them on their way to a
 * Messages client, the {@code error.type} chosen by the HTTP status (providers.md 3.6):
 *
 * <pre>
 *   400 invalid_request_error   401 authentication_error   402 billing_error   403 permission_error
 *   404 not_found_error         413 request_too_large      429 rate_limit_error
 *   503, 529 overloaded_error   504 timeout_error          other 5xx api_error  other 4xx invalid_request_error
 * </pre>
 *
 * Error paths only: these parse and allocate freely.
 */
public final class MessagesErrors {

    private MessagesErrors() {
    }

    /** Anthropic's {@code error.type} for an HTTP status. */
    public static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            case 504 -> "timeout_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    /** Anthropic's error body, in a new buffer owned by the caller. */
    public static ByteBuf body(ByteBufAllocator alloc, String type, String message) {
        ByteBuf out = alloc.buffer(64 + message.length());
        writeBody(out, type, message);
        return out;
    }

    /** Anthropic's in-stream error: {@code event: error\ndata: {...}\n\n}, in a new buffer owned by the caller. */
    public static ByteBuf sseEvent(ByteBufAllocator alloc, String type, String message) {
        ByteBuf out = alloc.buffer(80 + message.length());
        ByteBufUtil.writeAscii(out, "event: error\ndata: ");
        writeBody(out, type, message);
        out.writeByte('\n').writeByte('\n');
        return out;
    }

    private static void writeBody(ByteBuf out, String type, String message) {
        ByteBufUtil.writeAscii(out, "{\"type\":\"error\",\"error\":{\"type\":");
        OpenAiErrors.writeJsonString(out, type);
        ByteBufUtil.writeAscii(out, ",\"message\":");
        OpenAiErrors.writeJsonString(out, message);
        out.writeByte('}').writeByte('}');
    }

    /**
     * An OpenAI error body ({@code {"error":{"message":...}}}) of an answer with {@code status},
     * rewritten in Anthropic's shape; null when {@code openAi} is not an OpenAI error (an Anthropic
     * provider's own error, relayed as it is). {@code openAi} is borrowed.
     */
    public static ByteBuf fromOpenAi(ByteBuf openAi, int status, ByteBufAllocator alloc) {
        String message = openAiMessage(openAi);
        return message == null ? null : body(alloc, type(status), message);
    }

    /**
     * An OpenAI in-stream error event ({@code data: {"error":...}}) rewritten as Anthropic's
     * {@code error} event; null when {@code event} is not one. Its type follows the OpenAI code
     * (a stream has no status of its own). {@code event} is borrowed.
     */
    public static ByteBuf eventFromOpenAi(ByteBuf event, ByteBufAllocator alloc) {
        if (!SseEvents.isError(event)) {
            return null;
        }
        ByteBuf data = SseEvents.data(event, alloc);
        if (data == null) {
            return null;
        }
        try {
            String[] typeCode = new String[2];
            String message = openAiError(data, typeCode);
            if (message == null) {
                return null;
            }
            return sseEvent(alloc, streamType(typeCode[0], typeCode[1]), message);
        } finally {
            data.release();
        }
    }

    private static String streamType(String openAiType, String code) {
        if (code != null) {
            switch (code) {
                case "overloaded", "server_overloaded", "server_shutting_down", "server_draining" -> {
                    return "overloaded_error";
                }
                case "timeout", "upstream_timeout" -> {
                    return "timeout_error";
                }
                case "rate_limit_exceeded" -> {
                    return "rate_limit_error";
                }
                default -> {
                }
            }
        }
        if ("invalid_request_error".equals(openAiType) || "rate_limit_error".equals(openAiType)
                || "authentication_error".equals(openAiType) || "permission_error".equals(openAiType)) {
            return openAiType;
        }
        return "api_error";
    }

    private static String openAiMessage(ByteBuf body) {
        return openAiError(body, new String[2]);
    }

    /** {@code error.message} of an OpenAI error body, its type and code into {@code typeCode}; null if not one. */
    private static String openAiError(ByteBuf body, String[] typeCode) {
        try (JsonParser p = Json.parser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String message = null;
            boolean sawError = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("type")) {
                    return null; // Anthropic's shape has a top-level type; OpenAI's never does
                }
                if (!name.equals("error") || v != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                sawError = true;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken fv = p.nextToken();
                    if (fv == JsonToken.VALUE_STRING) {
                        switch (field) {
                            case "message" -> message = p.getText();
                            case "type" -> typeCode[0] = p.getText();
                            case "code" -> typeCode[1] = p.getText();
                            default -> {
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            }
            return sawError ? (message == null ? "" : message) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
