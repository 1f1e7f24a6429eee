package io.llmgateway.adapters.bedrock;

import io.llmgateway.adapters.internal.FunctionTools;
import io.llmgateway.adapters.internal.JsonModeTool;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.Requests;
import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenAI {@code tools}, {@code tool_choice} and JSON mode ({@code response_format}) → Converse
 * {@code toolConfig} (reference 7.3): each function a {@code toolSpec} with its parameters as
 * {@code inputSchema.json}; {@code auto} → {@code {"auto":{}}}, {@code required} →
 * {@code {"any":{}}}, a named function → {@code {"tool":{"name"}}}. Converse has no {@code none}:
 * the tools are left out, unless the conversation holds tool blocks (Converse then requires a
 * {@code toolConfig}), when they are sent without a choice.
 *
 * <p>Converse has no JSON mode either: it is a forced tool ({@link JsonModeTool}) whose input
 * {@link ConverseBody} and {@link ConverseResponseTranslator} turn back into the content, decided
 * as for Anthropic. Forcing a tool ({@code any}, {@code tool}) is supported by some models only
 * (Anthropic, Mistral Large, Amazon Nova...); the others answer 400, which the client gets.
 * Once per request, never per stream event; stateless.
 */
final class ConverseTools {

    private static final String ON_CONVERSE = "on bedrock converse";

    private ConverseTools() {
    }

    /**
     * The {@code toolConfig} of {@code req}, or null when it has no tools to send.
     *
     * @param json the request's JSON mode, or null
     */
    static Map<String, Object> toolConfig(Map<String, Object> req, JsonModeTool json, boolean historyHasToolBlocks,
            boolean thinking) throws RequestRejectedException {
        List<Object> tools = Requests.array(req, "tools", "tools");
        Object v = req.get("tool_choice");
        FunctionTools.Choice choice = FunctionTools.choice(v);
        List<Object> specs = new ArrayList<>((tools == null ? 0 : tools.size()) + 1);
        if (tools != null) {
            for (int i = 0; i < tools.size(); i++) {
                Map<String, Object> fn = FunctionTools.function(tools, i);
                Object params = fn.get("parameters");
                specs.add(toolSpec(FunctionTools.declaration(fn),
                        JsonTree.asObject(params) != null ? params : FunctionTools.emptySchema()));
            }
        }
        if (json != null) {
            JsonModeTool.ToolChoice forced = JsonModeTool.choice(choice, !specs.isEmpty(), thinking, ON_CONVERSE);
            Map<String, Object> declaration = JsonTree.object();
            declaration.put("name", JsonModeTool.NAME);
            declaration.put("description", json.description());
            specs.add(toolSpec(declaration, json.schema()));
            Map<String, Object> config = JsonTree.object();
            config.put("tools", specs);
            switch (forced) {
                case JSON_TOOL -> config.put("toolChoice", named(JsonModeTool.NAME));
                case ANY -> config.put("toolChoice", single("any", JsonTree.object()));
                case AUTO -> config.put("toolChoice", single("auto", JsonTree.object()));
                case CLIENT -> config.put("toolChoice", clientChoice(choice, v));
            }
            return config;
        }
        if (specs.isEmpty()) {
            return null;
        }
        Map<String, Object> config = JsonTree.object();
        config.put("tools", specs);
        if (choice == FunctionTools.Choice.NONE) {
            return historyHasToolBlocks ? config : null;
        }
        if (choice != null) {
            config.put("toolChoice", clientChoice(choice, v));
        }
        return config;
    }

    /** The Converse {@code toolChoice} of the client's {@code auto}, {@code required} or named function. */
    private static Map<String, Object> clientChoice(FunctionTools.Choice choice, Object v) {
        return switch (choice) {
            case AUTO -> single("auto", JsonTree.object());
            case FUNCTION -> named(FunctionTools.forcedFunction(v));
            default -> single("any", JsonTree.object()); // REQUIRED; NONE never gets here
        };
    }

    private static Map<String, Object> toolSpec(Map<String, Object> declaration, Object schema) {
        Map<String, Object> inputSchema = JsonTree.object();
        inputSchema.put("json", schema);
        declaration.put("inputSchema", inputSchema);
        Map<String, Object> t = JsonTree.object();
        t.put("toolSpec", declaration);
        return t;
    }

    private static Map<String, Object> named(String name) {
        Map<String, Object> tool = JsonTree.object();
        tool.put("name", name);
        return single("tool", tool);
    }

    private static Map<String, Object> single(String key, Object value) {
        Map<String, Object> m = JsonTree.object();
        m.put(key, value);
        return m;
    }
}
