package io.llmgateway.bench.mock;

import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

/**
 * The JSON bodies of non-stream answers, in the shapes of providers.md 1.3, 1.5 and 1.6. Pure
 * functions of their arguments, so that {@link ResponseCache} can encode each one once.
 */
final class OpenAiBodies {

    /** {@code usage.prompt_tokens} of every chat and legacy completion answer. */
    static final int PROMPT_TOKENS = 10;
    /** {@code usage.prompt_tokens} per embeddings input. */
    static final int EMBEDDING_TOKENS_PER_INPUT = 8;
    static final String CHAT_ID = "chatcmpl-mock";
    static final String COMPLETION_ID = "cmpl-mock";
    static final String FINGERPRINT = "fp_mock";

    private OpenAiBodies() {
    }

    /** A {@code chat.completion} whose content is {@link MockContent#full}, padded to at least {@code minBytes}. */
    static String chatCompletion(String model, int pieces, int minBytes, long created, int cachedTokens) {
        String content = MockContent.full(model, pieces);
        String body = chatCompletion(model, content, pieces, created, cachedTokens);
        int missing = minBytes - ByteBufUtil.utf8Bytes(body);
        return missing <= 0 ? body
                : chatCompletion(model, content + "x".repeat(missing), pieces, created, cachedTokens);
    }

    private static String chatCompletion(String model, String content, int pieces, long created, int cachedTokens) {
        StringBuilder out = new StringBuilder(256 + content.length());
        out.append("{\"id\":\"").append(CHAT_ID).append("\",\"object\":\"chat.completion\",\"created\":").append(created)
                .append(",\"model\":");
        JsonText.quote(out, model);
        out.append(",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":");
        JsonText.quote(out, content);
        out.append(",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":");
        chatUsage(out, pieces, cachedTokens);
        return out.append(",\"service_tier\":\"default\",\"system_fingerprint\":\"").append(FINGERPRINT).append("\"}")
                .toString();
    }

    /** A legacy {@code text_completion}, padded like {@link #chatCompletion(String, int, int, long)}. */
    static String textCompletion(String model, int pieces, int minBytes, long created) {
        String text = MockContent.full(model, pieces);
        String body = textCompletion(model, text, pieces, created);
        int missing = minBytes - ByteBufUtil.utf8Bytes(body);
        return missing <= 0 ? body : textCompletion(model, text + "x".repeat(missing), pieces, created);
    }

    private static String textCompletion(String model, String text, int pieces, long created) {
        StringBuilder out = new StringBuilder(256 + text.length());
        out.append("{\"id\":\"").append(COMPLETION_ID).append("\",\"object\":\"text_completion\",\"created\":")
                .append(created).append(",\"model\":");
        JsonText.quote(out, model);
        out.append(",\"system_fingerprint\":\"").append(FINGERPRINT).append("\",\"choices\":[{\"text\":");
        JsonText.quote(out, text);
        out.append(",\"index\":0,\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":");
        plainUsage(out, pieces);
        return out.append('}').toString();
    }

    /**
     * The full {@code CompletionUsage} of a chat answer of {@code completionTokens} tokens, whose
     * prompt had {@code cachedTokens} more tokens read from the prompt cache.
     */
    static StringBuilder chatUsage(StringBuilder out, int completionTokens, int cachedTokens) {
        int prompt = PROMPT_TOKENS + cachedTokens;
        return out.append("{\"prompt_tokens\":").append(prompt)
                .append(",\"completion_tokens\":").append(completionTokens)
                .append(",\"total_tokens\":").append(prompt + completionTokens)
                .append(",\"prompt_tokens_details\":{\"cached_tokens\":").append(cachedTokens)
                .append(",\"audio_tokens\":0}")
                .append(",\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,")
                .append("\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}");
    }

    /** The three-field usage of legacy completions. */
    static StringBuilder plainUsage(StringBuilder out, int completionTokens) {
        return out.append("{\"prompt_tokens\":").append(PROMPT_TOKENS)
                .append(",\"completion_tokens\":").append(completionTokens)
                .append(",\"total_tokens\":").append(PROMPT_TOKENS + completionTokens).append('}');
    }

    /** An embeddings list of {@code inputs} vectors of {@code dimensions} floats, or base64 little-endian float32. */
    static String embeddings(String model, int inputs, int dimensions, boolean base64) {
        StringBuilder out = new StringBuilder(64 + inputs * (base64 ? dimensions * 6 : dimensions * 12));
        out.append("{\"object\":\"list\",\"data\":[");
        int seed = model.hashCode();
        for (int i = 0; i < inputs; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"object\":\"embedding\",\"index\":").append(i).append(",\"embedding\":");
            if (base64) {
                ByteBuffer bytes = ByteBuffer.allocate(dimensions * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (int k = 0; k < dimensions; k++) {
                    bytes.putFloat(component(seed, i, k));
                }
                out.append('"').append(Base64.getEncoder().encodeToString(bytes.array())).append('"');
            } else {
                out.append('[');
                for (int k = 0; k < dimensions; k++) {
                    if (k > 0) {
                        out.append(',');
                    }
                    out.append(component(seed, i, k));
                }
                out.append(']');
            }
            out.append('}');
        }
        out.append("],\"model\":");
        JsonText.quote(out, model);
        int tokens = EMBEDDING_TOKENS_PER_INPUT * inputs;
        return out.append(",\"usage\":{\"prompt_tokens\":").append(tokens)
                .append(",\"total_tokens\":").append(tokens).append("}}").toString();
    }

    /** A deterministic value in [-0.1, 0.1], so that equal requests get equal vectors. */
    static float component(int seed, int input, int k) {
        int h = seed * 31 + input * 7919 + k * 104_729;
        return (Math.floorMod(h, 2001) - 1000) / 10_000f;
    }

    static String models(List<String> ids, long created) {
        StringBuilder out = new StringBuilder(32 + ids.size() * 80);
        out.append("{\"object\":\"list\",\"data\":[");
        for (int i = 0; i < ids.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            model(out, ids.get(i), created);
        }
        return out.append("]}").toString();
    }

    static String model(String id, long created) {
        return model(new StringBuilder(80), id, created).toString();
    }

    private static StringBuilder model(StringBuilder out, String id, long created) {
        out.append("{\"id\":");
        JsonText.quote(out, id);
        return out.append(",\"object\":\"model\",\"created\":").append(created).append(",\"owned_by\":\"mock\"}");
    }

    /** The OpenAI error body of an injected {@code status}, with a {@code type} and {@code code} that SDKs recognise. */
    static String error(int status, String message) {
        return error(status, message, errorCode(status));
    }

    /** The OpenAI error body with an explicit {@code code} (nullable). */
    static String error(int status, String message, String code) {
        return errorWithJsonMessage(status, JsonText.escape(message), code);
    }

    /** The OpenAI error body of {@code status} whose message is {@code messageJson}, JSON string content already escaped. */
    static String errorWithJsonMessage(int status, String messageJson) {
        return errorWithJsonMessage(status, messageJson, errorCode(status));
    }

    private static String errorWithJsonMessage(int status, String messageJson, String code) {
        StringBuilder out = new StringBuilder(160 + messageJson.length());
        out.append("{\"error\":{\"message\":\"").append(messageJson).append('"');
        out.append(",\"type\":\"").append(errorType(status)).append("\",\"param\":null,\"code\":");
        if (code == null) {
            out.append("null");
        } else {
            out.append('"').append(code).append('"');
        }
        return out.append("}}").toString();
    }

    static String injectedErrorMessage(int status) {
        return "Mock upstream answers " + status + " as asked (" + MockHeaders.STATUS + " or --status).";
    }

    private static String errorType(int status) {
        if (status == 429) {
            return "requests";
        }
        return status >= 500 ? "server_error" : "invalid_request_error";
    }

    private static String errorCode(int status) {
        return switch (status) {
            case 401 -> "invalid_api_key";
            case 403 -> "permission_denied";
            case 404 -> "model_not_found";
            case 429 -> "rate_limit_exceeded";
            case 503, 529 -> "overloaded";
            default -> null;
        };
    }
}
