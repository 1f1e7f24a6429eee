package io.llmgateway.core.admin;

import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One admin request, read whole, as a handler sees it. Plain data: no Netty buffer is held, so it
 * can cross to the admin thread.
 *
 * @param method     the request method
 * @param path       the path under {@code /admin/v1}, e.g. {@code /virtual-keys/vk_12}
 * @param pathParams the values of the route's {@code {name}} segments
 * @param query      the decoded query parameters
 * @param body       the body (empty when none); its size is bounded by the dispatcher
 * @param actor      who asks, for the audit log: the admin key's id (never the key)
 * @param requestId  the request's {@code x-request-id}
 */
public record AdminRequest(HttpMethod method, String path, Map<String, String> pathParams,
                           Map<String, List<String>> query, byte[] body, String actor, String requestId) {

    /** The value of the route's {@code {name}} segment; never null for a segment of the route. */
    public String pathParam(String name) {
        String v = pathParams.get(name);
        if (v == null) {
            throw new IllegalArgumentException("the route has no {" + name + "} segment");
        }
        return v;
    }

    /** The first value of query parameter {@code name}, or null when absent. */
    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * Query parameter {@code name} as a whole number in [min, max], or {@code dflt} when absent.
     *
     * @throws AdminException naming the parameter when it is not such a number
     */
    public long queryLong(String name, long dflt, long min, long max) {
        String v = query(name);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw AdminException.invalid(name, "query parameter '" + name + "' must be a whole number from "
                + min + " to " + max + ", got '" + v + "'");
    }

    /** The body as UTF-8 text (a YAML document, for the config routes). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body as a JSON object.
     *
     * @throws AdminException when the body is empty, not JSON, or not an object
     */
    public AdminBody jsonBody() {
        return AdminBody.parse(body);
    }
}
