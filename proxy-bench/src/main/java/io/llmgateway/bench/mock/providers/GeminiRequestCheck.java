package io.llmgateway.bench.mock.providers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@code GenerateContentRequest} the way the Gemini API does (providers.md 4.3, with the
 * messages Google answers): proto field names only (camelCase or snake_case; anything else is
 * {@code Unknown name "x" at 'path': Cannot find field.}), non-empty {@code contents} whose roles
 * are {@code user} or {@code model}, one data field per part, function-call and function-response
 * turns in order and in equal numbers, the OpenAPI schema subset in function parameters
 * ({@code additionalProperties} and {@code $schema} are unknown names), a known
 * {@code functionCallingConfig.mode}, and the thought signatures this mock issued sent back with
 * their function calls (Gemini 3). Field names in messages are snake_case, as Google writes them.
 */
final class GeminiRequestCheck {

    /** What the mock needs to answer a valid request. */
    record Checked(JsonNode tool, boolean json, JsonNode responseSchema) {
    }

    private static final Set<String> TOP_LEVEL = names("contents", "systemInstruction", "tools", "toolConfig",
            "safetySettings", "generationConfig", "cachedContent");
    private static final Set<String> VERTEX_TOP_LEVEL = names("labels");
    private static final Set<String> CONTENT = names("role", "parts");
    private static final Set<String> PART_DATA = names("text", "inlineData", "fileData", "functionCall",
            "functionResponse", "executableCode", "codeExecutionResult");
    private static final Set<String> PART_META = names("thought", "thoughtSignature", "videoMetadata", "partMetadata");
    private static final Set<String> GENERATION = names("stopSequences", "responseMimeType", "responseSchema",
            "responseJsonSchema", "responseModalities", "candidateCount", "maxOutputTokens", "temperature", "topP",
            "topK", "seed", "presencePenalty", "frequencyPenalty", "responseLogprobs", "logprobs",
            "enableEnhancedCivicAnswers", "speechConfig", "thinkingConfig", "mediaResolution", "imageConfig");
    private static final Set<String> THINKING = names("thinkingBudget", "includeThoughts", "thinkingLevel");
    private static final Set<String> TOOL = names("functionDeclarations", "googleSearch", "googleSearchRetrieval",
            "codeExecution", "urlContext", "googleMaps", "computerUse", "fileSearch");
    private static final Set<String> DECLARATION = names("name", "description", "parameters",
            "parametersJsonSchema", "response", "responseJsonSchema", "behavior");
    /** The OpenAPI 3.0 subset of {@code google.ai.generativelanguage.v1beta.Schema}. */
    private static final Set<String> SCHEMA = names("type", "format", "title", "description", "nullable", "enum",
            "maxItems", "minItems", "properties", "required", "minProperties", "maxProperties", "minLength",
            "maxLength", "pattern", "example", "anyOf", "propertyOrdering", "default", "items", "minimum", "maximum");
    private static final Set<String> TYPES = Set.of("TYPE_UNSPECIFIED", "STRING", "NUMBER", "INTEGER", "BOOLEAN",
            "ARRAY", "OBJECT", "NULL");
    private static final Set<String> MODES = Set.of("MODE_UNSPECIFIED", "AUTO", "ANY", "NONE", "VALIDATED");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}");

    private GeminiRequestCheck() {
    }

    static Checked check(JsonNode body, boolean vertex, boolean signatures) throws Rejected {
        if (!body.isObject()) {
            throw invalidPayload("Invalid JSON payload received. Expected an object.", null);
        }
        fields(body, vertex ? union(TOP_LEVEL, VERTEX_TOP_LEVEL) : TOP_LEVEL, null);
        JsonNode system = field(body, "systemInstruction");
        if (system != null) {
            content(system, "system_instruction", false);
        }
        Map<String, JsonNode> declarations = tools(field(body, "tools"));
        JsonNode mode = toolConfig(field(body, "toolConfig"), declarations);
        GenerationConfig generation = generationConfig(field(body, "generationConfig"));
        boolean lastIsFunctionResponse = contents(field(body, "contents"), signatures);

        String modeName = mode == null ? "AUTO" : mode.path("mode").asText("AUTO");
        if (lastIsFunctionResponse || declarations.isEmpty() || modeName.equals("NONE")) {
            return new Checked(null, generation.json, generation.schema);
        }
        JsonNode allowed = mode == null ? null : field(mode, "allowedFunctionNames");
        JsonNode tool = allowed != null && !allowed.isEmpty() ? declarations.get(allowed.get(0).asText())
                : declarations.values().iterator().next();
        return new Checked(tool, false, null);
    }

    // ---- contents ----

    /** Returns whether the last content answers function calls. */
    private static boolean contents(JsonNode contents, boolean signatures) throws Rejected {
        if (contents == null || contents.isEmpty()) {
            throw Rejected.badRequest("* GenerateContentRequest.contents: contents is not specified\n");
        }
        if (!contents.isArray()) {
            throw invalidValue("contents", contents);
        }
        int previousCalls = 0;
        String previousRole = null;
        boolean lastResponses = false;
        List<Turn> turns = new ArrayList<>(contents.size());
        for (int i = 0; i < contents.size(); i++) {
            String p = "contents[" + i + ']';
            JsonNode c = contents.get(i);
            Turn turn = content(c, p, true);
            turns.add(turn);
            if (turn.calls > 0) {
                if (!"user".equals(previousRole)) {
                    throw Rejected.badRequest("Please ensure that function call turn comes immediately after a user "
                            + "turn or after a function response turn.");
                }
            }
            if (turn.responses > 0) {
                if (previousCalls == 0) {
                    throw Rejected.badRequest("Please ensure that function response turn comes immediately after a "
                            + "function call turn.");
                }
                if (turn.responses != previousCalls) {
                    throw Rejected.badRequest("Please ensure that the number of function response parts is equal to "
                            + "the number of function call parts of the function call turn.");
                }
            }
            previousCalls = turn.calls;
            previousRole = turn.role == null ? "user" : turn.role;
            lastResponses = turn.responses > 0;
            if (i == contents.size() - 1 && "model".equals(turn.role)) {
                throw Rejected.badRequest("Please ensure that multiturn requests end with a user role or a function "
                        + "response.");
            }
        }
        if (signatures) {
            currentTurnSignatures(turns);
        }
        return lastResponses;
    }

    private record Turn(String role, int calls, int responses, List<JsonNode> callParts) {
    }

    /**
     * Gemini 3 checks the steps of the current turn only: the model contents after the last user
     * content that is not just function responses.
     */
    private static void currentTurnSignatures(List<Turn> turns) throws Rejected {
        int start = 0;
        for (int i = 0; i < turns.size(); i++) {
            Turn t = turns.get(i);
            if (!"model".equals(t.role) && t.responses == 0) {
                start = i;
            }
        }
        for (int i = start; i < turns.size(); i++) {
            if (turns.get(i).calls > 0) {
                signatures(turns.get(i).callParts, "contents[" + i + ']');
            }
        }
    }

    private static Turn content(JsonNode c, String p, boolean roleRequiredValid) throws Rejected {
        if (!c.isObject()) {
            throw invalidValue(p, c);
        }
        fields(c, CONTENT, p);
        JsonNode roleNode = c.get("role");
        String role = roleNode == null ? null : roleNode.asText();
        if (roleRequiredValid && role != null && !role.equals("user") && !role.equals("model")) {
            throw Rejected.badRequest("Please use a valid role: user, model.");
        }
        JsonNode parts = c.get("parts");
        if (parts == null || parts.isEmpty()) {
            throw Rejected.badRequest("* GenerateContentRequest." + p + ".parts: contents.parts must not be empty.\n");
        }
        int calls = 0;
        int responses = 0;
        List<JsonNode> callParts = new ArrayList<>(1);
        for (int j = 0; j < parts.size(); j++) {
            String pp = p + ".parts[" + j + ']';
            JsonNode part = parts.get(j);
            fields(part, union(PART_DATA, PART_META), pp);
            String data = null;
            for (Iterator<String> it = part.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (PART_DATA.contains(name)) {
                    if (data != null) {
                        throw Rejected.badRequest("Invalid value at '" + pp + "' (oneof), oneof field 'data' is "
                                + "already set. Cannot set '" + camel(name) + "'");
                    }
                    data = camel(name);
                }
            }
            if (data == null) {
                throw Rejected.badRequest("* GenerateContentRequest." + pp + ".data: required oneof field 'data' must "
                        + "have one initialized field\n");
            }
            switch (data) {
                case "text" -> {
                    if (!field(part, "text").isTextual()) {
                        throw invalidValue(pp + ".text", field(part, "text"));
                    }
                }
                case "functionCall" -> {
                    JsonNode call = field(part, "functionCall");
                    name(call, pp + ".function_call");
                    JsonNode args = field(call, "args");
                    if (args != null && !args.isObject()) {
                        throw invalidValue(pp + ".function_call.args", args);
                    }
                    calls++;
                    callParts.add(part);
                }
                case "functionResponse" -> {
                    JsonNode response = field(part, "functionResponse");
                    name(response, pp + ".function_response");
                    JsonNode value = field(response, "response");
                    if (value == null || !value.isObject()) {
                        throw invalidValue(pp + ".function_response.response", value);
                    }
                    responses++;
                }
                case "inlineData" -> {
                    JsonNode blob = field(part, "inlineData");
                    if (field(blob, "mimeType") == null || field(blob, "data") == null) {
                        throw Rejected.badRequest("* GenerateContentRequest." + pp + ".inline_data: mime_type and "
                                + "data must be set\n");
                    }
                }
                default -> {
                }
            }
        }
        return new Turn(role, calls, responses, callParts);
    }

    private static void name(JsonNode call, String p) throws Rejected {
        JsonNode name = field(call, "name");
        if (name == null || name.asText().isEmpty()) {
            throw Rejected.badRequest("* GenerateContentRequest." + p + ".name: Name cannot be empty.\n");
        }
    }

    /**
     * Gemini 3: the first function call of each model step carries the signature the model sent,
     * or one of the dummies Google documents for calls that did not come from Gemini.
     */
    private static void signatures(List<JsonNode> callParts, String p) throws Rejected {
        JsonNode first = callParts.get(0);
        JsonNode signature = field(first, "thoughtSignature");
        String name = field(field(first, "functionCall"), "name").asText();
        if (signature == null) {
            throw Rejected.badRequest("Function call is missing a thought_signature in functionCall parts. This is "
                    + "required for tools to work correctly, and missing thought_signature may lead to degraded "
                    + "model performance. Additional data, function call `default_api:" + name + "` , position "
                    + p + ". Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.");
        }
        if (!signature.asText().equals(GeminiExchange.thoughtSignature(name))
                && !GeminiExchange.DUMMY_SIGNATURES.contains(signature.asText())) {
            throw Rejected.badRequest("Unable to submit request because Thought signature is not valid.. Learn more: "
                    + "https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/gemini");
        }
    }

    // ---- tools ----

    private static Map<String, JsonNode> tools(JsonNode tools) throws Rejected {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (tools == null) {
            return out;
        }
        for (int i = 0; i < tools.size(); i++) {
            String p = "tools[" + i + ']';
            JsonNode tool = tools.get(i);
            fields(tool, TOOL, p);
            JsonNode declarations = field(tool, "functionDeclarations");
            if (declarations == null) {
                continue;
            }
            for (int j = 0; j < declarations.size(); j++) {
                String dp = p + ".function_declarations[" + j + ']';
                JsonNode d = declarations.get(j);
                fields(d, DECLARATION, dp);
                String name = d.path("name").asText("");
                if (!FUNCTION_NAME.matcher(name).matches()) {
                    throw Rejected.badRequest("* GenerateContentRequest." + dp + ".name: Invalid function name. Must "
                            + "start with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), underscores "
                            + "(_), dots (.), colons (:), or dashes (-), with a maximum length of 64.\n");
                }
                JsonNode parameters = field(d, "parameters");
                if (parameters != null) {
                    schema(parameters, dp + ".parameters");
                }
                out.put(name, d);
            }
        }
        return out;
    }

    private static void schema(JsonNode s, String p) throws Rejected {
        fields(s, SCHEMA, p);
        JsonNode type = s.get("type");
        if (type != null && !TYPES.contains(type.asText().toUpperCase(Locale.ROOT))) {
            throw Rejected.badRequest("Invalid value at '" + p + ".type' (type.googleapis.com/google.ai."
                    + "generativelanguage.v1beta.Type), \"" + type.asText() + "\"");
        }
        JsonNode properties = s.get("properties");
        if (properties != null) {
            int k = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); k++) {
                schema(it.next().getValue(), p + ".properties[" + k + "].value");
            }
        }
        JsonNode items = s.get("items");
        if (items != null) {
            schema(items, p + ".items");
        }
        JsonNode anyOf = field(s, "anyOf");
        if (anyOf != null) {
            for (int k = 0; k < anyOf.size(); k++) {
                schema(anyOf.get(k), p + ".any_of[" + k + ']');
            }
        }
    }

    private static JsonNode toolConfig(JsonNode config, Map<String, JsonNode> declarations) throws Rejected {
        if (config == null) {
            return null;
        }
        fields(config, names("functionCallingConfig", "retrievalConfig"), "tool_config");
        JsonNode calling = field(config, "functionCallingConfig");
        if (calling == null) {
            return null;
        }
        fields(calling, names("mode", "allowedFunctionNames"), "tool_config.function_calling_config");
        String mode = calling.path("mode").asText("AUTO");
        if (!MODES.contains(mode)) {
            throw Rejected.badRequest("Invalid value at 'tool_config.function_calling_config.mode' (type.googleapis.com/"
                    + "google.ai.generativelanguage.v1beta.FunctionCallingConfig.Mode), \"" + mode + "\"");
        }
        JsonNode allowed = field(calling, "allowedFunctionNames");
        if (allowed != null && !allowed.isEmpty()) {
            if (!mode.equals("ANY")) {
                throw Rejected.badRequest("* GenerateContentRequest.tool_config.function_calling_config."
                        + "allowed_function_names: only allowed when mode is ANY.\n");
            }
            for (JsonNode name : allowed) {
                if (!declarations.containsKey(name.asText())) {
                    throw Rejected.badRequest("* GenerateContentRequest.tool_config.function_calling_config."
                            + "allowed_function_names: function '" + name.asText() + "' is not declared.\n");
                }
            }
        }
        return calling;
    }

    // ---- generationConfig ----

    private record GenerationConfig(boolean json, JsonNode schema) {
    }

    private static GenerationConfig generationConfig(JsonNode g) throws Rejected {
        if (g == null) {
            return new GenerationConfig(false, null);
        }
        fields(g, GENERATION, "generation_config");
        JsonNode thinking = field(g, "thinkingConfig");
        if (thinking != null) {
            fields(thinking, THINKING, "generation_config.thinking_config");
        }
        JsonNode temperature = g.get("temperature");
        if (temperature != null && (temperature.asDouble() < 0 || temperature.asDouble() > 2)) {
            throw Rejected.badRequest("* GenerateContentRequest.generation_config.temperature: temperature must be in "
                    + "the range [0.0, 2.0]\n");
        }
        JsonNode stops = field(g, "stopSequences");
        if (stops != null && stops.size() > 5) {
            throw Rejected.badRequest("* GenerateContentRequest.generation_config.stop_sequences: at most 5 stop "
                    + "sequences are allowed\n");
        }
        JsonNode candidates = field(g, "candidateCount");
        if (candidates != null && candidates.asInt() < 1) {
            throw Rejected.badRequest("* GenerateContentRequest.generation_config.candidate_count: must be positive\n");
        }
        JsonNode mime = field(g, "responseMimeType");
        String type = mime == null ? "text/plain" : mime.asText();
        if (!Set.of("text/plain", "application/json", "text/x.enum").contains(type)) {
            throw Rejected.badRequest("* GenerateContentRequest.generation_config.response_mime_type: allowed mimetypes "
                    + "are `text/plain`, `application/json`, `text/x.enum`.\n");
        }
        JsonNode schema = field(g, "responseSchema");
        if (schema != null) {
            schema(schema, "generation_config.response_schema");
        } else {
            schema = field(g, "responseJsonSchema");
        }
        if (schema != null && !type.equals("application/json")) {
            throw Rejected.badRequest("* GenerateContentRequest.generation_config.response_mime_type: response_mime_type "
                    + "must be `application/json` when a response schema is set.\n");
        }
        return new GenerationConfig(type.equals("application/json"), schema);
    }

    // ---- proto JSON names ----

    /** Every field of {@code node} is one of {@code allowed} (camelCase; the snake_case spelling is accepted too). */
    static void fields(JsonNode node, Set<String> allowed, String path) throws Rejected {
        if (!node.isObject()) {
            throw invalidValue(path == null ? "" : path, node);
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                String where = path == null ? "" : " at '" + path + '\'';
                throw invalidPayload("Invalid JSON payload received. Unknown name \"" + name + '"' + where
                        + ": Cannot find field.", path);
            }
        }
    }

    /** The value of camelCase field {@code name}, under either of its JSON names. */
    static JsonNode field(JsonNode node, String name) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(name);
        return v != null ? v : node.get(snake(name));
    }

    static Rejected invalidPayload(String message, String field) {
        return new Rejected(400, message, field);
    }

    private static Rejected invalidValue(String path, JsonNode value) {
        return Rejected.badRequest("Invalid value at '" + path + "', " + (value == null ? "null" : value.toString()));
    }

    /** {@code names} in camelCase and snake_case. */
    static Set<String> names(String... names) {
        Set<String> out = new java.util.HashSet<>();
        for (String n : names) {
            out.add(n);
            out.add(snake(n));
        }
        return Set.copyOf(out);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return out;
    }

    static String snake(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String camel(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
