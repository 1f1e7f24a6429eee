package io.llmgateway.adapters.anthropic;

import static io.llmgateway.adapters.internal.Requests.reject;

import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.Requests;
import io.llmgateway.adapters.internal.Requests.DataUrl;
import io.llmgateway.codec.spi.RequestRejectedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * OpenAI Chat Completions request → Anthropic Messages request (reference 3.3). Every OpenAI field
 * is passed, translated, dropped or rejected on purpose; ADAPTERS.md lists which.
 */
final class AnthropicRequest {

    /**
     * {@code max_tokens} when the client sent no limit. Anthropic requires one; 4096 is accepted by
     * every Claude model (the smallest maximum output) and keeps the output-token rate-limit
     * estimate, which Anthropic derives from {@code max_tokens}, modest.
     */
    static final int DEFAULT_MAX_TOKENS = 4096;

    /** Name of the forced tool that carries JSON-mode answers (LiteLLM's convention). */
    static final String JSON_TOOL = "json_tool_call";

    /** Thinking budgets for {@code reasoning_effort} (LiteLLM's values). */
    static final int BUDGET_LOW = 1024;
    static final int BUDGET_MEDIUM = 2048;
    static final int BUDGET_HIGH = 4096;

    /** Fields dropped without a word: hints Anthropic has no use for, which never change the answer's shape. */
    static final Set<String> DROPPED = Set.of("stream_options", "presence_penalty", "frequency_penalty", "logit_bias",
            "seed", "store", "metadata", "service_tier", "prompt_cache_key", "prompt_cache_retention",
            "safety_identifier", "verbosity", "prediction");

    private static final Pattern PHONE = Pattern.compile("[+()\\d\\s.-]{7,}");

    /** The translated body and what the response translator must know about it. */
    record Result(Map<String, Object> body, boolean jsonMode) {
    }

    private AnthropicRequest() {
    }

    static Result translate(Map<String, Object> req, String model) throws RequestRejectedException {
        Map<String, Object> out = JsonTree.object();
        out.put("model", model);
        rejectUnsupported(req);

        long maxTokens = Requests.integer(req, "max_completion_tokens", "max_completion_tokens");
        if (maxTokens < 0) {
            maxTokens = Requests.integer(req, "max_tokens", "max_tokens");
        }
        if (maxTokens == 0) {
            throw reject(req.containsKey("max_completion_tokens") ? "max_completion_tokens" : "max_tokens",
                    "0 (expected: > 0)");
        }
        int budget = thinkingBudget(Requests.string(req, "reasoning_effort", "reasoning_effort"));
        if (budget > 0) {
            if (maxTokens < 0) {
                maxTokens = budget + DEFAULT_MAX_TOKENS;
            } else if (maxTokens <= BUDGET_LOW) {
                throw reject("reasoning_effort", "needs max_completion_tokens > " + BUDGET_LOW + " on anthropic");
            } else {
                budget = (int) Math.min(budget, maxTokens - 1);
            }
        }
        out.put("max_tokens", maxTokens < 0 ? (long) DEFAULT_MAX_TOKENS : maxTokens);

        List<Object> system = new ArrayList<>();
        out.put("messages", messages(req, system));
        if (!system.isEmpty()) {
            out.put("system", system);
        }

        boolean jsonMode = tools(req, out, budget > 0);

        if (budget > 0) {
            Map<String, Object> thinking = JsonTree.object();
            thinking.put("type", "enabled");
            thinking.put("budget_tokens", (long) budget);
            out.put("thinking", thinking);
        } else {
            // With thinking on, Anthropic accepts only the default sampling: these are dropped then.
            JsonTree.Num temperature = Requests.number(req, "temperature", "temperature");
            if (temperature != null) {
                double t = temperature.asDouble();
                if (t < 0 || t > 1) {
                    throw reject("temperature", temperature + " (expected: 0..1 for anthropic models)");
                }
                out.put("temperature", temperature);
            }
            JsonTree.Num topK = Requests.number(req, "top_k", "top_k");
            if (topK != null) {
                out.put("top_k", topK);
            }
        }
        JsonTree.Num topP = Requests.number(req, "top_p", "top_p");
        if (topP != null && budget == 0) {
            out.put("top_p", topP);
        }

        List<String> stop = Requests.stop(req);
        if (stop != null) {
            List<Object> seqs = new ArrayList<>(stop.size());
            for (String s : stop) {
                if (!s.isBlank()) {
                    seqs.add(s);
                }
            }
            if (!seqs.isEmpty()) {
                out.put("stop_sequences", seqs);
            }
        }
        Boolean stream = Requests.bool(req, "stream", "stream");
        if (Boolean.TRUE.equals(stream)) {
            out.put("stream", Boolean.TRUE);
        }
        String user = Requests.string(req, "user", "user");
        if (user != null && !user.isBlank() && user.indexOf('@') < 0 && !PHONE.matcher(user).matches()) {
            Map<String, Object> metadata = JsonTree.object();
            metadata.put("user_id", user);
            out.put("metadata", metadata);
        }
        return new Result(out, jsonMode);
    }

    private static void rejectUnsupported(Map<String, Object> req) throws RequestRejectedException {
        JsonTree.Num n = Requests.number(req, "n", "n");
        if (n != null && n.asLong() != 1) {
            throw reject("n", n + " (expected: 1; anthropic returns one choice)");
        }
        if (Boolean.TRUE.equals(Requests.bool(req, "logprobs", "logprobs"))) {
            throw reject("logprobs", "not supported by anthropic");
        }
        JsonTree.Num top = Requests.number(req, "top_logprobs", "top_logprobs");
        if (top != null && top.asLong() != 0) {
            throw reject("top_logprobs", "not supported by anthropic");
        }
        if (req.get("audio") != null && req.get("audio") != JsonTree.NULL) {
            throw reject("audio", "audio output is not supported by anthropic");
        }
        List<Object> modalities = Requests.array(req, "modalities", "modalities");
        if (modalities != null) {
            for (Object m : modalities) {
                if (!"text".equals(m)) {
                    throw reject("modalities", m + " (expected: text only on anthropic)");
                }
            }
        }
        if (req.containsKey("functions") || req.containsKey("function_call")) {
            throw reject(req.containsKey("functions") ? "functions" : "function_call",
                    "deprecated; use tools and tool_choice");
        }
        if (req.get("web_search_options") != null) {
            throw reject("web_search_options", "not supported by anthropic");
        }
    }

    private static int thinkingBudget(String effort) throws RequestRejectedException {
        if (effort == null) {
            return 0;
        }
        return switch (effort) {
            case "none" -> 0;
            case "minimal", "low" -> BUDGET_LOW;
            case "medium" -> BUDGET_MEDIUM;
            case "high" -> BUDGET_HIGH;
            default -> throw reject("reasoning_effort", effort + " (expected: none, minimal, low, medium or high)");
        };
    }

    // ---- messages ----

    private static List<Object> messages(Map<String, Object> req, List<Object> system) throws RequestRejectedException {
        List<Object> msgs = Requests.array(req, "messages", "messages");
        if (msgs == null || msgs.isEmpty()) {
            throw reject("messages", "expected a non-empty array");
        }
        List<Object> out = new ArrayList<>(msgs.size());
        List<Object> toolResults = null;
        for (int i = 0; i < msgs.size(); i++) {
            String param = "messages[" + i + ']';
            Map<String, Object> m = Requests.objectAt(msgs, i, param);
            String role = Requests.string(m, "role", param + ".role");
            if (role == null) {
                throw reject(param + ".role", "missing");
            }
            if (!role.equals("tool") && toolResults != null) {
                out.add(message("user", toolResults));
                toolResults = null;
            }
            switch (role) {
                case "system", "developer" -> system.addAll(textBlocks(m.get("content"), param + ".content"));
                case "user" -> {
                    List<Object> blocks = userBlocks(m.get("content"), param + ".content");
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
        if (out.isEmpty()) {
            throw reject("messages", "no user or assistant message with content");
        }
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

    private static Map<String, Object> text(String s) {
        Map<String, Object> b = JsonTree.object();
        b.put("type", "text");
        b.put("text", s);
        return b;
    }

    /** String or text parts → text blocks; empty text is dropped (Anthropic rejects it). */
    private static List<Object> textBlocks(Object content, String param) throws RequestRejectedException {
        List<Object> out = new ArrayList<>(1);
        if (content == null || content == JsonTree.NULL) {
            return out;
        }
        if (content instanceof String s) {
            if (!s.isEmpty()) {
                out.add(text(s));
            }
            return out;
        }
        List<Object> parts = JsonTree.asArray(content);
        if (parts == null) {
            throw reject(param, "expected a string or an array of content parts");
        }
        for (int j = 0; j < parts.size(); j++) {
            Map<String, Object> part = Requests.objectAt(parts, j, param + '[' + j + ']');
            String type = Requests.string(part, "type", param + '[' + j + "].type");
            if ("text".equals(type)) {
                String t = Requests.string(part, "text", param + '[' + j + "].text");
                if (t != null && !t.isEmpty()) {
                    out.add(text(t));
                }
            } else if (!"refusal".equals(type)) {
                throw reject(param + '[' + j + "].type", type + " (expected: text)");
            }
        }
        return out;
    }

    private static List<Object> userBlocks(Object content, String param) throws RequestRejectedException {
        if (content == null || content == JsonTree.NULL || content instanceof String) {
            return textBlocks(content, param);
        }
        List<Object> parts = JsonTree.asArray(content);
        if (parts == null) {
            throw reject(param, "expected a string or an array of content parts");
        }
        List<Object> out = new ArrayList<>(parts.size());
        for (int j = 0; j < parts.size(); j++) {
            String p = param + '[' + j + ']';
            Map<String, Object> part = Requests.objectAt(parts, j, p);
            String type = Requests.string(part, "type", p + ".type");
            if (type == null) {
                throw reject(p + ".type", "missing");
            }
            switch (type) {
                case "text" -> {
                    String t = Requests.string(part, "text", p + ".text");
                    if (t != null && !t.isEmpty()) {
                        out.add(text(t));
                    }
                }
                case "image_url" -> out.add(image(part, p));
                case "file" -> out.add(document(part, p));
                case "input_audio" -> throw reject(p + ".type", "input_audio is not supported by anthropic");
                default -> throw reject(p + ".type", type + " (expected: text, image_url or file)");
            }
        }
        return out;
    }

    private static Map<String, Object> image(Map<String, Object> part, String param) throws RequestRejectedException {
        Object iu = part.get("image_url");
        String url = iu instanceof String s ? s : JsonTree.asString(JsonTree.path(iu, "url"));
        if (url == null) {
            throw reject(param + ".image_url.url", "missing");
        }
        Map<String, Object> source = JsonTree.object();
        DataUrl data = DataUrl.parse(url);
        if (data != null) {
            source.put("type", "base64");
            source.put("media_type", data.mediaType() == null ? "image/png" : data.mediaType());
            source.put("data", data.data());
        } else if (url.startsWith("https://") || url.startsWith("http://")) {
            source.put("type", "url");
            source.put("url", url);
        } else {
            throw reject(param + ".image_url.url", "expected an http(s) URL or a base64 data URL");
        }
        Map<String, Object> b = JsonTree.object();
        b.put("type", "image");
        b.put("source", source);
        return b;
    }

    private static Map<String, Object> document(Map<String, Object> part, String param) throws RequestRejectedException {
        Map<String, Object> file = Requests.object(part, "file", param + ".file");
        if (file == null) {
            throw reject(param + ".file", "missing");
        }
        String fileData = Requests.string(file, "file_data", param + ".file.file_data");
        if (fileData == null) {
            throw reject(param + ".file", "only file_data is supported by anthropic (file_id needs OpenAI's file store)");
        }
        DataUrl data = DataUrl.parse(fileData);
        Map<String, Object> source = JsonTree.object();
        source.put("type", "base64");
        source.put("media_type", data != null && data.mediaType() != null ? data.mediaType() : "application/pdf");
        source.put("data", data != null ? data.data() : fileData);
        Map<String, Object> b = JsonTree.object();
        b.put("type", "document");
        b.put("source", source);
        return b;
    }

    private static List<Object> assistantBlocks(Map<String, Object> m, String param) throws RequestRejectedException {
        List<Object> out = textBlocks(m.get("content"), param + ".content");
        List<Object> calls = Requests.array(m, "tool_calls", param + ".tool_calls");
        if (calls == null) {
            return out;
        }
        for (int k = 0; k < calls.size(); k++) {
            String p = param + ".tool_calls[" + k + ']';
            Map<String, Object> call = Requests.objectAt(calls, k, p);
            Map<String, Object> fn = Requests.object(call, "function", p + ".function");
            String id = Requests.string(call, "id", p + ".id");
            if (fn == null || id == null) {
                throw reject(p, "expected id and function");
            }
            Map<String, Object> b = JsonTree.object();
            b.put("type", "tool_use");
            b.put("id", id);
            b.put("name", Requests.string(fn, "name", p + ".function.name"));
            b.put("input", arguments(Requests.string(fn, "arguments", p + ".function.arguments"), p + ".function.arguments"));
            out.add(b);
        }
        return out;
    }

    /** OpenAI's JSON-string arguments → the object Anthropic wants. */
    static Object arguments(String json, String param) throws RequestRejectedException {
        if (json == null || json.isBlank()) {
            return JsonTree.object();
        }
        Object v;
        try {
            v = JsonTree.parse(io.netty.buffer.Unpooled.wrappedBuffer(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            throw reject(param, "not valid JSON");
        }
        if (JsonTree.asObject(v) == null) {
            throw reject(param, "expected a JSON object");
        }
        return v;
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
            List<Object> blocks = textBlocks(content, param + ".content");
            if (!blocks.isEmpty()) {
                b.put("content", blocks);
            }
        }
        return b;
    }

    // ---- tools, tool_choice, JSON mode ----

    /** Writes tools/tool_choice into {@code out}; returns whether JSON mode (the forced tool) is on. */
    private static boolean tools(Map<String, Object> req, Map<String, Object> out, boolean thinking)
            throws RequestRejectedException {
        List<Object> tools = Requests.array(req, "tools", "tools");
        List<Object> outTools = new ArrayList<>();
        if (tools != null) {
            for (int i = 0; i < tools.size(); i++) {
                String p = "tools[" + i + ']';
                Map<String, Object> t = Requests.objectAt(tools, i, p);
                String type = Requests.string(t, "type", p + ".type");
                if (type != null && !type.equals("function")) {
                    throw reject(p + ".type", type + " (expected: function)");
                }
                Map<String, Object> fn = Requests.object(t, "function", p + ".function");
                if (fn == null || Requests.string(fn, "name", p + ".function.name") == null) {
                    throw reject(p + ".function.name", "missing");
                }
                Map<String, Object> a = JsonTree.object();
                a.put("name", fn.get("name"));
                if (fn.get("description") instanceof String d) {
                    a.put("description", d);
                }
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
            outTools.add(jt);
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

    private static Map<String, Object> toolChoice(Object v) throws RequestRejectedException {
        if (v == null || v == JsonTree.NULL) {
            return null;
        }
        if (v instanceof String s) {
            return switch (s) {
                case "auto" -> type("auto");
                case "required" -> type("any");
                case "none" -> type("none");
                default -> throw reject("tool_choice", s + " (expected: none, auto, required or a function)");
            };
        }
        Map<String, Object> o = JsonTree.asObject(v);
        String name = o == null ? null : JsonTree.asString(JsonTree.path(o, "function", "name"));
        if (o == null || !"function".equals(o.get("type")) || name == null) {
            throw reject("tool_choice", "expected none, auto, required or {\"type\":\"function\",\"function\":{\"name\":...}}");
        }
        Map<String, Object> c = type("tool");
        c.put("name", name);
        return c;
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
