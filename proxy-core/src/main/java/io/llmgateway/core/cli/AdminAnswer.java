package io.llmgateway.core.cli;

import io.llmgateway.core.admin.AdminJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One answer of the admin API: its status and body.
 *
 * @param status the HTTP status
 * @param body   the body as received
 */
record AdminAnswer(int status, byte[] body) {

    /** The body as a JSON object (keys in the order received). */
    Map<String, Object> json() throws AdminCallException {
        try {
            return AdminJson.parseObject(body);
        } catch (RuntimeException e) {
            throw new AdminCallException("the gateway answered " + status + " with a body that is not a JSON object: "
                    + AdminCallException.excerpt(text()));
        }
    }

    /** The objects of a list answer ({@code {"data":[...]}}). */
    List<Map<String, Object>> data() throws AdminCallException {
        Object data = json().get("data");
        if (!(data instanceof List<?> list)) {
            throw new AdminCallException("the gateway's answer has no \"data\" list: " + AdminCallException.excerpt(
                    text()));
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> objects = (List<Map<String, Object>>) (List<?>) list.stream()
                .filter(Map.class::isInstance).toList();
        return objects;
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
