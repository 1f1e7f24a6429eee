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
 * {@code functionDeclarations} list, parameter schemas reduced to the OpenAPI subset Gemini takes)
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
            if (params != null && !isEmptyObjectSchema(params)) {
                d.put("parameters", cleanSchema(params));
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

    /**
     * Gemini's {@code parameters} is an OpenAPI subset: JSON-Schema keywords it rejects
     * ({@code $schema}, {@code additionalProperties}, {@code strict}) are removed at every level,
     * but never from a {@code properties} map, whose keys are the caller's field names.
     */
    @SuppressWarnings("unchecked")
    static Object cleanSchema(Object schema) {
        Map<String, Object> m = JsonTree.asObject(schema);
        if (m != null) {
            Map<String, Object> out = JsonTree.object();
            for (Map.Entry<String, Object> e : m.entrySet()) {
                String k = e.getKey();
                if (k.equals("$schema") || k.equals("additionalProperties") || k.equals("strict")) {
                    continue;
                }
                if (k.equals("properties") && JsonTree.asObject(e.getValue()) != null) {
                    Map<String, Object> props = JsonTree.object();
                    for (Map.Entry<String, Object> pe : ((Map<String, Object>) e.getValue()).entrySet()) {
                        props.put(pe.getKey(), cleanSchema(pe.getValue()));
                    }
                    out.put(k, props);
                } else {
                    out.put(k, cleanSchema(e.getValue()));
                }
            }
            return out;
        }
        List<Object> l = JsonTree.asArray(schema);
        if (l != null) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(cleanSchema(o));
            }
            return out;
        }
        return schema;
    }
}
