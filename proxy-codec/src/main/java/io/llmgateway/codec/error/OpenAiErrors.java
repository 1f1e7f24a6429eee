package io.llmgateway.codec.error;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * Writes OpenAI's error body {@code {"error":{"message":...,"type":...,"param":...,"code":...}}}
 * straight into a buffer, with JSON string escaping and no intermediate objects. All four keys are
 * always present ({@code param} and {@code code} may be {@code null}), as the OpenAI spec requires.
 */
public final class OpenAiErrors {

    /** {@code type} of errors caused by the request. */
    public static final String INVALID_REQUEST = "invalid_request_error";
    /** {@code type} of errors on the gateway's or the provider's side. */
    public static final String SERVER_ERROR = "server_error";
    /** {@code type} of 401 answers. */
    public static final String AUTHENTICATION = "authentication_error";
    /** {@code type} of 429 answers from the gateway's own limits. */
    public static final String RATE_LIMIT = "rate_limit_error";

    private OpenAiErrors() {
    }

    /** The JSON error body, in a new buffer owned by the caller. */
    public static ByteBuf body(ByteBufAllocator alloc, String message, String type, String param, String code) {
        ByteBuf out = alloc.buffer(64 + message.length());
        writeBody(out, message, type, param, code);
        return out;
    }

    /** The body of one of the gateway's own errors, in a new buffer owned by the caller. */
    public static ByteBuf body(ByteBufAllocator alloc, GatewayError error, String message, String param) {
        return body(alloc, message, error.type(), param, error.code());
    }

    /** One of the gateway's own errors as an in-stream event, for a stream that fails mid-way. */
    public static ByteBuf sseEvent(ByteBufAllocator alloc, GatewayError error, String message) {
        return sseEvent(alloc, message, error.type(), null, error.code());
    }

    /** The error as one server-sent event, {@code data: {"error":...}\n\n}, for a stream that fails mid-way. */
    public static ByteBuf sseEvent(ByteBufAllocator alloc, String message, String type, String param, String code) {
        ByteBuf out = alloc.buffer(72 + message.length());
        out.writeByte('d').writeByte('a').writeByte('t').writeByte('a').writeByte(':').writeByte(' ');
        writeBody(out, message, type, param, code);
        out.writeByte('\n').writeByte('\n');
        return out;
    }

    private static void writeBody(ByteBuf out, String message, String type, String param, String code) {
        ByteBufUtil.writeAscii(out, "{\"error\":{\"message\":");
        writeJsonString(out, message);
        ByteBufUtil.writeAscii(out, ",\"type\":");
        writeJsonString(out, type);
        ByteBufUtil.writeAscii(out, ",\"param\":");
        writeJsonString(out, param);
        ByteBufUtil.writeAscii(out, ",\"code\":");
        writeJsonString(out, code);
        out.writeByte('}').writeByte('}');
    }

    /** Writes {@code value} as a JSON string literal (or {@code null}), escaping as RFC 8259 requires. */
    public static void writeJsonString(ByteBuf out, CharSequence value) {
        if (value == null) {
            ByteBufUtil.writeAscii(out, "null");
            return;
        }
        out.writeByte('"');
        int runStart = 0;
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c != 0x2028 && c != 0x2029) {
                continue;
            }
            ByteBufUtil.writeUtf8(out, value, runStart, i);
            runStart = i + 1;
            switch (c) {
                case '"' -> out.writeByte('\\').writeByte('"');
                case '\\' -> out.writeByte('\\').writeByte('\\');
                case '\n' -> out.writeByte('\\').writeByte('n');
                case '\r' -> out.writeByte('\\').writeByte('r');
                case '\t' -> out.writeByte('\\').writeByte('t');
                default -> {
                    out.writeByte('\\').writeByte('u');
                    ByteBufUtil.writeAscii(out, String.format("%04x", (int) c));
                }
            }
        }
        ByteBufUtil.writeUtf8(out, value, runStart, n);
        out.writeByte('"');
    }
}
