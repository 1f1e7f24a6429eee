package io.llmgateway.core.admin;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What an admin handler answers: a status and a body, JSON unless said otherwise.
 *
 * @param status      the HTTP status
 * @param contentType the body's media type
 * @param body        the body, empty for 204
 * @param audit       what the change did, for the audit line of a change (e.g. {@code "created vk_12 (team
 *                    research)"}); null to log only the method, path and status. Never a secret.
 * @param headers     more response headers ({@code Allow}, {@code Retry-After}); usually none
 */
public record AdminResponse(int status, String contentType, byte[] body, String audit, Map<String, String> headers) {

    public static final String JSON = "application/json";

    public AdminResponse {
        requireNonNull(contentType, "contentType");
        requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    public AdminResponse(int status, String contentType, byte[] body, String audit) {
        this(status, contentType, body, audit, Map.of());
    }

    /** 200 with {@code value} as JSON ({@link AdminJson#write} says what a value may be). */
    public static AdminResponse ok(Object value) {
        return json(200, value);
    }

    /** 201 with {@code value} as JSON. */
    public static AdminResponse created(Object value) {
        return json(201, value);
    }

    public static AdminResponse json(int status, Object value) {
        return new AdminResponse(status, JSON, AdminJson.write(value), null);
    }

    /** A text body, e.g. YAML. */
    public static AdminResponse text(int status, String contentType, String text) {
        return new AdminResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8), null);
    }

    /** The same answer, with {@code audit} as what the audit line says the change did. */
    public AdminResponse audited(String what) {
        return new AdminResponse(status, contentType, body, what, headers);
    }

    /** The same answer with one more header. */
    public AdminResponse withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new AdminResponse(status, contentType, body, audit, more);
    }
}
