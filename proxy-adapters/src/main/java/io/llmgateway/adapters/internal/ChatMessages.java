package io.llmgateway.adapters.internal;

import static io.llmgateway.adapters.internal.Requests.reject;

import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.List;
import java.util.Map;

/**
 * The {@code messages} of an OpenAI chat request as every translating adapter walks them: a
 * non-empty array of objects, each with a role, of which at least one must leave something for
 * the provider to answer. What each role becomes is the adapter's. Per request; stateless.
 *
 * <pre>
 *   List&lt;Object&gt; msgs = ChatMessages.of(req);
 *   for (int i = 0; i &lt; msgs.size(); i++) {
 *       String param = "messages[" + i + ']';
 *       Map&lt;String, Object&gt; m = Requests.objectAt(msgs, i, param);
 *       switch (ChatMessages.role(m, param)) { ... }
 *   }
 *   ChatMessages.requireAny(out);
 * </pre>
 */
public final class ChatMessages {

    private ChatMessages() {
    }

    /** The request's messages: a non-empty array. */
    public static List<Object> of(Map<String, Object> req) throws RequestRejectedException {
        List<Object> msgs = Requests.array(req, "messages", "messages");
        if (msgs == null || msgs.isEmpty()) {
            throw reject("messages", "expected a non-empty array");
        }
        return msgs;
    }

    /** The role of the message {@code m} at {@code param}; required. */
    public static String role(Map<String, Object> m, String param) throws RequestRejectedException {
        String role = Requests.string(m, "role", param + ".role");
        if (role == null) {
            throw reject(param + ".role", "missing");
        }
        return role;
    }

    /** Refuses a conversation that translated to nothing (every message empty or lifted into the system prompt). */
    public static void requireAny(List<Object> translated) throws RequestRejectedException {
        if (translated.isEmpty()) {
            throw reject("messages", "no user or assistant message with content");
        }
    }
}
