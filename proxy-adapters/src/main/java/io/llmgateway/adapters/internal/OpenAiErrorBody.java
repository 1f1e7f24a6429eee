package io.llmgateway.adapters.internal;

import io.llmgateway.adapters.internal.ErrorMapper.Kind;
import io.llmgateway.codec.spi.ErrorClassification;
import io.llmgateway.codec.spi.HeaderLookup;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * An error body of an OpenAI-shaped upstream, read once for both uses: translating it into OpenAI's
 * exact shape (Azure, Bedrock) and classifying it for the core (every pass-through provider). Knows
 * the shapes such upstreams send besides OpenAI's own: Azure's string-coded errors, AWS
 * {@code {"message":..}} with {@code x-amzn-ErrorType}, vLLM's flat error, and a body that is not
 * JSON at all.
 *
 * <pre>
 *   OpenAiErrorBody e = OpenAiErrorBody.parse(body);
 *   Kind kind = e.kind(status, headers.get(AMZN_ERROR_TYPE));
 * </pre>
 *
 * <p>Per error response, never per stream event: it builds a small tree of the body.
 *
 * @param message the provider's message (or an excerpt of a body that is not JSON); null if none
 * @param code    the provider's string {@code code} (numeric codes are dropped); null if none
 * @param param   the request field at fault; null if none
 * @param type    the provider's {@code type}; null if none
 */
public record OpenAiErrorBody(String message, String code, String param, String type) {

    /** AWS's error class header (Bedrock). */
    public static final String AMZN_ERROR_TYPE = "x-amzn-errortype";

    /** Reads {@code body} (borrowed; indexes untouched). */
    public static OpenAiErrorBody parse(ByteBuf body) {
        try {
            Object root = JsonTree.parse(body);
            Object err = JsonTree.path(root, "error");
            Map<String, Object> e = JsonTree.asObject(err);
            String message = err instanceof String s ? s : null;
            if (e == null) {
                e = JsonTree.asObject(root);
            }
            if (e == null) {
                return new OpenAiErrorBody(message, null, null, null);
            }
            if (message == null) {
                message = firstString(e, "message", "Message", "detail");
            }
            Object c = e.get("code");
            String code = c instanceof String cs && !cs.chars().allMatch(Character::isDigit) ? cs : null;
            return new OpenAiErrorBody(message, code, JsonTree.asString(e.get("param")),
                    JsonTree.asString(e.get("type")));
        } catch (IOException | RuntimeException e) {
            return new OpenAiErrorBody(ErrorMapper.excerpt(body), null, null, null);
        }
    }

    /**
     * What a pass-through provider's error means for the core: the code the client sees in the
     * relayed body, and whether the prompt was too long for the model (OpenAI's
     * {@code context_length_exceeded}, or the phrasings of compatible hosts).
     */
    public static ErrorClassification classify(int status, HeaderLookup headers, ByteBuf body) {
        OpenAiErrorBody e = parse(body);
        return ErrorMapper.classification(e.kind(status, headers.get(AMZN_ERROR_TYPE)), e.code);
    }

    /** The failure class of this error at {@code status}; {@code amznType} is AWS's error type header, or null. */
    public Kind kind(int status, String amznType) {
        String lowerMsg = message == null ? "" : message.toLowerCase(Locale.ROOT);
        String aws = amznType == null ? "" : amznType;
        if ("context_length_exceeded".equals(code) || lowerMsg.contains("maximum context length")
                || lowerMsg.contains("prompt is too long") || lowerMsg.contains("input is too long")) {
            return Kind.CONTEXT_LENGTH;
        }
        if ("insufficient_quota".equals(code) || "insufficient_quota".equals(type)
                || aws.startsWith("ServiceQuotaExceededException")) {
            return Kind.QUOTA;
        }
        if (aws.startsWith("ModelNotReadyException")) {
            return Kind.OVERLOADED;
        }
        if (aws.startsWith("ThrottlingException")) {
            return Kind.RATE_LIMIT;
        }
        if (aws.startsWith("UnrecognizedClientException") || aws.startsWith("InvalidSignatureException")) {
            return Kind.UPSTREAM_AUTH;
        }
        if (aws.startsWith("ModelErrorException") || aws.startsWith("ModelStreamErrorException")) {
            return Kind.UPSTREAM_ERROR;
        }
        return ErrorMapper.byStatus(status);
    }

    private static String firstString(Map<String, Object> m, String... keys) {
        for (String k : keys) {
            if (m.get(k) instanceof String s) {
                return s;
            }
        }
        return null;
    }
}
