package io.llmgateway.adapters.gemini;

import static io.llmgateway.adapters.internal.Requests.reject;

import io.llmgateway.adapters.internal.JsonTree;
import io.llmgateway.adapters.internal.Requests;
import io.llmgateway.adapters.internal.Requests.DataUrl;
import io.llmgateway.codec.spi.RequestRejectedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI requests → Gemini {@code GenerateContentRequest} and embedding requests (reference 4.3,
 * 10.1). The same bodies serve AI Studio and Vertex AI. ADAPTERS.md lists what happens to each field.
 */
final class GeminiRequest {

    /**
     * Gemini tool calls carry no id, so the gateway mints {@code call_<hex>}. A call that carried a
     * {@code thoughtSignature} (Gemini 2.5/3) gets it appended after this separator, so that it goes
     * back to Gemini in the same part when the client replays the conversation (LiteLLM's scheme).
     */
    static final String SIGNATURE_SEPARATOR = "__thought__";

    /**
     * The signature Google documents for function calls that Gemini did not produce (history from
     * another model, injected calls): it tells Gemini 3's validator to skip the check. Sent on the
     * first call of an assistant message whose id carries no signature; Gemini 3 only checks the
     * first call of each step.
     */
    static final String FOREIGN_CALL_SIGNATURE = "skip_thought_signature_validator";

    /** Thinking budgets for {@code reasoning_effort} (Google's OpenAI-compatibility mapping, section 6). */
    static final int BUDGET_LOW = 1024;
    static final int BUDGET_MEDIUM = 8192;
    static final int BUDGET_HIGH = 24576;

    /** Dropped without a word: no Gemini equivalent, and the answer keeps its shape without them. */
    static final Set<String> DROPPED = Set.of("user", "logit_bias", "store", "metadata", "service_tier",
            "stream_options", "parallel_tool_calls", "prompt_cache_key", "prompt_cache_retention",
            "safety_identifier", "verbosity", "prediction");

    private GeminiRequest() {
    }

    // ---- chat ----

    static Map<String, Object> chat(Map<String, Object> req) throws RequestRejectedException {
        rejectUnsupported(req);
        Map<String, Object> out = JsonTree.object();
        List<Object> system = new ArrayList<>();
        out.put("contents", contents(req, system));
        if (!system.isEmpty()) {
            Map<String, Object> si = JsonTree.object();
            si.put("parts", system);
            out.put("systemInstruction", si);
        }
        tools(req, out);

        Map<String, Object> gen = JsonTree.object();
        putNumber(req, "temperature", gen, "temperature");
        putNumber(req, "top_p", gen, "topP");
        putNumber(req, "top_k", gen, "topK");
        long max = Requests.integer(req, "max_completion_tokens", "max_completion_tokens");
        if (max < 0) {
            max = Requests.integer(req, "max_tokens", "max_tokens");
        }
        if (max >= 0) {
            gen.put("maxOutputTokens", max);
        }
        List<String> stop = Requests.stop(req);
        if (stop != null && !stop.isEmpty()) {
            gen.put("stopSequences", new ArrayList<Object>(stop));
        }
        JsonTree.Num n = Requests.number(req, "n", "n");
        if (n != null && n.asLong() != 1) {
            if (Boolean.TRUE.equals(req.get("stream"))) {
                throw reject("n", n + " (expected: 1 when streaming from gemini)");
            }
            gen.put("candidateCount", n);
        }
        putNumber(req, "seed", gen, "seed");
        putNumber(req, "presence_penalty", gen, "presencePenalty");
        putNumber(req, "frequency_penalty", gen, "frequencyPenalty");
        responseFormat(req, gen);
        String effort = Requests.string(req, "reasoning_effort", "reasoning_effort");
        if (effort != null) {
            Map<String, Object> thinking = JsonTree.object();
            thinking.put("thinkingBudget", (long) switch (effort) {
                case "none" -> 0;
                case "minimal", "low" -> BUDGET_LOW;
                case "medium" -> BUDGET_MEDIUM;
                case "high" -> BUDGET_HIGH;
                default -> throw reject("reasoning_effort", effort + " (expected: none, minimal, low, medium or high)");
            });
            gen.put("thinkingConfig", thinking);
        }
        if (!gen.isEmpty()) {
            out.put("generationConfig", gen);
        }
        return out;
    }

    private static void rejectUnsupported(Map<String, Object> req) throws RequestRejectedException {
        if (Boolean.TRUE.equals(Requests.bool(req, "logprobs", "logprobs"))) {
            throw reject("logprobs", "not supported through the gemini adapter");
        }
        JsonTree.Num top = Requests.number(req, "top_logprobs", "top_logprobs");
        if (top != null && top.asLong() != 0) {
            throw reject("top_logprobs", "not supported through the gemini adapter");
        }
        if (req.get("audio") != null && req.get("audio") != JsonTree.NULL) {
            throw reject("audio", "audio output is not supported through the gemini adapter");
        }
        List<Object> modalities = Requests.array(req, "modalities", "modalities");
        if (modalities != null) {
            for (Object m : modalities) {
                if (!"text".equals(m)) {
                    throw reject("modalities", m + " (expected: text only through the gemini adapter)");
                }
            }
        }
        if (req.containsKey("functions") || req.containsKey("function_call")) {
            throw reject(req.containsKey("functions") ? "functions" : "function_call",
                    "deprecated; use tools and tool_choice");
        }
        if (req.get("web_search_options") != null) {
            throw reject("web_search_options", "not supported through the gemini adapter");
        }
    }

    private static void putNumber(Map<String, Object> req, String key, Map<String, Object> gen, String to)
            throws RequestRejectedException {
        JsonTree.Num v = Requests.number(req, key, key);
        if (v != null) {
            gen.put(to, v);
        }
    }

    private static void responseFormat(Map<String, Object> req, Map<String, Object> gen) throws RequestRejectedException {
        Map<String, Object> format = Requests.object(req, "response_format", "response_format");
        if (format == null) {
            return;
        }
        String type = Requests.string(format, "type", "response_format.type");
        if (type == null || type.equals("text")) {
            return;
        }
        if (type.equals("json_object")) {
            gen.put("responseMimeType", "application/json");
        } else if (type.equals("json_schema")) {
            gen.put("responseMimeType", "application/json");
            Map<String, Object> js = Requests.object(format, "json_schema", "response_format.json_schema");
            Object schema = js == null ? null : js.get("schema");
            if (JsonTree.asObject(schema) != null) {
                gen.put("responseJsonSchema", schema);
            }
        } else {
            throw reject("response_format.type", type + " (expected: text, json_object or json_schema)");
        }
    }

    // ---- contents ----

    private static List<Object> contents(Map<String, Object> req, List<Object> system) throws RequestRejectedException {
        List<Object> msgs = Requests.array(req, "messages", "messages");
        if (msgs == null || msgs.isEmpty()) {
            throw reject("messages", "expected a non-empty array");
        }
        Map<String, String> toolNames = new HashMap<>();
        List<Object> out = new ArrayList<>(msgs.size());
        for (int i = 0; i < msgs.size(); i++) {
            String param = "messages[" + i + ']';
            Map<String, Object> m = Requests.objectAt(msgs, i, param);
            String role = Requests.string(m, "role", param + ".role");
            if (role == null) {
                throw reject(param + ".role", "missing");
            }
            switch (role) {
                case "system", "developer" -> system.addAll(textParts(m.get("content"), param + ".content"));
                case "user" -> append(out, "user", userParts(m.get("content"), param + ".content"));
                case "assistant" -> append(out, "model", assistantParts(m, param, toolNames));
                case "tool" -> append(out, "user", List.of(functionResponse(m, param, toolNames)));
                default -> throw reject(param + ".role", role + " (expected: system, developer, user, assistant or tool)");
            }
        }
        if (out.isEmpty()) {
            throw reject("messages", "no user or assistant message with content");
        }
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

    private static Map<String, Object> text(String s) {
        Map<String, Object> p = JsonTree.object();
        p.put("text", s);
        return p;
    }

    private static List<Object> textParts(Object content, String param) throws RequestRejectedException {
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

    private static List<Object> userParts(Object content, String param) throws RequestRejectedException {
        if (content == null || content == JsonTree.NULL || content instanceof String) {
            return textParts(content, param);
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
                case "input_audio" -> {
                    Map<String, Object> a = Requests.object(part, "input_audio", p + ".input_audio");
                    String data = a == null ? null : Requests.string(a, "data", p + ".input_audio.data");
                    if (data == null) {
                        throw reject(p + ".input_audio.data", "missing");
                    }
                    String format = a.get("format") instanceof String f ? f : "wav";
                    out.add(inline("audio/" + format, data));
                }
                case "file" -> {
                    Map<String, Object> f = Requests.object(part, "file", p + ".file");
                    String fileData = f == null ? null : Requests.string(f, "file_data", p + ".file.file_data");
                    if (fileData == null) {
                        throw reject(p + ".file", "only file_data is supported by gemini (file_id needs OpenAI's file store)");
                    }
                    DataUrl d = DataUrl.parse(fileData);
                    out.add(inline(d != null && d.mediaType() != null ? d.mediaType() : "application/pdf",
                            d != null ? d.data() : fileData));
                }
                default -> throw reject(p + ".type", type + " (expected: text, image_url, input_audio or file)");
            }
        }
        return out;
    }

    private static Map<String, Object> inline(String mimeType, String data) {
        Map<String, Object> in = JsonTree.object();
        in.put("mimeType", mimeType);
        in.put("data", data);
        Map<String, Object> p = JsonTree.object();
        p.put("inlineData", in);
        return p;
    }

    private static Map<String, Object> image(Map<String, Object> part, String param) throws RequestRejectedException {
        Object iu = part.get("image_url");
        String url = iu instanceof String s ? s : JsonTree.asString(JsonTree.path(iu, "url"));
        if (url == null) {
            throw reject(param + ".image_url.url", "missing");
        }
        DataUrl data = DataUrl.parse(url);
        if (data != null) {
            return inline(data.mediaType() == null ? "image/png" : data.mediaType(), data.data());
        }
        if (url.startsWith("https://") || url.startsWith("http://") || url.startsWith("gs://")) {
            // The adapter never fetches: Gemini reads the URI itself (gs://, Files API, public https on Vertex).
            Map<String, Object> fd = JsonTree.object();
            fd.put("mimeType", mimeFromExtension(url));
            fd.put("fileUri", url);
            Map<String, Object> p = JsonTree.object();
            p.put("fileData", fd);
            return p;
        }
        throw reject(param + ".image_url.url", "expected an http(s) or gs:// URL or a base64 data URL");
    }

    static String mimeFromExtension(String url) {
        String path = url.toLowerCase(Locale.ROOT);
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        if (path.endsWith(".png")) {
            return "image/png";
        }
        if (path.endsWith(".webp")) {
            return "image/webp";
        }
        if (path.endsWith(".gif")) {
            return "image/gif";
        }
        if (path.endsWith(".heic")) {
            return "image/heic";
        }
        if (path.endsWith(".pdf")) {
            return "application/pdf";
        }
        return "image/jpeg";
    }

    private static List<Object> assistantParts(Map<String, Object> m, String param, Map<String, String> toolNames)
            throws RequestRejectedException {
        List<Object> out = textParts(m.get("content"), param + ".content");
        List<Object> calls = Requests.array(m, "tool_calls", param + ".tool_calls");
        if (calls == null) {
            return out;
        }
        for (int k = 0; k < calls.size(); k++) {
            String p = param + ".tool_calls[" + k + ']';
            Map<String, Object> call = Requests.objectAt(calls, k, p);
            Map<String, Object> fn = Requests.object(call, "function", p + ".function");
            String id = Requests.string(call, "id", p + ".id");
            String name = fn == null ? null : Requests.string(fn, "name", p + ".function.name");
            if (name == null) {
                throw reject(p + ".function.name", "missing");
            }
            if (id != null) {
                toolNames.put(id, name);
            }
            Map<String, Object> fc = JsonTree.object();
            fc.put("name", name);
            fc.put("args", arguments(Requests.string(fn, "arguments", p + ".function.arguments"), p + ".function.arguments"));
            Map<String, Object> part = JsonTree.object();
            part.put("functionCall", fc);
            int sig = id == null ? -1 : id.indexOf(SIGNATURE_SEPARATOR);
            if (sig >= 0) {
                part.put("thoughtSignature", id.substring(sig + SIGNATURE_SEPARATOR.length()));
            } else if (k == 0) {
                // A call Gemini did not make (another provider's, before a fallback): Gemini 3 wants a
                // signature on the first call of each step, and this one has none to give back.
                part.put("thoughtSignature", FOREIGN_CALL_SIGNATURE);
            }
            out.add(part);
        }
        return out;
    }

    private static Object arguments(String json, String param) throws RequestRejectedException {
        if (json == null || json.isBlank()) {
            return JsonTree.object();
        }
        Object v;
        try {
            v = JsonTree.parse(io.netty.buffer.Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            throw reject(param, "not valid JSON");
        }
        if (JsonTree.asObject(v) == null) {
            throw reject(param, "expected a JSON object");
        }
        return v;
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
            for (Object part : textParts(content, param + ".content")) {
                sb.append(((Map<?, ?>) part).get("text"));
            }
        }
        Map<String, Object> response = JsonTree.object();
        response.put("content", sb.toString());
        Map<String, Object> fr = JsonTree.object();
        fr.put("name", name);
        fr.put("response", response);
        Map<String, Object> part = JsonTree.object();
        part.put("functionResponse", fr);
        return part;
    }

    // ---- tools ----

    private static void tools(Map<String, Object> req, Map<String, Object> out) throws RequestRejectedException {
        List<Object> tools = Requests.array(req, "tools", "tools");
        if (tools == null || tools.isEmpty()) {
            return;
        }
        List<Object> decls = new ArrayList<>(tools.size());
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
            Map<String, Object> d = JsonTree.object();
            d.put("name", fn.get("name"));
            if (fn.get("description") instanceof String desc) {
                d.put("description", desc);
            }
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
        if (choice == null || choice == JsonTree.NULL) {
            return;
        }
        Map<String, Object> fcc = JsonTree.object();
        if (choice instanceof String s) {
            fcc.put("mode", switch (s) {
                case "auto" -> "AUTO";
                case "none" -> "NONE";
                case "required" -> "ANY";
                default -> throw reject("tool_choice", s + " (expected: none, auto, required or a function)");
            });
        } else {
            String name = JsonTree.asString(JsonTree.path(choice, "function", "name"));
            if (name == null || !"function".equals(JsonTree.path(choice, "type"))) {
                throw reject("tool_choice", "expected none, auto, required or {\"type\":\"function\",\"function\":{\"name\":...}}");
            }
            fcc.put("mode", "ANY");
            fcc.put("allowedFunctionNames", List.of(name));
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

    // ---- embeddings ----

    /** The texts of an embeddings request's {@code input}; token-id inputs are rejected. */
    static List<String> embeddingInputs(Map<String, Object> req) throws RequestRejectedException {
        Object input = req.get("input");
        if (input instanceof String s) {
            return List.of(s);
        }
        List<Object> l = JsonTree.asArray(input);
        if (l == null || l.isEmpty()) {
            throw reject("input", "expected a string or a non-empty array of strings");
        }
        List<String> out = new ArrayList<>(l.size());
        for (Object o : l) {
            if (!(o instanceof String s)) {
                throw reject("input", "token arrays are not supported by gemini; send text");
            }
            out.add(s);
        }
        return out;
    }

    /** {@code :batchEmbedContents} body (AI Studio). */
    static Map<String, Object> batchEmbed(Map<String, Object> req, String model) throws RequestRejectedException {
        List<String> inputs = embeddingInputs(req);
        long dims = Requests.integer(req, "dimensions", "dimensions");
        List<Object> requests = new ArrayList<>(inputs.size());
        for (String s : inputs) {
            Map<String, Object> content = JsonTree.object();
            content.put("parts", List.of(text(s)));
            Map<String, Object> r = JsonTree.object();
            r.put("model", "models/" + model);
            r.put("content", content);
            if (dims > 0) {
                r.put("outputDimensionality", dims);
            }
            requests.add(r);
        }
        Map<String, Object> out = JsonTree.object();
        out.put("requests", requests);
        return out;
    }

    /** {@code :predict} body (Vertex text-embedding and gemini-embedding models). */
    static Map<String, Object> predictEmbed(Map<String, Object> req) throws RequestRejectedException {
        List<String> inputs = embeddingInputs(req);
        long dims = Requests.integer(req, "dimensions", "dimensions");
        List<Object> instances = new ArrayList<>(inputs.size());
        for (String s : inputs) {
            Map<String, Object> i = JsonTree.object();
            i.put("content", s);
            instances.add(i);
        }
        Map<String, Object> out = JsonTree.object();
        out.put("instances", instances);
        if (dims > 0) {
            Map<String, Object> params = JsonTree.object();
            params.put("outputDimensionality", dims);
            out.put("parameters", params);
        }
        return out;
    }

    /** Whether the client asked for base64 vectors; anything but float/base64 is a 400. */
    static boolean base64Encoding(Map<String, Object> req) throws RequestRejectedException {
        String f = Requests.string(req, "encoding_format", "encoding_format");
        if (f == null || f.equals("float")) {
            return false;
        }
        if (f.equals("base64")) {
            return true;
        }
        throw reject("encoding_format", f + " (expected: float or base64)");
    }
}
