package io.llmgateway.adapters.gemini;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Google {@code google.rpc.Status} error bodies (AI Studio and Vertex) → OpenAI errors (4.6, 5.6, 9.3). */
final class GeminiErrors {

    private GeminiErrors() {
    }

    /** The fields of one Google error that decide its mapping. */
    record Parsed(String message, Kind kind, long retryAfterMs) {
    }

    static UpstreamError translate(String provider, Clock clock, int status, HeaderLookup headers, ByteBuf body,
            ByteBufAllocator alloc) {
        Parsed p;
        try {
            p = parse(JsonTree.parse(body), status);
        } catch (IOException | RuntimeException e) {
            p = new Parsed(ErrorMapper.excerpt(body), ErrorMapper.byStatus(status), -1);
        }
        long retry = p.retryAfterMs() >= 0 ? p.retryAfterMs() : RetryAfter.millis(headers, clock.millis());
        return ErrorMapper.error(alloc, p.kind(), provider, p.message(),
                p.kind() == Kind.CONTEXT_LENGTH ? "messages" : null, null, retry);
    }

    /** Reads {@code {"error":{...}}}, also wrapped in an array as Vertex does without {@code alt=sse}. */
    static Parsed parse(Object root, int httpStatus) {
        List<Object> arr = JsonTree.asArray(root);
        if (arr != null && !arr.isEmpty()) {
            root = arr.get(0);
        }
        Map<String, Object> e = JsonTree.asObject(JsonTree.path(root, "error"));
        if (e == null) {
            return new Parsed(null, ErrorMapper.byStatus(httpStatus), -1);
        }
        String message = JsonTree.asString(e.get("message"));
        String status = JsonTree.asString(e.get("status"));
        int code = (int) JsonTree.asLong(e.get("code"), httpStatus);
        String reason = null;
        boolean perDayQuota = false;
        long retry = -1;
        List<Object> details = JsonTree.asArray(e.get("details"));
        if (details != null) {
            for (Object d : details) {
                Map<String, Object> dm = JsonTree.asObject(d);
                if (dm == null || !(dm.get("@type") instanceof String type)) {
                    continue;
                }
                if (type.endsWith("google.rpc.ErrorInfo")) {
                    reason = JsonTree.asString(dm.get("reason"));
                } else if (type.endsWith("google.rpc.RetryInfo")) {
                    retry = RetryAfter.durationMillis(JsonTree.asString(dm.get("retryDelay")));
                } else if (type.endsWith("google.rpc.QuotaFailure")) {
                    List<Object> violations = JsonTree.asArray(dm.get("violations"));
                    if (violations != null) {
                        for (Object v : violations) {
                            String id = JsonTree.asString(JsonTree.path(v, "quotaId"));
                            perDayQuota |= id != null && id.contains("PerDay");
                        }
                    }
                }
            }
        }
        return new Parsed(message, kind(code, status, reason, message, perDayQuota), retry);
    }

    static Kind kind(int code, String status, String reason, String message, boolean perDayQuota) {
        if ("API_KEY_INVALID".equals(reason) || "UNAUTHENTICATED".equals(status)) {
            return Kind.UPSTREAM_AUTH;
        }
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (m.contains("input token count") && m.contains("exceeds")) {
            return Kind.CONTEXT_LENGTH;
        }
        if (status == null) {
            return ErrorMapper.byStatus(code);
        }
        return switch (status) {
            case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE" -> Kind.INVALID_REQUEST;
            case "PERMISSION_DENIED" -> Kind.PERMISSION;
            case "NOT_FOUND" -> Kind.NOT_FOUND;
            // A per-day quota will not clear for hours: not worth the client's retries.
            case "RESOURCE_EXHAUSTED" -> perDayQuota ? Kind.QUOTA : Kind.RATE_LIMIT;
            case "UNAVAILABLE" -> Kind.OVERLOADED;
            case "DEADLINE_EXCEEDED" -> Kind.TIMEOUT;
            case "INTERNAL", "UNKNOWN", "DATA_LOSS" -> Kind.UPSTREAM_ERROR;
            default -> ErrorMapper.byStatus(code);
        };
    }
}
