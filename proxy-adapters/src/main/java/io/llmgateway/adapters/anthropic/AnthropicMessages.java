package io.llmgateway.adapters.anthropic;

import static io.llmgateway.adapters.internal.Requests.reject;

import io.llmgateway.adapters.internal.ChatMessages;
import io.llmgateway.adapters.internal.ContentParts;
import io.llmgateway.adapters.internal.FunctionTools;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.Requests;
import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenAI {@code messages} → Anthropic {@code messages} and {@code system} (reference 3.3): system
 * and developer messages are lifted into {@code system}; consecutive tool results become one user
 * message of {@code tool_result} blocks; an assistant's tool calls become {@code tool_use} blocks;
 * a final assistant message is a prefill, trimmed. Content parts are written by
 * {@link AnthropicParts}. Once per request, never per stream event; stateless.
 */
final class AnthropicMessages {

    private AnthropicMessages() {
    }

    /** The Anthropic messages of {@code req}; its system text blocks are added to {@code system}. */
    static List<Object> translate(Map<String, Object> req, List<Object> system) throws RequestRejectedException {
        List<Object> msgs = ChatMessages.of(req);
        List<Object> out = new ArrayList<>(msgs.size());
        List<Object> toolResults = null;
        for (int i = 0; i < msgs.size(); i++) {
            String param = "messages[" + i + ']';
            Map<String, Object> m = Requests.objectAt(msgs, i, param);
            String role = ChatMessages.role(m, param);
            if (!role.equals("tool") && toolResults != null) {
                out.add(message("user", toolResults));
                toolResults = null;
            }
            switch (role) {
                case "system", "developer" ->
                        system.addAll(ContentParts.text(m.get("content"), param + ".content", AnthropicParts.WRITER));
                case "user" -> {
                    List<Object> blocks = ContentParts.user(m.get("content"), param + ".content", AnthropicParts.WRITER);
                    if (!blocks.isEmpty()) {
                        out.add(message("user", blocks));
                    }
                }
                case "assistant" -> {
                    List<Object> blocks = assistantBlocks(m, param);
                    if (!blocks.isEmpty()) {
                        out.add(message("assistant", blocks));
                    }
                }
                case "tool" -> {
                    if (toolResults == null) {
                        toolResults = new ArrayList<>(2);
                    }
                    toolResults.add(toolResult(m, param));
                }
                default -> throw reject(param + ".role", role + " (expected: system, developer, user, assistant or tool)");
            }
        }
        if (toolResults != null) {
            out.add(message("user", toolResults));
        }
        trimPrefill(out);
        ChatMessages.requireAny(out);
        return out;
    }

    /**
     * A final assistant message is a prefill the model continues; Anthropic rejects one that ends in
     * whitespace, so trailing whitespace is trimmed (and a block left empty removed).
     */
    @SuppressWarnings("unchecked")
    private static void trimPrefill(List<Object> out) {
        if (out.isEmpty()) {
            return;
        }
        Map<String, Object> last = (Map<String, Object>) out.get(out.size() - 1);
        List<Object> blocks = (List<Object>) last.get("content");
        if (!"assistant".equals(last.get("role")) || blocks.isEmpty()) {
            return;
        }
        Map<String, Object> b = (Map<String, Object>) blocks.get(blocks.size() - 1);
        if ("text".equals(b.get("type")) && b.get("text") instanceof String t) {
            String trimmed = t.stripTrailing();
            if (trimmed.isEmpty()) {
                blocks.remove(blocks.size() - 1);
                if (blocks.isEmpty()) {
                    out.remove(out.size() - 1);
                }
            } else {
                b.put("text", trimmed);
            }
        }
    }

    private static Map<String, Object> message(String role, List<Object> content) {
        Map<String, Object> m = JsonTree.object();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    private static List<Object> assistantBlocks(Map<String, Object> m, String param) throws RequestRejectedException {
        List<Object> out = ContentParts.text(m.get("content"), param + ".content", AnthropicParts.WRITER);
        List<Object> calls = FunctionTools.calls(m, param);
        for (int k = 0; k < calls.size(); k++) {
            FunctionTools.Call c = FunctionTools.Call.read(calls, k, param);
            if (c.function() == null || c.id() == null) {
                throw reject(c.param(), "expected id and function");
            }
            Map<String, Object> b = JsonTree.object();
            b.put("type", "tool_use");
            b.put("id", c.id());
            b.put("name", c.name());
            b.put("input", c.arguments());
            out.add(b);
        }
        return out;
    }

    private static Map<String, Object> toolResult(Map<String, Object> m, String param) throws RequestRejectedException {
        String id = Requests.string(m, "tool_call_id", param + ".tool_call_id");
        if (id == null) {
            throw reject(param + ".tool_call_id", "missing");
        }
        Map<String, Object> b = JsonTree.object();
        b.put("type", "tool_result");
        b.put("tool_use_id", id);
        Object content = m.get("content");
        if (content instanceof String s) {
            if (!s.isEmpty()) {
                b.put("content", s);
            }
        } else {
            List<Object> blocks = ContentParts.text(content, param + ".content", AnthropicParts.WRITER);
            if (!blocks.isEmpty()) {
                b.put("content", blocks);
            }
        }
        return b;
    }
}
