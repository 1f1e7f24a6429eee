package io.llmgateway.adapters.gemini;

import static io.llmgateway.adapters.internal.Requests.reject;

import io.llmgateway.adapters.internal.ChatMessages;
import io.llmgateway.adapters.internal.ContentParts;
import io.llmgateway.adapters.internal.FunctionTools;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.Requests;
import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI {@code messages} → Gemini {@code contents} and {@code systemInstruction} parts (reference
 * 4.3): roles {@code user} and {@code model}, alternating (a repeated role is merged into the
 * content before); an assistant's tool calls become {@code functionCall} parts (with the thought
 * signatures their ids carry, {@link GeminiCallIds}), tool results {@code functionResponse} parts named after the call they answer.
 * Content parts are written by {@link GeminiParts}. Once per request, never per stream event.
 */
final class GeminiContents {

    private GeminiContents() {
    }

    /** The Gemini contents of {@code req}; its system text parts are added to {@code system}. */
    static List<Object> translate(Map<String, Object> req, List<Object> system) throws RequestRejectedException {
        List<Object> msgs = ChatMessages.of(req);
        Map<String, String> toolNames = new HashMap<>();
        List<Object> out = new ArrayList<>(msgs.size());
        for (int i = 0; i < msgs.size(); i++) {
            String param = "messages[" + i + ']';
            Map<String, Object> m = Requests.objectAt(msgs, i, param);
            String role = ChatMessages.role(m, param);
            switch (role) {
                case "system", "developer" ->
                        system.addAll(ContentParts.text(m.get("content"), param + ".content", GeminiParts.WRITER));
                case "user" -> append(out, "user", ContentParts.user(m.get("content"), param + ".content", GeminiParts.WRITER));
                case "assistant" -> append(out, "model", assistantParts(m, param, toolNames));
                case "tool" -> append(out, "user", List.of(functionResponse(m, param, toolNames)));
                default -> throw reject(param + ".role", role + " (expected: system, developer, user, assistant or tool)");
            }
        }
        ChatMessages.requireAny(out);
        return out;
    }

    /** Adds parts as a content of {@code role}, merged into the previous one when the role repeats (roles must alternate). */
    @SuppressWarnings("unchecked")
    private static void append(List<Object> contents, String role, List<Object> parts) {
        if (parts.isEmpty()) {
            return;
        }
        if (!contents.isEmpty()) {
            Map<String, Object> last = (Map<String, Object>) contents.get(contents.size() - 1);
            if (role.equals(last.get("role"))) {
                ((List<Object>) last.get("parts")).addAll(parts);
                return;
            }
        }
        Map<String, Object> c = JsonTree.object();
        c.put("role", role);
        c.put("parts", new ArrayList<>(parts));
        contents.add(c);
    }

    private static List<Object> assistantParts(Map<String, Object> m, String param, Map<String, String> toolNames)
            throws RequestRejectedException {
        List<Object> out = ContentParts.text(m.get("content"), param + ".content", GeminiParts.WRITER);
        List<Object> calls = FunctionTools.calls(m, param);
        for (int k = 0; k < calls.size(); k++) {
            FunctionTools.Call c = FunctionTools.Call.read(calls, k, param);
            String id = c.id();
            String name = c.function() == null ? null : c.name();
            if (name == null) {
                throw reject(c.param() + ".function.name", "missing");
            }
            if (id != null) {
                toolNames.put(id, name);
            }
            Map<String, Object> fc = JsonTree.object();
            fc.put("name", name);
            fc.put("args", c.arguments());
            Map<String, Object> part = GeminiParts.part("functionCall", fc);
            String signature = GeminiCallIds.signature(id, k);
            if (signature != null) {
                part.put("thoughtSignature", signature);
            }
            out.add(part);
        }
        return out;
    }

    private static Map<String, Object> functionResponse(Map<String, Object> m, String param, Map<String, String> toolNames)
            throws RequestRejectedException {
        String id = Requests.string(m, "tool_call_id", param + ".tool_call_id");
        if (id == null) {
            throw reject(param + ".tool_call_id", "missing");
        }
        String name = toolNames.get(id);
        if (name == null) {
            name = Requests.string(m, "name", param + ".name");
        }
        if (name == null) {
            throw reject(param + ".tool_call_id", id + " matches no earlier assistant tool call (gemini needs the function name)");
        }
        StringBuilder sb = new StringBuilder();
        Object content = m.get("content");
        if (content instanceof String s) {
            sb.append(s);
        } else {
            for (Object part : ContentParts.text(content, param + ".content", GeminiParts.WRITER)) {
                sb.append(((Map<?, ?>) part).get("text"));
            }
        }
        Map<String, Object> response = JsonTree.object();
        response.put("content", sb.toString());
        Map<String, Object> fr = JsonTree.object();
        fr.put("name", name);
        fr.put("response", response);
        return GeminiParts.part("functionResponse", fr);
    }
}
