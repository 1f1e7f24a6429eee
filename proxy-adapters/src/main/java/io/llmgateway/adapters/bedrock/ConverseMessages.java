package io.llmgateway.adapters.bedrock;

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
 * OpenAI {@code messages} → Converse {@code messages} and {@code system} (reference 7.3): system and
 * developer messages are lifted into {@code system}; an assistant's tool calls become
 * {@code toolUse} blocks; tool messages become {@code toolResult} blocks of a user turn; and
 * consecutive turns of one role are merged, since Converse wants user and assistant to alternate.
 * Content parts are written by {@link ConverseParts}. Once per request, never per stream event;
 * stateless.
 */
final class ConverseMessages {

    /** What {@link #translate} found. */
    record Result(List<Object> messages, List<Object> system, boolean toolBlocks) {
    }

    private ConverseMessages() {
    }

    static Result translate(Map<String, Object> req) throws RequestRejectedException {
        List<Object> msgs = ChatMessages.of(req);
        List<Object> out = new ArrayList<>(msgs.size());
        List<Object> system = new ArrayList<>(1);
        boolean toolBlocks = false;
        for (int i = 0; i < msgs.size(); i++) {
            String param = "messages[" + i + ']';
            Map<String, Object> m = Requests.objectAt(msgs, i, param);
            String role = ChatMessages.role(m, param);
            switch (role) {
                case "system", "developer" ->
                        system.addAll(ContentParts.text(m.get("content"), param + ".content", ConverseParts.WRITER));
                case "user" -> add(out, "user", ContentParts.user(m.get("content"), param + ".content",
                        ConverseParts.WRITER));
                case "assistant" -> {
                    List<Object> blocks = assistantBlocks(m, param);
                    toolBlocks |= blocks.stream().anyMatch(b -> JsonTree.asObject(b).containsKey("toolUse"));
                    add(out, "assistant", blocks);
                }
                case "tool" -> {
                    toolBlocks = true;
                    add(out, "user", List.of(toolResult(m, param)));
                }
                default -> throw reject(param + ".role", role + " (expected: system, developer, user, assistant or tool)");
            }
        }
        ChatMessages.requireAny(out);
        return new Result(out, system, toolBlocks);
    }

    /** Appends {@code blocks} as a turn of {@code role}, to the last turn when it has that role. */
    @SuppressWarnings("unchecked")
    private static void add(List<Object> out, String role, List<Object> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        if (!out.isEmpty()) {
            Map<String, Object> last = (Map<String, Object>) out.get(out.size() - 1);
            if (role.equals(last.get("role"))) {
                ((List<Object>) last.get("content")).addAll(blocks);
                return;
            }
        }
        Map<String, Object> m = JsonTree.object();
        m.put("role", role);
        m.put("content", new ArrayList<>(blocks));
        out.add(m);
    }

    private static List<Object> assistantBlocks(Map<String, Object> m, String param) throws RequestRejectedException {
        List<Object> out = ContentParts.text(m.get("content"), param + ".content", ConverseParts.WRITER);
        List<Object> calls = FunctionTools.calls(m, param);
        for (int k = 0; k < calls.size(); k++) {
            FunctionTools.Call c = FunctionTools.Call.read(calls, k, param);
            if (c.function() == null || c.id() == null) {
                throw reject(c.param(), "expected id and function");
            }
            Map<String, Object> use = JsonTree.object();
            use.put("toolUseId", c.id());
            use.put("name", c.name());
            use.put("input", c.arguments());
            Map<String, Object> b = JsonTree.object();
            b.put("toolUse", use);
            out.add(b);
        }
        return out;
    }

    private static Map<String, Object> toolResult(Map<String, Object> m, String param) throws RequestRejectedException {
        String id = Requests.string(m, "tool_call_id", param + ".tool_call_id");
        if (id == null) {
            throw reject(param + ".tool_call_id", "missing");
        }
        List<Object> content = ContentParts.text(m.get("content"), param + ".content", ConverseParts.WRITER);
        if (content.isEmpty()) {
            // Converse rejects an empty result; an empty string is what the tool said.
            content.add(ConverseParts.WRITER.text(" "));
        }
        Map<String, Object> result = JsonTree.object();
        result.put("toolUseId", id);
        result.put("content", content);
        result.put("status", "success");
        Map<String, Object> b = JsonTree.object();
        b.put("toolResult", result);
        return b;
    }
}
