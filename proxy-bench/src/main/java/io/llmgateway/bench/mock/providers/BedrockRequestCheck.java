package io.llmgateway.bench.mock.providers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;

/**
 * What Bedrock's Converse API refuses with 400 {@code ValidationException} (providers.md 7.3), so
 * that the mock's answer proves the gateway's request was acceptable: unknown top-level keys (the
 * model and {@code stream} belong in the URL), messages that do not start with a user turn or do
 * not alternate, content blocks that are not exactly one known union member, empty text, images
 * in another format than png, jpeg, gif or webp, tool blocks without a {@code toolConfig}, tool
 * specs without a name or {@code inputSchema.json} or with an empty description, unknown
 * {@code inferenceConfig} keys, a {@code toolChoice} that is not exactly one of {@code auto},
 * {@code any}, {@code tool} or names no declared tool, and {@code any} or {@code tool} for a model
 * that cannot be forced to call a tool (only Anthropic, Mistral Large and Amazon Nova models can:
 * how JSON mode, a forced tool, fails on the others). Stateless.
 */
final class BedrockRequestCheck {

    private static final Set<String> TOP_LEVEL = Set.of("messages", "system", "inferenceConfig", "toolConfig",
            "guardrailConfig", "additionalModelRequestFields", "promptVariables", "additionalModelResponseFieldPaths",
            "requestMetadata", "performanceConfig", "serviceTier", "outputConfig");
    private static final Set<String> BLOCKS = Set.of("text", "image", "document", "video", "audio", "toolUse",
            "toolResult", "guardContent", "cachePoint", "reasoningContent", "citationsContent", "searchResult");
    private static final Set<String> INFERENCE = Set.of("maxTokens", "temperature", "topP", "stopSequences");
    private static final Set<String> TOOL_CHOICES = Set.of("auto", "any", "tool");
    private static final Set<String> IMAGE_FORMATS = Set.of("png", "jpeg", "gif", "webp");

    /** A request the API accepts: the tool the mock "model" calls (null for a text answer), and whether it writes text first. */
    record Checked(JsonNode tool, boolean preface) {
    }

    private BedrockRequestCheck() {
    }

    static Checked check(JsonNode body, String model) throws Rejected {
        if (!body.isObject()) {
            throw invalid("The request body must be a JSON object.");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!TOP_LEVEL.contains(key)) {
                throw invalid("Malformed input request: extraneous key [" + key + "] is not permitted, please "
                        + "reformat your input and try again.");
            }
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw invalid("The messages field is required and must not be empty.");
        }
        boolean toolBlocks = false;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asText();
            String expected = i % 2 == 0 ? "user" : "assistant";
            if (!role.equals(expected)) {
                throw invalid(i == 0 ? "A conversation must start with a user message. Try again with a conversation "
                        + "that starts with a user message." : "A conversation must alternate between user and "
                        + "assistant roles. Make sure the conversation alternates between user and assistant roles "
                        + "and try again.");
            }
            JsonNode content = m.get("content");
            if (content == null || !content.isArray() || content.isEmpty()) {
                throw invalid("messages." + i + ".content: must be a non-empty list of content blocks");
            }
            for (JsonNode b : content) {
                toolBlocks |= checkBlock(b, "messages." + i);
            }
        }
        JsonNode system = body.get("system");
        if (system != null) {
            for (JsonNode b : system) {
                if (b.size() != 1 || !(b.has("text") || b.has("cachePoint") || b.has("guardContent"))) {
                    throw invalid("system: each block must hold exactly one of text, cachePoint, guardContent");
                }
                if (b.has("text") && b.get("text").asText().isBlank()) {
                    throw invalid("system: text content blocks must be non-empty.");
                }
            }
        }
        JsonNode inference = body.path("inferenceConfig");
        for (Iterator<String> it = inference.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!INFERENCE.contains(key)) {
                throw invalid("inferenceConfig: extraneous key [" + key + "] is not permitted");
            }
        }
        JsonNode toolConfig = body.get("toolConfig");
        if (toolBlocks && toolConfig == null) {
            throw invalid("The toolConfig field must be defined when using toolUse and toolResult content blocks.");
        }
        return toolConfig == null ? new Checked(null, false) : tool(toolConfig, messages, model);
    }

    private static boolean checkBlock(JsonNode b, String where) throws Rejected {
        if (!b.isObject() || b.size() != 1 || !BLOCKS.contains(b.fieldNames().next())) {
            throw invalid(where + ".content: each block must hold exactly one of " + BLOCKS + ", got " + b);
        }
        String kind = b.fieldNames().next();
        JsonNode v = b.get(kind);
        switch (kind) {
            case "text" -> {
                if (!v.isTextual() || v.asText().isBlank()) {
                    throw invalid("The text field in the ContentBlock object at " + where + " is blank. Add text to the "
                            + "text field, and try again.");
                }
            }
            case "image" -> {
                if (!IMAGE_FORMATS.contains(v.path("format").asText()) || !v.path("source").path("bytes").isTextual()) {
                    throw invalid(where + ".image: format must be png, jpeg, gif or webp, with source.bytes");
                }
            }
            case "toolUse" -> {
                if (!v.path("toolUseId").isTextual() || !v.path("name").isTextual() || !v.path("input").isObject()) {
                    throw invalid(where + ".toolUse: toolUseId, name and an input object are required");
                }
                return true;
            }
            case "toolResult" -> {
                if (!v.path("toolUseId").isTextual() || !v.path("content").isArray()) {
                    throw invalid(where + ".toolResult: toolUseId and content are required");
                }
                for (JsonNode c : v.get("content")) {
                    if (c.has("text") && c.get("text").asText().isEmpty()) {
                        throw invalid(where + ".toolResult: text content blocks must be non-empty.");
                    }
                }
                return true;
            }
            default -> {
            }
        }
        return false;
    }

    /** The tool the "model" calls: the forced one, else the first, unless the last user turn is a tool result. */
    private static Checked tool(JsonNode toolConfig, JsonNode messages, String model) throws Rejected {
        JsonNode tools = toolConfig.get("tools");
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            throw invalid("toolConfig.tools: must be a non-empty list");
        }
        for (JsonNode t : tools) {
            JsonNode spec = t.get("toolSpec");
            if (spec == null || !spec.path("name").isTextual() || !spec.path("inputSchema").path("json").isObject()) {
                throw invalid("toolConfig.tools: each toolSpec needs a name and inputSchema.json");
            }
            if (spec.has("description") && spec.get("description").asText().isEmpty()) {
                throw invalid("toolConfig.tools: a toolSpec description must not be empty");
            }
        }
        JsonNode choice = toolConfig.path("toolChoice");
        if (!choice.isMissingNode()) {
            String kind = choice.size() == 1 ? choice.fieldNames().next() : "";
            if (!TOOL_CHOICES.contains(kind) || !choice.get(kind).isObject()) {
                throw invalid("toolConfig.toolChoice: must hold exactly one of " + TOOL_CHOICES + ", got " + choice);
            }
            if (!kind.equals("auto") && !forcesTools(model)) {
                throw invalid("This model doesn't support the toolConfig.toolChoice." + kind + " field. Remove "
                        + "toolConfig.toolChoice." + kind + " and try again.");
            }
        }
        JsonNode chosen = tools.get(0).get("toolSpec");
        if (choice.has("tool")) {
            String name = choice.path("tool").path("name").asText();
            chosen = null;
            for (JsonNode t : tools) {
                if (t.path("toolSpec").path("name").asText().equals(name)) {
                    chosen = t.get("toolSpec");
                }
            }
            if (chosen == null) {
                throw invalid("toolConfig.toolChoice: tool " + name + " is not in toolConfig.tools");
            }
        }
        JsonNode lastTurn = messages.get(messages.size() - 1).get("content");
        for (JsonNode b : lastTurn) {
            if (b.has("toolResult")) {
                return new Checked(null, false);
            }
        }
        return new Checked(chosen, choice.has("auto") || choice.isMissingNode());
    }

    /** Whether {@code toolChoice} {@code any} or {@code tool} is allowed: Anthropic, Mistral Large and Nova models (with or without an inference-profile prefix). */
    private static boolean forcesTools(String model) {
        return model.contains("anthropic.") || model.contains("mistral.mistral-large") || model.contains("amazon.nova");
    }

    private static Rejected invalid(String message) {
        return new Rejected(400, message, null);
    }
}
