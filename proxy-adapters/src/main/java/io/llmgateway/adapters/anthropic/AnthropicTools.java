package io.llmgateway.adapters.anthropic;

import io.llmgateway.adapters.internal.FunctionTools;
import io.llmgateway.adapters.internal.JsonModeTool;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.Requests;
import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenAI {@code tools}, {@code tool_choice}, {@code parallel_tool_calls} and JSON mode
 * ({@code response_format}) → Anthropic {@code tools} and {@code tool_choice} (reference 3.3).
 * Anthropic has no JSON mode: it is a forced tool ({@link JsonModeTool}), whose input the response
 * translator turns back into the message content. Once per request, never per stream event;
 * stateless.
 */
final class AnthropicTools {

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
                a.put("input_schema", JsonTree.asObject(params) != null ? params : FunctionTools.emptySchema());
                outTools.add(a);
            }
        }

        Object clientChoice = req.get("tool_choice");
        Map<String, Object> choice = toolChoice(clientChoice);
        JsonModeTool json = JsonModeTool.of(req, "anthropic");
        if (json != null) {
            JsonModeTool.ToolChoice forced = JsonModeTool.choice(FunctionTools.choice(clientChoice),
                    !outTools.isEmpty(), thinking, "on anthropic");
            outTools.add(jsonTool(json));
            switch (forced) {
                case JSON_TOOL -> {
                    choice = type("tool");
                    choice.put("name", JsonModeTool.NAME);
                }
                case ANY -> choice = type("any");
                case AUTO -> choice = type("auto");
                case CLIENT -> {
                }
            }
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
        return json != null;
    }

    private static Map<String, Object> jsonTool(JsonModeTool json) {
        Map<String, Object> jt = JsonTree.object();
        jt.put("name", JsonModeTool.NAME);
        jt.put("description", json.description());
        jt.put("input_schema", json.schema());
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
}
