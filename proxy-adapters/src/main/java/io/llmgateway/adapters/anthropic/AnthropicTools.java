package io.llmgateway.adapters.anthropic;

import static io.llmgateway.adapters.internal.Requests.reject;

import io.llmgateway.adapters.internal.FunctionTools;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.Requests;
import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenAI {@code tools}, {@code tool_choice}, {@code parallel_tool_calls} and JSON mode
 * ({@code response_format}) → Anthropic {@code tools} and {@code tool_choice} (reference 3.3).
 * Anthropic has no JSON mode: it is a forced tool, {@link #JSON_TOOL}, whose input the response
 * translator turns back into the message content. Once per request, never per stream event;
 * stateless.
 */
final class AnthropicTools {

    /** Name of the forced tool that carries JSON-mode answers (LiteLLM's convention). */
    static final String JSON_TOOL = "json_tool_call";

    private AnthropicTools() {
    }

    /** Writes tools/tool_choice into {@code out}; returns whether JSON mode (the forced tool) is on. */
    static boolean translate(Map<String, Object> req, Map<String, Object> out, boolean thinking)
            throws RequestRejectedException {
        List<Object> tools = Requests.array(req, "tools", "tools");
        List<Object> outTools = new ArrayList<>();
        if (tools != null) {
            for (int i = 0; i < tools.size(); i++) {
                Map<String, Object> fn = FunctionTools.function(tools, i);
                Map<String, Object> a = FunctionTools.declaration(fn);
                Object params = fn.get("parameters");
                a.put("input_schema", JsonTree.asObject(params) != null ? params : emptySchema());
                outTools.add(a);
            }
        }

        Map<String, Object> choice = toolChoice(req.get("tool_choice"));
        boolean clientTools = !outTools.isEmpty();

        boolean jsonMode = false;
        Map<String, Object> format = Requests.object(req, "response_format", "response_format");
        String formatType = format == null ? null : Requests.string(format, "type", "response_format.type");
        if ("json_object".equals(formatType) || "json_schema".equals(formatType)) {
            jsonMode = true;
            outTools.add(jsonTool(format, formatType));
            if (choice != null && "none".equals(choice.get("type"))) {
                throw reject("tool_choice", "none cannot be combined with a JSON response_format on anthropic");
            }
            if (thinking) {
                // Forced tool use is not allowed with extended thinking; the model picks the tool itself.
                choice = choice != null && "tool".equals(choice.get("type")) ? choice : type("auto");
            } else if (!clientTools) {
                choice = type("tool");
                choice.put("name", JSON_TOOL);
            } else if (choice == null || "auto".equals(choice.get("type"))) {
                // Either a real tool call or the JSON answer, never free text.
                choice = type("any");
            }
        } else if (formatType != null && !formatType.equals("text")) {
            throw reject("response_format.type", formatType + " (expected: text, json_object or json_schema)");
        }

        if (outTools.isEmpty()) {
            return false;
        }
        out.put("tools", outTools);
        if (Boolean.FALSE.equals(Requests.bool(req, "parallel_tool_calls", "parallel_tool_calls"))) {
            if (choice == null) {
                choice = type("auto");
            }
            if (!"none".equals(choice.get("type"))) {
                choice.put("disable_parallel_tool_use", Boolean.TRUE);
            }
        }
        if (choice != null) {
            out.put("tool_choice", choice);
        }
        return jsonMode;
    }

    /** The forced tool of JSON mode: the schema of {@code json_schema}, or any object. */
    private static Map<String, Object> jsonTool(Map<String, Object> format, String formatType)
            throws RequestRejectedException {
        Map<String, Object> jt = JsonTree.object();
        jt.put("name", JSON_TOOL);
        Object schema = null;
        if ("json_schema".equals(formatType)) {
            Map<String, Object> js = Requests.object(format, "json_schema", "response_format.json_schema");
            if (js != null) {
                schema = js.get("schema");
                if (js.get("description") instanceof String d) {
                    jt.put("description", d);
                }
            }
        }
        if (!jt.containsKey("description")) {
            jt.put("description", "Respond with a JSON object.");
        }
        if (JsonTree.asObject(schema) == null) {
            Map<String, Object> free = emptySchema();
            free.put("additionalProperties", Boolean.TRUE);
            schema = free;
        }
        jt.put("input_schema", schema);
        return jt;
    }

    private static Map<String, Object> toolChoice(Object v) throws RequestRejectedException {
        FunctionTools.Choice c = FunctionTools.choice(v);
        if (c == null) {
            return null;
        }
        return switch (c) {
            case AUTO -> type("auto");
            case REQUIRED -> type("any");
            case NONE -> type("none");
            case FUNCTION -> {
                Map<String, Object> m = type("tool");
                m.put("name", FunctionTools.forcedFunction(v));
                yield m;
            }
        };
    }

    private static Map<String, Object> type(String t) {
        Map<String, Object> m = JsonTree.object();
        m.put("type", t);
        return m;
    }

    private static Map<String, Object> emptySchema() {
        Map<String, Object> s = JsonTree.object();
        s.put("type", "object");
        s.put("properties", JsonTree.object());
        return s;
    }
}
