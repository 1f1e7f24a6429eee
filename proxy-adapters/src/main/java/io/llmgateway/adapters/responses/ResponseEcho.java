package io.llmgateway.adapters.responses;

import io.llmgateway.adapters.internal.JsonTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a Response object repeats of its request ({@code instructions}, {@code tools},
 * {@code tool_choice}, {@code text}, {@code temperature}...), with the defaults OpenAI answers
 * when the request left them out: fields the SDKs require in every Response, written once per
 * request as a JSON fragment ({@code ,"instructions":...,"user":null}) and copied into each
 * Response the answer carries ({@code response.created}, {@code response.in_progress},
 * {@code response.completed}, or the non-stream body). Function tools are echoed with
 * {@code strict}, {@code parameters} and {@code description} present, as the SDKs require. Immutable.
 */
final class ResponseEcho {

    private final byte[] fragment;

    private ResponseEcho(byte[] fragment) {
        this.fragment = fragment;
    }

    /** The fragment, to be written between a Response's {@code model} and {@code output}. */
    byte[] fragment() {
        return fragment;
    }

    /** The echo of a request already checked by {@link ResponsesRequest}. */
    static ResponseEcho of(Map<String, Object> req) {
        Map<String, Object> e = JsonTree.object();
        e.put("background", Boolean.FALSE);
        e.put("error", JsonTree.NULL);
        e.put("instructions", orNull(req.get("instructions")));
        e.put("max_output_tokens", orNull(req.get("max_output_tokens")));
        Object metadata = req.get("metadata");
        e.put("metadata", metadata instanceof Map<?, ?> ? metadata : JsonTree.object());
        Object parallel = req.get("parallel_tool_calls");
        e.put("parallel_tool_calls", parallel instanceof Boolean ? parallel : Boolean.TRUE);
        e.put("previous_response_id", JsonTree.NULL);
        Map<String, Object> reasoning = JsonTree.object();
        Map<String, Object> askedReasoning = JsonTree.asObject(req.get("reasoning"));
        reasoning.put("effort", askedReasoning == null ? JsonTree.NULL : orNull(askedReasoning.get("effort")));
        reasoning.put("summary", askedReasoning == null ? JsonTree.NULL : orNull(askedReasoning.get("summary")));
        e.put("reasoning", reasoning);
        e.put("store", Boolean.FALSE);
        e.put("temperature", orNull(req.get("temperature")));
        Object text = req.get("text");
        e.put("text", text instanceof Map<?, ?> ? text : defaultText());
        Object toolChoice = req.get("tool_choice");
        e.put("tool_choice", toolChoice == null || toolChoice == JsonTree.NULL ? "auto" : toolChoice);
        e.put("tools", tools(JsonTree.asArray(req.get("tools"))));
        e.put("top_p", orNull(req.get("top_p")));
        e.put("truncation", "disabled");
        e.put("user", orNull(req.get("user")));
        String json = JsonTree.toJson(e);
        // {"background":...} -> ,"background":...
        return new ResponseEcho((',' + json.substring(1, json.length() - 1)).getBytes(StandardCharsets.UTF_8));
    }

    private static Object orNull(Object v) {
        return v == null ? JsonTree.NULL : v;
    }

    private static Map<String, Object> defaultText() {
        Map<String, Object> format = JsonTree.object();
        format.put("type", "text");
        Map<String, Object> text = JsonTree.object();
        text.put("format", format);
        return text;
    }

    private static List<Object> tools(List<Object> asked) {
        if (asked == null) {
            return List.of();
        }
        List<Object> out = new ArrayList<>(asked.size());
        for (Object o : asked) {
            Map<String, Object> tool = JsonTree.asObject(o);
            if (tool == null) {
                continue;
            }
            Map<String, Object> t = JsonTree.object();
            t.put("type", "function");
            t.put("name", tool.get("name"));
            t.put("description", orNull(tool.get("description")));
            t.put("parameters", orNull(tool.get("parameters")));
            t.put("strict", orNull(tool.get("strict")));
            out.add(t);
        }
        return out;
    }
}
