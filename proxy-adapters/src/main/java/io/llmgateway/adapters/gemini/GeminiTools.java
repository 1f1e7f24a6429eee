package io.llmgateway.adapters.gemini;

import io.llmgateway.adapters.internal.FunctionTools;
import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.Requests;
import io.llmgateway.codec.spi.RequestRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenAI {@code tools} and {@code tool_choice} → Gemini {@code tools} (one
 * {@code functionDeclarations} list, parameter schemas reduced to the OpenAPI subset Gemini takes by
 * {@link GeminiSchema})
 * and {@code toolConfig.functionCallingConfig} (reference 4.3). Once per request, never per stream
 * event; stateless.
 */
final class GeminiTools {

    private GeminiTools() {
    }

    /** Writes {@code tools} and {@code toolConfig} into {@code out} when the request has tools. */
    static void translate(Map<String, Object> req, Map<String, Object> out) throws RequestRejectedException {
        List<Object> tools = Requests.array(req, "tools", "tools");
        if (tools == null || tools.isEmpty()) {
            return;
        }
        List<Object> decls = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            Map<String, Object> fn = FunctionTools.function(tools, i);
            Map<String, Object> d = FunctionTools.declaration(fn);
            Map<String, Object> params = JsonTree.asObject(fn.get("parameters"));
            if (params != null) {
                Map<String, Object> schema = GeminiSchema.parameters(params, "tools[" + i + "].function.parameters",
                        String.valueOf(d.get("name")));
                if (!isEmptyObjectSchema(schema)) {
                    d.put("parameters", schema);
                }
            }
            decls.add(d);
        }
        Map<String, Object> tool = JsonTree.object();
        tool.put("functionDeclarations", decls);
        out.put("tools", List.of(tool));

        Object choice = req.get("tool_choice");
        FunctionTools.Choice c = FunctionTools.choice(choice);
        if (c == null) {
            return;
        }
        Map<String, Object> fcc = JsonTree.object();
        switch (c) {
            case AUTO -> fcc.put("mode", "AUTO");
            case NONE -> fcc.put("mode", "NONE");
            case REQUIRED -> fcc.put("mode", "ANY");
            case FUNCTION -> {
                fcc.put("mode", "ANY");
                fcc.put("allowedFunctionNames", List.of(FunctionTools.forcedFunction(choice)));
            }
        }
        Map<String, Object> tc = JsonTree.object();
        tc.put("functionCallingConfig", fcc);
        out.put("toolConfig", tc);
    }

    // Gemini rejects an object schema without properties; a parameterless function omits it.
    private static boolean isEmptyObjectSchema(Map<String, Object> s) {
        Map<String, Object> props = JsonTree.asObject(s.get("properties"));
        return "object".equals(s.get("type")) && (props == null || props.isEmpty());
    }
}
