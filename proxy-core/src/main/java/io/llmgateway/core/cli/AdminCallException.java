package io.llmgateway.core.cli;

import io.llmgateway.core.admin.AdminJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A call to the admin API that failed: the gateway could not be reached, or answered with an
 * error. The message is one line; {@link #details()} holds what the answer listed besides (the
 * problems of a refused config).
 */
final class AdminCallException extends Exception {

    private static final long serialVersionUID = 1L;
    private static final int EXCERPT_CHARS = 200;

    private final List<String> details;

    AdminCallException(String message) {
        this(message, List.of());
    }

    private AdminCallException(String message, List<String> details) {
        super(message);
        this.details = List.copyOf(details);
    }

    List<String> details() {
        return details;
    }

    /**
     * The failure an error answer describes: {@code POST /admin/v1/reload: 400 invalid_config:
     * <message> (param: x)} from the OpenAI error shape, else the status and the start of the body.
     */
    static AdminCallException fromAnswer(String call, AdminAnswer answer, UnaryOperator<String> redact) {
        Map<String, Object> body;
        try {
            body = AdminJson.parseObject(answer.body());
        } catch (RuntimeException e) {
            return new AdminCallException(redact.apply(call + ": HTTP " + answer.status() + ": "
                    + excerpt(answer.text())));
        }
        if (!(body.get("error") instanceof Map<?, ?> error)) {
            return new AdminCallException(redact.apply(call + ": HTTP " + answer.status() + ": "
                    + excerpt(answer.text())));
        }
        Object code = error.get("code");
        StringBuilder line = new StringBuilder(call).append(": ").append(answer.status());
        if (code != null) {
            line.append(' ').append(code);
        }
        line.append(": ").append(error.get("message"));
        if (error.get("param") != null) {
            line.append(" (param: ").append(error.get("param")).append(')');
        }
        if ("unknown_url".equals(code)) {
            line.append(" (is the admin API on: server.admin_api_key set, --url the listener that serves it, and a "
                    + "gateway version with this route?)");
        }
        List<String> details = new ArrayList<>();
        if (body.get("problems") instanceof List<?> problems) {
            for (Object p : problems) {
                details.add(redact.apply(String.valueOf(p)));
            }
        }
        return new AdminCallException(redact.apply(line.toString()), details);
    }

    /** The start of {@code text} on one line, for a message. */
    static String excerpt(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= EXCERPT_CHARS ? flat : flat.substring(0, EXCERPT_CHARS) + "...";
    }
}
