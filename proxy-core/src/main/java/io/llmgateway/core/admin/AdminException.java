package io.llmgateway.core.admin;

import static java.util.Objects.requireNonNull;

import io.llmgateway.codec.error.GatewayError;
import java.util.Map;

/**
 * A request to the admin API that cannot be done, answered as {@code {"error":{...}}} with the
 * status of {@link #error()}. Thrown before anything is changed: an admin request is applied whole
 * or not at all.
 */
public final class AdminException extends RuntimeException {

    private final GatewayError error;
    private final String param;
    private final Map<String, Object> details;

    /**
     * @param message what is wrong, naming the value and the expectation (never a secret)
     * @param param   the field at fault as a dotted path ({@code budget.usd}), or null
     */
    public AdminException(GatewayError error, String message, String param) {
        this(error, message, param, Map.of());
    }

    /**
     * @param details more members of the answer's top level beside {@code error} (e.g.
     *                {@code "problems": [...]} of a rejected config)
     */
    public AdminException(GatewayError error, String message, String param, Map<String, Object> details) {
        super(requireNonNull(message, "message"), null, false, false);
        this.error = requireNonNull(error, "error");
        this.param = param;
        this.details = Map.copyOf(details);
    }

    /** An invalid field of the request body or query. */
    public static AdminException invalid(String param, String message) {
        return new AdminException(GatewayError.INVALID_REQUEST, message, param);
    }

    /** An object that does not exist: {@code what} is e.g. {@code "virtual key"}. */
    public static AdminException notFound(String what, String id) {
        return new AdminException(GatewayError.NOT_FOUND, "no " + what + " with id '" + id + "'", "id");
    }

    public GatewayError error() {
        return error;
    }

    public String param() {
        return param;
    }

    public Map<String, Object> details() {
        return details;
    }
}
