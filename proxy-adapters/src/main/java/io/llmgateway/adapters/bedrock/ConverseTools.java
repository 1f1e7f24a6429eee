package io.llmgateway.adapters.bedrock;

import io.llmgateway.adapters.internal.FunctionTools;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.Requests;
import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenAI {@code tools} and {@code tool_choice} → Converse {@code toolConfig} (reference 7.3):
 * each function a {@code toolSpec} with its parameters as {@code inputSchema.json}; {@code auto}
 * → {@code {"auto":{}}}, {@code required} → {@code {"any":{}}}, a named function →
 * {@code {"tool":{"name"}}}. Converse has no {@code none}: the tools are left out, unless the
 * conversation holds tool blocks (Converse then requires a {@code toolConfig}), when they are sent
 * without a choice. Once per request, never per stream event; stateless.
 */
final class ConverseTools {

    private ConverseTools() {
    }

    /** The {@code toolConfig} of {@code req}, or null when it has no tools to send. */
    static Map<String, Object> toolConfig(Map<String, Object> req, boolean historyHasToolBlocks)
            throws RequestRejectedException {
        List<Object> tools = Requests.array(req, "tools", "tools");
        if (tools == null || tools.isEmpty()) {
            FunctionTools.choice(req.get("tool_choice")); // still a 400 when malformed
            return null;
        }
        List<Object> specs = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            Map<String, Object> fn = FunctionTools.function(tools, i);
            Map<String, Object> spec = FunctionTools.declaration(fn);
            Object params = fn.get("parameters");
            Map<String, Object> schema = JsonTree.object();
            schema.put("json", JsonTree.asObject(params) != null ? params : emptySchema());
            spec.put("inputSchema", schema);
            Map<String, Object> t = JsonTree.object();
            t.put("toolSpec", spec);
            specs.add(t);
        }
        Map<String, Object> config = JsonTree.object();
        config.put("tools", specs);
        Object v = req.get("tool_choice");
        FunctionTools.Choice choice = FunctionTools.choice(v);
        if (choice == null) {
            return config;
        }
        switch (choice) {
            case AUTO -> config.put("toolChoice", single("auto", JsonTree.object()));
            case REQUIRED -> config.put("toolChoice", single("any", JsonTree.object()));
            case FUNCTION -> {
                Map<String, Object> tool = JsonTree.object();
                tool.put("name", FunctionTools.forcedFunction(v));
                config.put("toolChoice", single("tool", tool));
            }
            case NONE -> {
                if (!historyHasToolBlocks) {
                    return null;
                }
            }
        }
        return config;
    }

    private static Map<String, Object> single(String key, Object value) {
        Map<String, Object> m = JsonTree.object();
        m.put(key, value);
        return m;
    }

    private static Map<String, Object> emptySchema() {
        Map<String, Object> s = JsonTree.object();
        s.put("type", "object");
        s.put("properties", JsonTree.object());
        return s;
    }
}
